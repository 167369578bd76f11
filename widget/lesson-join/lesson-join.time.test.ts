/** The lesson in time (server clock, refreshing), in the page's language and look. */
import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import {
  cleanup,
  linkOf,
  links,
  mount,
  part,
  readsOf,
  serve,
  settle,
  showPageAgain,
  variant,
} from '../../test/browser/lesson-api';
import { waitFor } from '../../test/suites/wait-for';
import type { LessonJoin } from './lesson-join';
import './define';

const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

describe('<lesson-join> over time', () => {
  afterEach(cleanup);

  it("counts down by the server's clock, not the viewer's", async () => {
    // The recorded lesson is in 2030; this computer's clock says otherwise.
    const el = await mount(linkOf('upcoming', 'student'));
    expect(part(el, 'state')!.innerText).to.match(/^Starts in 2 days\./);
  });

  it('asks again when joining opens, and shows the Join link without a reload', async () => {
    const upcoming = variant('upcoming', 'student');
    upcoming.refresh_at = later(upcoming.server_time as string, 300);
    const open = variant('open', 'student');
    const link = await serve(upcoming, open);
    const el = await mount(link);
    expect(links(el)).to.have.length(0);
    await waitFor(() => links(el).length === 1, { what: 'the Join link after the planned refresh', timeout: 4_000 });
    expect(links(el)[0]!.href).to.equal(open.url);
    expect(await readsOf(link)).to.equal(2);
  });

  it('asks again when the page becomes visible again', async () => {
    const link = await serve(variant('preparing', 'student'), variant('open', 'student'));
    const el = await mount(link);
    expect(part(el, 'state')!.innerText).to.equal('The meeting link is being prepared.');
    showPageAgain();
    await waitFor(() => links(el).length === 1, { what: 'the Join link after the page became visible' });
    expect(await readsOf(link)).to.equal(2);
  });

  it('keeps the lesson on screen when a refresh fails', async () => {
    const upcoming = variant('upcoming', 'student');
    const link = await serve(
      upcoming,
      { status: 503, body: { error: { code: 'internal_error', message: 'x' } } },
      variant('open', 'student'),
    );
    const el = await mount(link);
    const errors: number[] = [];
    el.addEventListener('lj-error', (e) => errors.push(e.detail.status));
    showPageAgain();
    await waitFor(() => errors.includes(503), { what: 'lj-error with status 503 from the refresh' });
    expect(await readsOf(link)).to.equal(2);
    await el.updateComplete;
    expect(part(el, 'state')!.innerText).to.match(/^Starts in 2 days/);
  });
});

describe('<lesson-join> dates', () => {
  afterEach(cleanup);

  it('shows the year only when the lesson is not this year (by the server clock)', async () => {
    const sameYear = await mount(linkOf('upcoming', 'student'));
    expect(part(sameYear, 'time')!.innerText).to.not.include('2030');
    const nextYear = await mount(
      await serve(variant('upcoming', 'student', { server_time: '2029-12-30T12:00:00.000Z', refresh_at: null })),
    );
    expect(part(nextYear, 'time')!.innerText).to.include('2030');
    await expect(nextYear).to.be.accessible();
  });
});

