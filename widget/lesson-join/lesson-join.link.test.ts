/** The `link` attribute: an id, `id/bookingId` or the whole link; a person's link; and what is wrong with a bad one. */
import { expect } from '@open-wc/testing';
import {
  cleanup,
  linkOf,
  links,
  mount,
  nextError,
  part,
  readsOf,
  recorded,
  serve,
  variant,
} from '../../test/browser/lesson-api';
import { waitFor } from '../../test/suites/wait-for';
import './define';

/** Requests the element made to any lesson API since `since` (a `performance.now()`). */
const lessonReads = (since: number) =>
  performance
    .getEntriesByType('resource')
    .filter((e) => e.startTime >= since && new URL(e.name).pathname.includes('/api/lessons/'));

describe('<lesson-join link>', () => {
  afterEach(cleanup);

  it('takes the whole link, and reads the lesson from the origin the link is on', async () => {
    const id = await serve(variant('open', 'student'));
    // No `api`: the link's origin is where its API is (the fixture API answers at /api/lessons/ too).
    const el = await mount(`${location.origin}/l/${id}`, { api: '' });
    expect(links(el)[0]!.href).to.equal(recorded.open!.student.url);
    expect(await readsOf(id)).to.equal(1);
  });

  it('ignores what messengers add to a whole link: a trailing slash, a query, a fragment', async () => {
    const id = await serve(variant('upcoming', 'parent'));
    const el = await mount(`${location.origin}/l/${id}/?utm_source=chat#top`, { api: '' });
    expect(part(el, 'state')!.innerText).to.match(/^Starts in 2 days\./);
    expect(await readsOf(id)).to.equal(1);
  });

  it('an `api` attribute wins over the origin of a whole link', async () => {
    const id = await serve(variant('live', 'student'));
    const el = await mount(`https://lessons.test/l/${id}`);
    expect(part(el, 'live')!.innerText).to.equal('Live now');
    expect(await readsOf(id)).to.equal(1);
  });

  it("takes one lesson of a person's link as id/bookingId", async () => {
    const id = await serve(variant('open', 'parent'));
    const el = await mount(`${id}/bk_open`);
    expect(links(el)[0]!.href).to.equal(recorded.open!.parent.url);
    expect(await readsOf(`${id}/bk_open`)).to.equal(1);
    const whole = await mount(`${location.origin}/l/${id}/bk_open`, { api: '' });
    expect(links(whole)[0]!.href).to.equal(recorded.open!.parent.url);
    expect(await readsOf(`${id}/bk_open`)).to.equal(2);
  });

  it("takes a person's link, whole or as an id, and shows their lessons", async () => {
    const el = await mount(`${location.origin}/l/${linkOf('person', 'student')}`, { api: '' });
    expect(part(el, 'heading')!.innerText).to.equal('Chemistry');
    expect(part(el, 'list')).to.exist;
    expect(await readsOf(linkOf('person', 'student'))).to.be.greaterThan(0);
  });

  it('reads the new lesson when the link changes', async () => {
    const el = await mount(linkOf('open', 'student'));
    el.link = linkOf('ended', 'student');
    await waitFor(() => part(el, 'state')?.innerText === 'This lesson has ended.', {
      what: 'the state of the lesson of the new link',
    });
  });

  it('no link: says how to write the element, and asks nothing of the API', async () => {
    const since = performance.now();
    const error = nextError();
    const el = await mount('');
    expect(part(el, 'message')!.innerText).to.equal(
      'Add the lesson link to the element: <lesson-join link="https://…/l/…">.',
    );
    expect(await error).to.include({ status: 0, code: 'link_missing' });
    expect(lessonReads(since)).to.have.length(0);
    await expect(el).to.be.accessible();
    expect(part(await mount('', { lang: 'es' }), 'message')!.innerText).to.equal(
      'Añade el enlace de la clase al elemento: <lesson-join link="https://…/l/…">.',
    );
  });

  for (const bad of [
    'not-a-link',
    'eyJhbGciOiJIUzI1NiJ9.eyJiIjoiYmtfMSJ9.c2lnbmF0dXJl',
    linkOf('open', 'student').slice(0, 21),
    `${linkOf('open', 'student')}/start`,
    `${linkOf('open', 'student')}/bk_open/more`,
    `https://lessons.test/lesson/${linkOf('open', 'student')}`,
    `ftp://lessons.test/l/${linkOf('open', 'student')}`,
  ]) {
    it(`says ${JSON.stringify(bad.slice(0, 40))} is not a lesson link, and asks nothing of the API`, async () => {
      const since = performance.now();
      const error = nextError();
      const el = await mount(bad);
      expect(part(el, 'message')!.innerText).to.equal(
        'The link attribute is not a lesson link: paste the whole link as you received it (https://…/l/ and 22 characters).',
      );
      expect(await error).to.include({ status: 0, code: 'link_malformed' });
      expect(lessonReads(since)).to.have.length(0);
      await expect(el).to.be.accessible();
    });
  }
});
