/**
 * <lesson-join> as tutors use it: one script tag pointing at the running product (`npm start`:
 * wrangler dev, local D1, the Zoom sandbox), on a page of another origin, reading real lessons.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { LessonJoin } from '../../widget/lesson-join/lesson-join';
import { showPageAgain } from './lesson-api';
import { readQr } from './read-qr';
import { waitFor } from '../suites/wait-for';

type Links = Record<'tutor' | 'student' | 'parent', { id: string; url: string }>;
const idOf = (l: { url: string }) => l.url.split('/l/')[1]!;
let api: string;
let first: Links;

/**
 * A paid lesson; its tutor allows this page's origin, as a tutor allows their own dashboard, unless
 * `allowHere` is false.
 */
const seed = (startsInMinutes: number, allowHere = true) =>
  executeServerCommand<{ api: string; links: Links }, { startsInMinutes: number; tutorOrigin?: string }>(
    'lesson-join:seed',
    { startsInMinutes, ...(allowHere && { tutorOrigin: location.origin }) },
  );
const fromWorker = () =>
  performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((name) => name.startsWith(api));

/** `<lesson-join link="…">` on this page, once it has read its lesson (or, with `outcome`, failed to). */
async function show(
  link: string,
  parent: HTMLElement = document.body,
  outcome: 'lj-loaded' | 'lj-error' = 'lj-loaded',
): Promise<LessonJoin> {
  const el = document.createElement('lesson-join');
  el.setAttribute('link', link);
  let done = false;
  el.addEventListener(outcome, () => (done = true), { once: true });
  parent.append(el);
  await waitFor(() => done, {
    what: `${outcome} from <lesson-join> reading its lesson from the Worker`,
    timeout: 15_000,
  });
  await el.updateComplete;
  return el;
}

const message = (el: LessonJoin) =>
  waitFor(() => el.shadowRoot!.querySelector<HTMLElement>('[aria-busy="false"] [part~="message"]')?.textContent, {
    what: "the card's message, once its words have loaded",
  });