describe('<lesson-join> announcing', () => {
  afterEach(cleanup);

  /** The polite region that speaks state changes (the other one speaks copying). */
  const announcer = (el: LessonJoin) =>
    [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="status"]')].find((r) => !r.part.contains('status'))!;
  const hoursBefore = (hours: number) =>
    variant('upcoming', 'student', {
      server_time: later('2030-05-03T14:00:00.000Z', -hours * 3_600_000),
      refresh_at: null,
    });

  it('says politely when the lesson goes live, and nothing on the first read', async () => {
    const link = await serve(variant('open', 'student'), variant('live', 'student'));
    const el = await mount(link);
    expect(announcer(el).getAttribute('role')).to.equal('status');
    expect(announcer(el).innerText.trim()).to.equal('');
    showPageAgain();
    await waitFor(() => announcer(el).innerText.trim() === 'Live now', { what: '"Live now" announced' });
    await expect(el).to.be.accessible();
  });

  it('says when waiting for the tutor, in the page language', async () => {
    const link = await serve(variant('open', 'student'), variant('waiting', 'student'));
    const el = await mount(link, { lang: 'es' });
    showPageAgain();
    await waitFor(() => announcer(el).innerText.trim() === 'Esperando a que tu docente empiece.', {
      what: 'the wait for the tutor announced in Spanish',
    });
  });

  it('says nothing when only the countdown moves', async () => {
    const link = await serve(hoursBefore(5), hoursBefore(4));
    const el = await mount(link);
    expect(part(el, 'state')!.innerText).to.match(/^Starts in 5 hours\./);
    showPageAgain();
    await waitFor(() => /^Starts in 4 hours\./.test(part(el, 'state')!.innerText), { what: 'the countdown to move' });
    expect(announcer(el).innerText.trim()).to.equal('');
  });

  it('says when the link stops working', async () => {
    const link = await serve(variant('open', 'student'), {
      status: 410,
      body: { error: { code: 'link_revoked', message: 'This link was replaced or withdrawn.' } },
    });
    const el = await mount(link);
    showPageAgain();
    await waitFor(() => /^This lesson link was withdrawn/.test(announcer(el).innerText), {
      what: 'the revoked link announced',
    });
    expect(links(el)).to.have.length(0);
  });
});

describe('<lesson-join> language', () => {
  afterEach(() => {
    document.documentElement.lang = 'en';
    cleanup();
  });

  it('speaks Spanish inside lang="es", dates and countdown included', async () => {
    const el = await mount(linkOf('open', 'student'), { lang: 'es-ES' });
    expect(links(el)[0]!.innerText).to.equal('Unirse a la clase');
    expect(part(el, 'state')!.innerText).to.equal('Empieza dentro de 5 minutos. Ya puedes unirte.');
    expect(part(el, 'time')!.innerText).to.match(/vie|may/);
    expect(part(el, 'base')!.lang).to.equal('es-ES');
    await expect(el).to.be.accessible();
  });

  it('reads a malformed lang as the language it names, not as a crash', async () => {
    const el = await mount(linkOf('open', 'student'), { lang: 'es-ES_tradnl' });
    expect(links(el)[0]!.innerText).to.equal('Unirse a la clase');
    const odd = await mount(linkOf('open', 'student'), { lang: 'en-US ' });
    expect(links(odd)[0]!.innerText).to.equal('Join lesson');
  });

  it('follows a page that switches language', async () => {
    const el = await mount(linkOf('live', 'student'), { lang: '' });
    el.parentElement!.removeAttribute('lang');
    document.documentElement.lang = 'es';
    await waitFor(() => part(el, 'live')?.innerText === 'En directo', { what: 'the live marker in Spanish' });
    document.documentElement.lang = 'fr';
    await waitFor(() => part(el, 'live')?.innerText === 'Live now', { what: 'the live marker back in English' });
    await settle(el);
    expect(part(el, 'base')!.lang).to.equal('en');
  });
});

describe('<lesson-join> look', () => {
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
    cleanup();
  });

  it('follows the light or dark color scheme of the page', async () => {
    const el = await mount(linkOf('open', 'student'));
    const background = () => getComputedStyle(part(el, 'base')!).backgroundColor;
    expect(background()).to.equal('rgb(255, 255, 255)');
    el.parentElement!.style.colorScheme = 'dark';
    expect(background()).to.equal('rgb(31, 35, 40)');
    await expect(el).to.be.accessible();
  });

  it('is themed by custom properties and ::part', async () => {
    const style = document.createElement('style');
    style.textContent =
      'lesson-join { --lesson-join-accent: rgb(0, 90, 60); } lesson-join::part(join) { text-transform: uppercase; }';
    document.head.append(style);
    const el = await mount(linkOf('open', 'student'));
    const join = links(el)[0]!;
    expect(getComputedStyle(join).backgroundColor).to.equal('rgb(0, 90, 60)');
    expect(join.innerText).to.equal('JOIN LESSON');
    style.remove();
  });

  it('stops the live marker pulsing when the viewer prefers reduced motion', async () => {
    const el = await mount(linkOf('live', 'student'));
    const marker = () => getComputedStyle(part(el, 'live')!, '::before').animationName;
    expect(marker()).to.equal('pulse');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(marker()).to.equal('none');
  });
});
