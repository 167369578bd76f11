/** A person's link (a student's, a parent's, a tutor's): the next lesson as the card, the others below it. */
import { expect } from '@open-wc/testing';
import {
  type Answer,
  button,
  cleanup,
  focusPage,
  linkOf,
  mount,
  part,
  recorded,
  serve,
  type View,
  variant,
} from '../../test/browser/lesson-api';
import { waitFor } from '../../test/suites/wait-for';
import type { LessonJoin } from './lesson-join';
import { type Person, toView } from './read-lesson';
import './define';

const person = (role: 'tutor' | 'student' | 'parent') => recorded.person![role] as unknown as { lessons: View[] };
const lessonOf = (role: 'tutor' | 'student' | 'parent', id: string) => person(role).lessons.find((l) => l.id === id)!;
/** Each list's heading, and the text of each of its lessons, whitespace collapsed. */
const lists = (el: LessonJoin) =>
  [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="list-heading"]')].map((h) => ({
    heading: h.innerText,
    items: [...h.nextElementSibling!.querySelectorAll<HTMLElement>('[part~="item"]')].map((li) =>
      li.innerText.replace(/\s+/g, ' ').trim(),
    ),
  }));
const items = (el: LessonJoin) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="item"]')];
const next = (el: LessonJoin) => part(el, 'next')!;

