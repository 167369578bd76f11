/** One read for the page: however many elements, their links go to the lesson API together. */
import { expect } from '@open-wc/testing';
import {
  API,
  cleanup,
  links,
  part,
  readsOf,
  serve,
  settle,
  showPageAgain,
  variant,
} from '../../test/browser/lesson-api';
import { waitFor } from '../../test/suites/wait-for';
import type { LessonJoin } from './lesson-join';
import { WAKE_SPREAD_MS } from './lesson-store';
import './define';

/** Requests that reached the lesson API so far, as the fixture API counted them. */
const requests = async (): Promise<number> => (await (await fetch('/fixture-api/__requests')).json()).requests;

/**
 * A page of 20 cards, each under a link of its own (the page's store keeps answers, so every test
 * gets new links): a tutor's, a student's and a parent's dashboard, then lessons in every state.
 */
const page = () =>
  Promise.all(
    [
      ...(['tutor', 'student', 'parent'] as const).map((role) => variant('person', role)),
      ...['upcoming', 'open', 'waiting', 'live', 'ended', 'recorded', 'cancelled', 'unpaid', 'preparing'].flatMap(
        (scenario) => [variant(scenario, 'student'), variant(scenario, 'parent')],
      ),
    ]
      .slice(0, 20)
      .map((view) => serve(view)),
  );

/** `links` pasted into the page in one go, as a page's HTML is; resolves once every card has read its link. */
async function paste(paths: string[], api = API): Promise<LessonJoin[]> {
  const host = document.createElement('div');
  host.lang = 'en';
  host.innerHTML = paths.map((l) => `<lesson-join api="${api}" link="${l}"></lesson-join>`).join('');
  const els = [...host.querySelectorAll('lesson-join')];
  const read = els.map(
    (el) =>
      new Promise((done) => {
        el.addEventListener('lj-loaded', done, { once: true });
        el.addEventListener('lj-error', done, { once: true });
      }),
  );
  document.body.append(host);
  await Promise.all(read);
  for (const el of els) await settle(el);
  return els;
}

describe('<lesson-join> on a page of many', () => {
  afterEach(cleanup);

  it('a page of 20 person and lesson cards makes one lesson request, and each shows its own', async () => {
    const links20 = await page();
    const before = await requests();
    const since = performance.now();
    const els = await paste(links20);
    expect(await requests()).to.equal(before + 1);
    const lessonRequests = performance
      .getEntriesByType('resource')
      .filter((e) => e.startTime >= since && new URL(e.name).pathname.includes('/api/lessons'));
    expect(lessonRequests.map((e) => new URL(e.name).pathname)).to.deep.equal(['/fixture-api/api/lessons']);
    for (const link of links20) expect(await readsOf(link)).to.equal(1);
    expect(part(els[0]!, 'list')).to.exist;
    expect(part(els[5]!, 'state')!.innerText).to.equal('Starts in 5 minutes. You can join now.');
    expect(part(els[9]!, 'live')!.innerText).to.equal('Live now');
  });

  it('the same link on two cards is read once; a card added later with it asks nothing', async () => {
    const link = await serve(variant('open', 'student'));
    const before = await requests();
    const [a, b] = await paste([link, link]);
    expect(await readsOf(link)).to.equal(1);
    expect(links(a!)[0]!.href).to.equal(links(b!)[0]!.href);
    const [later] = await paste([link]);
    expect(links(later!)).to.have.length(1);
    expect(await readsOf(link)).to.equal(1);
    expect(await requests()).to.equal(before + 1);
  });

  it('cards on two lesson APIs make one request each; more than 50 links make two', async () => {
    const before = await requests();
    await paste([await serve(variant('open', 'student'))], API);
    await paste([await serve(variant('live', 'student'))], location.origin);
    expect(await requests()).to.equal(before + 2);
    const many = await Promise.all(Array.from({ length: 51 }, () => serve(variant('upcoming', 'parent'))));
    const from = await requests();
    const els = await paste(many);
    expect(await requests()).to.equal(from + 2);
    expect(els.every((el) => part(el, 'state')?.innerText.startsWith('Starts in 2 days'))).to.equal(true);
  });

  it('a page shown again within a minute asks nothing; shown again later, it reads its stale links together', async () => {
    const six = (await page()).slice(0, 6);
    const before = await requests();
    const els = await paste(six);
    expect(await requests()).to.equal(before + 1);
    showPageAgain(0);
    // Nothing to wait for but the time the store may take: it asks within WAKE_SPREAD_MS or not at all.
    await new Promise((done) => setTimeout(done, WAKE_SPREAD_MS + 500));
    expect(await requests()).to.equal(before + 1);
    showPageAgain();
    await waitFor(async () => (await readsOf(six[5]!)) === 2, { what: 'the stale links read again', timeout: 5_000 });
    expect(await requests()).to.equal(before + 2);
    for (const link of six) expect(await readsOf(link)).to.equal(2);
    expect(part(els[0]!, 'list')).to.exist;
  });

  it('a lesson that will not change soon is not asked for again; one that changes is, at its refresh_at', async () => {
    const ended = await serve(variant('ended', 'student'));
    const upcoming = variant('upcoming', 'student');
    upcoming.refresh_at = new Date(Date.parse(upcoming.server_time as string) + 300).toISOString();
    const soon = await serve(upcoming, variant('open', 'student'));
    const [, changing] = await paste([ended, soon]);
    await waitFor(() => links(changing!).length === 1, { what: 'the Join link at refresh_at', timeout: 5_000 });
    expect(await readsOf(soon)).to.equal(2);
    expect(await readsOf(ended)).to.equal(1);
  });
});