describe('<lesson-join> served by the Worker', function () {
  this.timeout(150_000);

  before(async () => {
    const product = () => executeServerCommand<{ ready: boolean }, undefined>('lesson-join:product');
    await waitFor(async () => (await product()).ready, { what: 'npm start to be ready', timeout: 120_000, every: 250 });
    ({ api, links: first } = await seed(5));
    // What a tutor pastes.
    const script = Object.assign(document.createElement('script'), {
      type: 'module',
      src: `${api}/widget/lesson-join.js`,
    });
    const loaded = new Promise((ok, fail) => {
      script.addEventListener('load', ok);
      script.addEventListener('error', fail);
    });
    document.head.append(script);
    await loaded;
    await customElements.whenDefined('lesson-join');
  });
  afterEach(() => document.body.replaceChildren());

  it('reads the lesson from the API it was served by, with the main module and its English words only', async () => {
    const el = await show(idOf(first.student));
    const join = el.shadowRoot!.querySelector<HTMLAnchorElement>('a[part~="join"]')!;
    expect(join.href).to.equal(first.student.url);
    expect(join.href.startsWith(`${api}/l/`)).to.be.true;
    const loaded = fromWorker();
    expect(loaded.some((u) => u.endsWith('/widget/lesson-join.js'))).to.be.true;
    expect(loaded.some((u) => new URL(u).pathname === '/api/lessons')).to.be.true;
    // No shared runtime chunk, no qrcode, no calendar, no words for problems or a person's list: the
    // English strings, the page's link store, the drawing of a lesson and a person's list (asked
    // for with the store, so a page of person links does not wait for it after the read).
    const chunks = loaded.filter((u) => u.includes('/widget/chunks/')).sort();
    expect(chunks).to.have.length(4);
    expect(chunks[0]).to.match(/\/widget\/chunks\/lesson-card-[\w-]+\.js$/);
    expect(chunks[1]).to.match(/\/widget\/chunks\/lesson-store-[\w-]+\.js$/);
    expect(chunks[2]).to.match(/\/widget\/chunks\/person-list-[\w-]+\.js$/);
    expect(chunks[3]).to.match(/\/widget\/chunks\/strings\.en-[\w-]+\.js$/);
    // A cross-origin fetch that succeeds is one the script's CORS headers allowed.
    expect((await fetch(`${api}/widget/lesson-join.js`)).headers.get('content-type')).to.match(/javascript/);
  });

  it('loads the QR code chunk only when asked, and the code reads as the real stable lesson URL', async () => {
    const el = await show(idOf(first.parent));
    const qrChunks = () => fromWorker().filter((u) => /\/widget\/chunks\/qr-code-/.test(u));
    const before = fromWorker().filter((u) => u.includes('/widget/chunks/'));
    expect(qrChunks()).to.deep.equal([]);
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[part~="qr-toggle"]')!.click();
    const svg = await waitFor(() => el.shadowRoot!.querySelector<SVGSVGElement>('[part~="qr"] svg'), {
      what: 'the QR code drawn from the chunk the Worker serves',
    });
    const chunks = fromWorker().filter((u) => u.includes('/widget/chunks/'));
    expect(chunks.length).to.equal(before.length + 1);
    expect(qrChunks()).to.have.length(1);
    expect(await readQr(svg, 480)).to.equal(first.parent.url);
  });

  it("adds the lesson to a calendar from the Worker's own file, read across origins, for the student and the tutor", async () => {
    for (const role of ['student', 'tutor'] as const) {
      let lesson: { starts_at: string; ends_at: string } | undefined;
      const loaded = (e: Event) => (lesson = (e as CustomEvent).detail.lesson);
      document.addEventListener('lj-loaded', loaded, { once: true });
      const el = await show(idOf(first[role]));
      el.shadowRoot!.querySelector<HTMLButtonElement>('button[part~="calendar-toggle"]')!.click();
      const google = await waitFor(
        () => el.shadowRoot!.querySelector<HTMLAnchorElement>('a[part~="google-calendar"]'),
        { what: `the ${role}'s Google Calendar link, made from the file the Worker served` },
      );
      const file = el.shadowRoot!.querySelector<HTMLAnchorElement>('a[part~="calendar-file"]')!;
      expect(file.href).to.equal(`${first[role].url}.ics`);
      const params = new URL(google.href).searchParams;
      const instant = (iso: string) => new Date(iso).toISOString().replace(/[-:]|\.\d{3}/g, '');
      expect(params.get('dates')).to.equal(`${instant(lesson!.starts_at)}/${instant(lesson!.ends_at)}`);
      expect(params.get('location')).to.equal(first[role].url);
      expect(params.get('details')).to.contain(first[role].url);
      if (role === 'student') expect(google.href).not.to.match(/zak|%2Fs%2F\d|\/s\/\d/i);
      document.body.replaceChildren();
    }
  });

  it("gives the tutor a Start link and copies the student's real link", async () => {
    const el = await show(idOf(first.tutor));
    const start = el.shadowRoot!.querySelector<HTMLAnchorElement>('a[part~="join"]')!;
    expect(start.href).to.equal(first.tutor.url);
    expect(start.textContent).to.equal('Start lesson');
    const copied = new Promise<CustomEvent>((r) =>
      el.addEventListener('lj-copy', (e) => r(e as CustomEvent), { once: true }),
    );
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[part~="copy"]')!.click();
    expect((await copied).detail.url).to.equal(first.student.url);
    expect(await navigator.clipboard.readText()).to.equal(first.student.url);
    await expect(el).to.be.accessible();
  });

  it('speaks Spanish on a Spanish page, with the strings of its own chunk', async () => {
    const page = Object.assign(document.createElement('div'), { lang: 'es' });
    document.body.append(page);
    const el = await show(idOf(first.student), page);
    await waitFor(() => el.shadowRoot!.querySelector('[lang="es"]'), { what: 'the element to speak Spanish' });
    expect(el.shadowRoot!.querySelector('a[part~="join"]')!.textContent).to.equal('Unirse a la clase');
    expect(el.shadowRoot!.querySelector('button[part~="copy"]')!.textContent).to.equal('Copiar enlace');
    expect(el.shadowRoot!.querySelector('[part~="state"]')!.textContent).to.match(/^Empieza /);
    expect(fromWorker().some((u) => /\/widget\/chunks\/strings\.es-/.test(u))).to.be.true;
  });

  it('counts down to a lesson in two days, with no Join link yet', async () => {
    const { links } = await seed(2 * 24 * 60);
    const el = await show(idOf(links.student));
    expect(el.shadowRoot!.querySelector('[part~="state"]')!.textContent).to.match(/^Starts in 2 days\./);
    expect(el.shadowRoot!.querySelector('a')).to.be.null;
  });

  it("takes the whole link as pasted with its fallback, and reads the API on the link's own origin", async () => {
    const page = document.createElement('div');
    page.innerHTML = `<lesson-join link="${first.student.url}"><a href="${first.student.url}">Join the lesson</a></lesson-join>`;
    const el = page.querySelector('lesson-join')!;
    document.body.append(page);
    // The answer may come from the page's store before this card's words have loaded: wait for the card.
    const join = await waitFor(() => el.shadowRoot!.querySelector<HTMLAnchorElement>('a[part~="join"]'), {
      what: 'the Join link of the card pasted with its fallback',
    });
    expect(join.href).to.equal(first.student.url);
    expect(el.querySelector('a')!.checkVisibility()).to.be.false;
  });

  it("on a site the tutor did not allow, the tutor's card says it is private and offers no Start", async () => {
    const { links } = await seed(5, false);
    const el = await show(idOf(links.tutor), document.body, 'lj-error');
    expect(await message(el)).to.match(/^This card is the tutor's private link/);
    expect(el.shadowRoot!.querySelector('a')).to.be.null;
    expect(el.shadowRoot!.querySelector('button')).to.be.null;
    await expect(el).to.be.accessible();
    // The student's link of the same lesson works here.
    const student = await show(idOf(links.student));
    expect(student.shadowRoot!.querySelector<HTMLAnchorElement>('a[part~="join"]')!.href).to.equal(links.student.url);
  });

  it('a revoked link: the next read is refused and the card says so', async () => {
    const { links } = await seed(5);
    const el = await show(idOf(links.student));
    expect(el.shadowRoot!.querySelector('a[part~="join"]')).to.exist;
    await executeServerCommand('lesson-join:revoke', { id: links.student.id });
    showPageAgain();
    await waitFor(() => el.shadowRoot!.querySelector('[part~="message"]'), {
      what: 'the card to refuse the revoked link',
    });
    expect(await message(el)).to.equal(
      'This lesson link was withdrawn or replaced by a new one. Ask your tutor for the current link.',
    );
    expect(el.shadowRoot!.querySelector('a')).to.be.null;
  });
});
