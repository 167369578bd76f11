/**
 * The bundle pages get (`npm run build:widget`, served by built-widget.mjs), not the source: what a
 * minifier or bundler setting could break shows here. The strings, the DOM names the element uses
 * (`document.visibilityState`, `navigator.clipboard.writeText`) and the lazy chunks all have to
 * survive the build.
 */
import { expect } from '@open-wc/testing';
import {
  API,
  button,
  cleanup,
  focusPage,
  linkOf,
  links,
  mount,
  part,
  readsOf,
  recorded,
  serve,
  showPageAgain,
  variant,
} from './lesson-api';
import { readQr } from './read-qr';
import { waitFor } from '../suites/wait-for';

const BUILT = '/__built__/widget/';
const loadedFrom = (prefix: string) =>
  performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname)
    .filter((path) => path.startsWith(prefix));

describe('<lesson-join> as built for pages', () => {
  before(async () => {
    // What a tutor pastes.
    const script = Object.assign(document.createElement('script'), { type: 'module', src: `${BUILT}lesson-join.js` });
    const loaded = new Promise((ok, fail) => {
      script.addEventListener('load', ok);
      script.addEventListener('error', () => fail(new Error(`${script.src} did not load.`)));
    });
    document.head.append(script);
    await loaded;
    await customElements.whenDefined('lesson-join');
  });
  afterEach(cleanup);

  it('loads as one built module: no source module, no chunk yet', () => {
    expect(loadedFrom(BUILT)).to.deep.equal([`${BUILT}lesson-join.js`]);
    expect(loadedFrom('/widget/')).to.deep.equal([]);
  });

  it('keeps the space after "Passcode:", in English and in Spanish', async () => {
    const link = await serve(variant('upcoming', 'student', { passcode: '123456' }));
    expect(part(await mount(link), 'passcode')!.textContent).to.equal('Passcode: 123456');
    expect(part(await mount(link, { lang: 'es' }), 'passcode')!.textContent).to.equal('Código de acceso: 123456');
  });

  it('renders a lesson with its strings, badge and Join link', async () => {
    const el = await mount(linkOf('open', 'student'));
    expect(part(el, 'heading')!.textContent).to.equal('Chemistry');
    expect(part(el, 'badge')!.textContent).to.equal('Zoom');
    expect(part(el, 'state')!.innerText).to.equal('Starts in 5 minutes. You can join now.');
    expect(links(el).map((a) => [a.innerText, a.href])).to.deep.equal([['Join lesson', recorded.open!.student.url]]);
    await expect(el).to.be.accessible();
  });

  it('copies the link to the clipboard and announces it', async () => {
    await focusPage();
    await navigator.clipboard.writeText('');
    const el = await mount(linkOf('open', 'student'));
    button(el, 'Copy link')!.click();
    await waitFor(() => part(el, 'status')!.innerText.trim() === 'Link copied.', { what: '"Link copied." announced' });
    expect(await navigator.clipboard.readText()).to.equal(recorded.open!.student.url);
  });

  it('reads the lesson again when the page becomes visible', async () => {
    const link = await serve(variant('preparing', 'student'), variant('open', 'student'));
    const el = await mount(link);
    expect(links(el)).to.have.length(0);
    showPageAgain();
    await waitFor(() => links(el).length === 1, { what: 'the Join link after the page became visible' });
    expect(await readsOf(link)).to.equal(2);
  });

  it('speaks Spanish on a Spanish page, with the strings of their own chunk', async () => {
    const el = await mount(linkOf('open', 'student'), { lang: 'es' });
    expect(links(el)[0]!.innerText).to.equal('Unirse a la clase');
    expect(part(el, 'state')!.innerText).to.equal('Empieza dentro de 5 minutos. Ya puedes unirte.');
    expect(loadedFrom(`${BUILT}chunks/`).filter((path) => /\/strings\.es-[\w-]+\.js$/.test(path))).to.have.length(1);
  });

  it('speaks English from a chunk of its own, and loads the words for problems only when one happens', async () => {
    const chunk = (name: string) => loadedFrom(`${BUILT}chunks/`).filter((path) => path.includes(`/${name}-`));
    const el = await mount(linkOf('open', 'student'));
    expect(links(el)[0]!.innerText).to.equal('Join lesson');
    expect(chunk('strings.en')).to.have.length(1);
    expect(chunk('problems.en')).to.deep.equal([]);
    const revoked = await mount(
      await serve({ status: 410, body: { error: { code: 'link_revoked', message: 'This link was replaced.' } } }),
    );
    expect(part(revoked, 'message')!.innerText).to.equal(
      'This lesson link was withdrawn or replaced by a new one. Ask your tutor for the current link.',
    );
    expect(chunk('problems.en')).to.have.length(1);
  });

  it('twenty cards pasted in one go, persons and lessons, read their links in one request', async () => {
    const paths = [
      ...(['tutor', 'student', 'parent'] as const).map((role) => linkOf('person', role)),
      ...(['upcoming', 'open', 'waiting', 'live', 'ended', 'recorded'] as const).flatMap((s) => [
        linkOf(s, 'student'),
        linkOf(s, 'parent'),
        linkOf(s, 'tutor'),
      ]),
    ].slice(0, 20);
    const since = performance.now();
    const host = Object.assign(document.createElement('div'), { lang: 'en' });
    host.innerHTML = paths.map((l) => `<lesson-join api="${API}" link="${l}"></lesson-join>`).join('');
    document.body.append(host);
    const els = [...host.querySelectorAll('lesson-join')];
    await waitFor(
      () => els.every((el) => el.shadowRoot?.querySelector('[lang][aria-busy="false"] [part~="heading"]')),
      {
        what: 'all 20 cards to show a lesson',
      },
    );
    const reads = performance
      .getEntriesByType('resource')
      .filter((e) => e.startTime >= since && new URL(e.name).pathname.includes('/api/lessons'));
    expect(reads).to.have.length(1);
    expect(loadedFrom(`${BUILT}chunks/`).filter((path) => /\/person-list-[\w-]+\.js$/.test(path))).to.have.length(1);
  });

  it('loads the QR code chunk when asked, and the code reads as the lesson URL', async () => {
    const el = await mount(linkOf('upcoming', 'student'));
    const qrChunks = () => loadedFrom(`${BUILT}chunks/`).filter((path) => /\/qr-code-[\w-]+\.js$/.test(path));
    expect(qrChunks()).to.deep.equal([]);
    button(el, 'Show QR code')!.click();
    const svg = await waitFor(() => part(el, 'qr')?.querySelector('svg'), { what: 'the QR code from the built chunk' });
    expect(qrChunks()).to.have.length(1);
    expect(await readQr(svg)).to.equal(recorded.upcoming!.student.url);
  });

  it("loads the calendar chunk when asked, and its Google Calendar link is made from the lesson's file", async () => {
    const el = await mount(linkOf('upcoming', 'parent'));
    const calendarChunks = () =>
      loadedFrom(`${BUILT}chunks/`).filter((path) => /\/calendar-links-[\w-]+\.js$/.test(path));
    expect(calendarChunks()).to.deep.equal([]);
    button(el, 'Add to calendar')!.click();
    const google = await waitFor(() => part<HTMLAnchorElement>(el, 'google-calendar'), {
      what: 'the Google Calendar link from the built chunk',
    });
    expect(calendarChunks()).to.have.length(1);
    const url = recorded.upcoming!.parent.url!;
    expect(part<HTMLAnchorElement>(el, 'calendar-file')!.href).to.equal(`${url}.ics`);
    expect(new URL(google.href).searchParams.get('dates')).to.equal('20300503T140000Z/20300503T145000Z');
    expect(new URL(google.href).searchParams.get('location')).to.equal(url);
  });
});
