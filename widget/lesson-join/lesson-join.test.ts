/** Each role in each state of a lesson, as the Worker describes it (recorded answers), as a person sees it. */
import { expect } from '@open-wc/testing';
import {
  button,
  cleanup,
  linkOf,
  links,
  mount,
  part,
  recorded,
  seen,
  serve,
  variant,
} from '../../test/browser/lesson-api';
import './define';

describe('<lesson-join> for students and parents', () => {
  afterEach(cleanup);

  it('upcoming: a countdown, when joining opens, the meeting ID and passcode, Copy link and Show QR code, but no Join link yet', async () => {
    const el = await mount(linkOf('upcoming', 'student'));
    expect(seen(el)).to.include('Chemistry').and.include('with Ms Rivera');
    const heading = part(el, 'heading')!;
    expect([heading.localName, heading.innerText]).to.deep.equal(['h2', 'Chemistry']);
    expect(part(el, 'badge')!.innerText).to.equal('Zoom');
    expect(part(el, 'state')!.innerText).to.equal('Starts in 2 days. Joining opens 10 minutes before.');
    expect(part(el, 'meeting-id')!.innerText).to.equal('Meeting ID: 857 4606 5432');
    expect(part(el, 'passcode')!.innerText).to.equal('Passcode: Zx7Qp2Lm');
    expect(links(el)).to.have.length(0);
    expect(button(el, 'Copy link')).to.exist;
    expect(button(el, 'Show QR code')!.getAttribute('aria-expanded')).to.equal('false');
    expect(part(el, 'time')!.querySelector('time')!.dateTime).to.equal('2030-05-03T14:00:00.000Z');
    await expect(el).to.be.accessible();
  });

  it('writes the meeting ID in the groups Zoom uses, as text to select and paste', async () => {
    const el = await mount(linkOf('open', 'student'));
    const digits = part(el, 'meeting-id')!.querySelector('strong')!;
    expect(getComputedStyle(digits).userSelect).to.equal('all');
    getSelection()!.selectAllChildren(digits);
    expect(getSelection()!.toString()).to.equal('857 4606 5432');
    getSelection()!.removeAllRanges();
    const ten = await mount(await serve(variant('open', 'student', { meeting_number: '8574606543' })));
    expect(part(ten, 'meeting-id')!.innerText).to.equal('Meeting ID: 857 460 6543');
    const es = await mount(linkOf('open', 'student'), { lang: 'es' });
    expect(part(es, 'meeting-id')!.innerText).to.equal('ID de reunión: 857 4606 5432');
    await expect(es).to.be.accessible();
  });

  it('open: a Join link to the stable lesson URL that opens safely in a new tab', async () => {
    const el = await mount(linkOf('open', 'student'));
    const [join] = links(el);
    expect(links(el)).to.have.length(1);
    expect(join!.innerText).to.equal('Join lesson');
    expect(join!.href).to.equal(recorded.open!.student.url);
    expect(join!.rel).to.equal('noopener noreferrer');
    expect(join!.target).to.equal('_blank');
    expect(part(el, 'state')!.innerText).to.equal('Starts in 5 minutes. You can join now.');
    expect(part(el, 'live')).to.be.null;
    await expect(el).to.be.accessible();
  });

  it('past the start, before Zoom says the tutor started: waiting for the tutor, never "Live now"', async () => {
    for (const role of ['student', 'parent'] as const) {
      const el = await mount(linkOf('waiting', role));
      expect(part(el, 'state')!.innerText).to.equal('Waiting for your tutor to start.');
      expect(part(el, 'live')).to.be.null;
      expect(links(el)[0]!.href).to.equal(recorded.waiting![role].url);
      await expect(el).to.be.accessible();
    }
    const es = await mount(linkOf('waiting', 'student'), { lang: 'es' });
    expect(part(es, 'state')!.innerText).to.equal('Esperando a que tu docente empiece.');
  });

  it('tells the page when someone joins', async () => {
    const el = await mount(linkOf('live', 'parent'));
    const joined = new Promise<CustomEvent>((r) =>
      document.addEventListener('lj-join', (e) => r(e as CustomEvent), { once: true }),
    );
    const join = links(el)[0]!;
    join.addEventListener('click', (e) => e.preventDefault(), { once: true }); // stay on the test page
    join.click();
    expect((await joined).detail).to.deep.equal({ role: 'parent', url: recorded.live!.parent.url });
  });

  it('live: says so, and the Join link stays', async () => {
    for (const role of ['student', 'parent'] as const) {
      const el = await mount(linkOf('live', role));
      expect(part(el, 'live')!.innerText).to.equal('Live now');
      expect(links(el)[0]!.href).to.equal(recorded.live![role].url);
      await expect(el).to.be.accessible();
    }
  });

  it('parents read whose lesson it is', async () => {
    const el = await mount(linkOf('open', 'parent'));
    expect(seen(el)).to.include('Lucía with Ms Rivera');
    expect(links(el)[0]!.href).to.equal(recorded.open!.parent.url);
    expect(part(el, 'passcode')!.innerText).to.equal('Passcode: Zx7Qp2Lm');
  });

  it('ended: no link, no meeting ID or passcode, nothing to copy; and never a word about recordings', async () => {
    for (const scenario of ['ended', 'recorded']) {
      const el = await mount(linkOf(scenario, 'student'));
      expect(part(el, 'state')!.innerText).to.equal('This lesson has ended.');
      expect(links(el)).to.have.length(0);
      expect(el.shadowRoot!.querySelectorAll('button')).to.have.length(0);
      expect(part(el, 'passcode')).to.be.null;
      expect(part(el, 'meeting-id')).to.be.null;
      await expect(el).to.be.accessible();
    }
  });

  it('cancelled: says so and offers nothing to open or copy', async () => {
    const el = await mount(linkOf('cancelled', 'parent'));
    expect(part(el, 'state')!.innerText).to.equal('This lesson was cancelled.');
    expect(links(el)).to.have.length(0);
    expect(el.shadowRoot!.querySelectorAll('button')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('unpaid, and a link still being prepared: says what is happening', async () => {
    expect(part(await mount(linkOf('unpaid', 'student')), 'state')!.innerText).to.equal(
      'Awaiting payment: the meeting link appears here once the lesson is paid.',
    );
    const preparing = await mount(linkOf('preparing', 'student'));
    expect(part(preparing, 'state')!.innerText).to.equal('The meeting link is being prepared.');
    expect(links(preparing)).to.have.length(0);
    await expect(preparing).to.be.accessible();
  });

  it("no meeting provider yet: fallback instructions, with the tutor's own words", async () => {
    const el = await mount(linkOf('no_link', 'student'), {
      html: '<p slot="no-link">Text me on 600 000 000 and I will send the room.</p>',
    });
    expect(part(el, 'state')!.innerText).to.include('No meeting link yet: Ms Rivera will send you one.');
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="no-link"]')!;
    expect(slot.assignedElements()[0]!.textContent).to.equal('Text me on 600 000 000 and I will send the room.');
    expect(links(el)).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('a Google Meet lesson shows its provider and no meeting ID or passcode', async () => {
    const el = await mount(linkOf('meet', 'student'));
    expect(part(el, 'badge')!.innerText).to.equal('Google Meet');
    expect(part(el, 'passcode')).to.be.null;
    expect(part(el, 'meeting-id')).to.be.null;
    expect(links(el)[0]!.href).to.equal(recorded.meet!.student.url);
  });

  it('a Microsoft Teams lesson shows its provider', async () => {
    const el = await mount(linkOf('teams', 'student'));
    expect(part(el, 'badge')!.innerText).to.equal('Microsoft Teams');
    expect(links(el)[0]!.href).to.equal(recorded.teams!.student.url);
  });
});

describe('<lesson-join> for the tutor', () => {
  afterEach(cleanup);

  it("open: a Start link to their own stable URL, the student's and the parent's links to copy, no QR code", async () => {
    const el = await mount(linkOf('open', 'tutor'));
    expect(seen(el)).to.include('with Lucía');
    const [start] = links(el);
    expect(start!.innerText).to.equal('Start lesson');
    expect(start!.href).to.equal(recorded.open!.tutor.url);
    expect(button(el, 'Copy student link')).to.exist;
    expect(button(el, 'Copy parent link')).to.exist;
    expect(button(el, /QR/)).to.be.null;
    await expect(el).to.be.accessible();
  });

  it('waiting: the tutor is told to start, with the Start link', async () => {
    const el = await mount(linkOf('waiting', 'tutor'));
    expect(part(el, 'state')!.innerText).to.equal('Start the lesson: your student may be waiting.');
    expect(links(el)[0]!.innerText).to.equal('Start lesson');
    expect(part(el, 'live')).to.be.null;
    await expect(el).to.be.accessible();
  });

  it('live: the tutor sees "Live now" too', async () => {
    const el = await mount(linkOf('live', 'tutor'));
    expect(part(el, 'live')!.innerText).to.equal('Live now');
    await expect(el).to.be.accessible();
  });

  it('upcoming: can already share the student link', async () => {
    const el = await mount(linkOf('upcoming', 'tutor'));
    expect(links(el)).to.have.length(0);
    expect(button(el, 'Copy student link')).to.exist;
  });

  it('ended with a recording: says the recording is ready', async () => {
    const el = await mount(linkOf('recorded', 'tutor'));
    expect(part(el, 'state')!.innerText).to.equal('This lesson has ended. Its recording is ready in Zoom.');
    expect(part(await mount(linkOf('ended', 'tutor')), 'state')!.innerText).to.equal('This lesson has ended.');
  });

  it('no meeting provider yet: says what to set up', async () => {
    const el = await mount(linkOf('no_link', 'tutor'));
    expect(part(el, 'state')!.innerText).to.equal('No meeting provider is ready: connect Zoom or set a backup link.');
    await expect(el).to.be.accessible();
  });
});