describe("<lesson-join> with a person's link", () => {
  afterEach(cleanup);

  it("a student's: the next lesson is the card (Join, meeting ID, Copy, QR), the later ones below, no past ones", async () => {
    const el = await mount(linkOf('person', 'student'));
    const card = next(el);
    expect(card.querySelector<HTMLElement>('[part~="heading"]')!.innerText).to.equal('Chemistry');
    expect(card.querySelector<HTMLElement>('[part~="state"]')!.innerText).to.equal(
      'Starts in 5 minutes. You can join now.',
    );
    expect(card.querySelector<HTMLAnchorElement>('[part~="join"]')!.href).to.equal(
      lessonOf('student', 'bk_person1').url,
    );
    expect(card.querySelector<HTMLElement>('[part~="meeting-id"]')!.innerText).to.equal('Meeting ID: 857 4606 5432');
    expect(button(el, 'Copy link')).to.exist;
    expect(button(el, 'Show QR code')).to.exist;
    const [later, ...more] = lists(el);
    expect(more).to.deep.equal([]);
    expect(later!.heading).to.equal('Later lessons');
    expect(later!.items).to.have.length(4);
    expect(later!.items[0]).to.match(/^Chemistry Sun, May 5, 2:00 – 2:50\sPM UTC with Ms Rivera$/);
    expect(later!.items[1]).to.match(/with Mr Okafor$/);
    expect(later!.items[2]).to.match(/with Ms Rivera · Awaiting payment$/);
    expect(later!.items[3]).to.match(/with Ms Rivera · Cancelled$/);
    // Each later lesson opens its own page; a cancelled one has none to open.
    const titles = items(el).map((li) => li.querySelector('a')?.href ?? null);
    expect(titles).to.deep.equal([
      lessonOf('student', 'bk_person2').url,
      lessonOf('student', 'bk_person8').url,
      lessonOf('student', 'bk_person3').url,
      null,
    ]);
    await expect(el).to.be.accessible();
  });

  it("a parent's: their child's lessons, then the past ones, never a word about recordings", async () => {
    const el = await mount(linkOf('person', 'parent'));
    expect(next(el).innerText).to.include('Lucía with Ms Rivera');
    const [later, past] = lists(el);
    expect(later!.items).to.have.length(4);
    expect(past!.heading).to.equal('Past lessons');
    expect(past!.items).to.have.length(2);
    // Each past lesson says who came and when, and the recent one that the tutor's note is ready.
    expect(past!.items).to.deep.equal([
      'Chemistry Wed, May 1, 2:00 – 2:50 PM UTC Lucía with Ms Rivera · Ended Attendance: Ms Rivera: on time · Lucía: 7 min late Ms Rivera’s note on this lesson is ready.',
      'Chemistry Fri, Apr 26, 2:00 – 2:50 PM UTC Lucía with Ms Rivera · Ended Attendance: Ms Rivera: on time · Lucía: did not come',
    ]);
    expect(el.shadowRoot!.innerHTML).to.not.match(/[Rr]ecording|draft/);
    expect(el.shadowRoot!.querySelectorAll('[part~="item"] button')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it("a tutor's: Start on the card, Copy student link and Copy parent link for every lesson coming, recording ready in the past", async () => {
    const el = await mount(linkOf('person', 'tutor'));
    const card = next(el);
    expect(card.innerText).to.include('with Lucía');
    expect(card.querySelector<HTMLAnchorElement>('[part~="join"]')!.innerText).to.equal('Start lesson');
    expect([...card.querySelectorAll('button')].map((b) => b.innerText)).to.deep.equal([
      'Copy student link',
      'Copy parent link',
      'Add to calendar',
    ]);
    const [later, past] = lists(el);
    expect(later!.items.map((text) => text.replace(/ Copy student link Copy parent link$/, ''))).to.have.length(4);
    expect(later!.items[0]).to.match(/with Max Copy student link Copy parent link$/);
    expect(
      items(el)
        .slice(0, 3)
        .map((li) => li.querySelectorAll('button').length),
    ).to.deep.equal([2, 2, 2]);
    // Cancelled: nothing to share.
    expect(items(el)[3]!.querySelectorAll('button')).to.have.length(0);
    expect(past!.items[0]).to.match(
      /with Lucía · Ended · Recording ready Attendance: Ms Rivera: on time · Lucía: 7 min late Your lesson note is final: the family can read it\.$/,
    );
    expect(past!.items[1]).to.match(
      /with Lucía · Ended Attendance: Ms Rivera: on time · Lucía: did not come Your lesson note is a draft: finish it on the lesson’s page\.$/,
    );
    await expect(el).to.be.accessible();
  });

  it("copies a later lesson's student link, and names which lesson each button is for", async () => {
    await focusPage();
    await navigator.clipboard.writeText('');
    const el = await mount(linkOf('person', 'tutor'));
    const max = items(el)[0]!;
    const copy = max.querySelector('button')!;
    const title = el.shadowRoot!.getElementById(copy.getAttribute('aria-describedby')!)!;
    expect(title.innerText).to.equal('Chemistry');
    expect(title.closest('[part~="item"]')).to.equal(max);
    copy.click();
    await waitFor(() => part(el, 'status')!.innerText.trim() === 'Link copied.', { what: '"Link copied." announced' });
    expect(await navigator.clipboard.readText()).to.equal(lessonOf('tutor', 'bk_person7').student_url);
  });

  it("attendance not yet final says so; a student's list never shows verdicts, even sent one", async () => {
    const parent = variant('person', 'parent') as unknown as Answer & { lessons: (View & { attendance: object })[] };
    const recent = parent.lessons.find((l) => l.id === 'bk_person5')!;
    recent.attendance = { ...recent.attendance, final: false };
    const el = await mount(await serve(parent));
    expect(part(el, 'attendance')!.innerText).to.equal(
      'Attendance: Ms Rivera: on time · Lucía: 7 min late (Final a few minutes after the lesson ends.)',
    );
    const student = variant('person', 'student') as unknown as Answer & { lessons: View[] };
    student.lessons = student.lessons.map((l) => ({ ...l, attendance: recent.attendance, note: { status: 'final' } }));
    const read = toView(student) as Person;
    expect(read.lessons.map((l) => [l.attendance, l.note, l.summary_ready])).to.deep.equal(
      student.lessons.map(() => [null, null, false]),
    );
  });

  it('limit: that many lessons in each list, and how many more there are', async () => {
    const el = await mount(linkOf('person', 'parent'), { attributes: { limit: '1' } });
    const [later, past] = lists(el);
    expect([later!.items.length, past!.items.length]).to.deep.equal([1, 1]);
    expect(el.shadowRoot!.querySelector<HTMLElement>('[part~="list"] + p')!.innerText).to.equal('3 more not shown.');
  });

  it('layout="compact": the next lesson and the later ones, no past ones', async () => {
    const el = await mount(linkOf('person', 'parent'), { attributes: { layout: 'compact' } });
    expect(lists(el).map((l) => l.heading)).to.deep.equal(['Later lessons']);
    expect(next(el)).to.exist;
    await expect(el).to.be.accessible();
  });

  it('nothing coming: says so, and a parent still sees the past lessons', async () => {
    const view = variant('person', 'parent') as unknown as Answer & { lessons: View[] };
    view.lessons = view.lessons.filter((l) => l.phase === 'ended');
    const el = await mount(await serve(view));
    expect(part(el, 'next')).to.be.null;
    expect(part(el, 'message')!.innerText).to.equal('No lessons coming up.');
    expect(lists(el).map((l) => l.heading)).to.deep.equal(['Past lessons']);
    const none = variant('person', 'student') as unknown as Answer & { lessons: View[] };
    none.lessons = [];
    const empty = await mount(await serve(none), { lang: 'es' });
    expect(part(empty, 'message')!.innerText).to.equal('No hay clases próximas.');
    expect(lists(empty)).to.deep.equal([]);
    await expect(empty).to.be.accessible();
  });

  it('speaks Spanish, lists included', async () => {
    const el = await mount(linkOf('person', 'tutor'), { lang: 'es' });
    expect(next(el).querySelector<HTMLElement>('[part~="join"]')!.innerText).to.equal('Iniciar la clase');
    expect(lists(el).map((l) => l.heading)).to.deep.equal(['Próximas clases', 'Clases pasadas']);
    expect(lists(el)[1]!.items[0]).to.match(
      /Terminada · Grabación lista Asistencia: Ms Rivera: puntual · Lucía: 7 min tarde Tu nota de la clase es definitiva: la familia puede leerla\.$/,
    );
    expect(lists(el)[0]!.items[3]).to.match(/Cancelada$/);
  });

  it('tells the page the person and the lesson on the card', async () => {
    const loaded = new Promise<CustomEvent>((done) =>
      document.addEventListener('lj-loaded', (e) => done(e as CustomEvent), { once: true }),
    );
    await mount(await serve(variant('person', 'student')));
    const { detail } = await loaded;
    expect(detail.lesson.id).to.equal('bk_person1');
    expect(detail.person.lessons).to.have.length(7);
  });

  it("a lesson that is not the person's role, or not a lesson, is left out; a start link is never shown", async () => {
    const view = variant('person', 'parent') as unknown as Answer & { lessons: View[] };
    const start = 'https://us06web.zoom.us/s/85746065432?zak=eyJ0eXAiOiJKV1Qi';
    view.lessons = [
      { ...view.lessons[0]!, role: 'tutor', service_name: 'Not yours' },
      { ...view.lessons[1]!, url: start, student_url: start },
      { ...view.lessons[2]!, phase: 'teleported' as never },
      ...view.lessons.slice(3),
    ];
    const el = await mount(await serve(view));
    expect(el.shadowRoot!.innerHTML).to.not.match(/zak|\/s\/\d|Not yours|teleported/);
    expect(next(el).querySelector('[part~="join"]')).to.be.null;
  });
});
