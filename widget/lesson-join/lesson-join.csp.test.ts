/**
 * A page whose Content-Security-Policy does not let it reach the lesson API (`connect-src`): the
 * card says that, not that the network failed. A file of its own: the
 * policy holds for the whole page.
 */
import { expect } from '@open-wc/testing';
import { cleanup, linkOf, links, mount, part } from '../../test/browser/lesson-api';
import { waitFor } from '../../test/suites/wait-for';
import type { LessonProblem } from './emit';
import './define';

// This page may connect to its own origin only; the lesson API below is on another (127.0.0.1).
document.head.append(
  Object.assign(document.createElement('meta'), {
    httpEquiv: 'Content-Security-Policy',
    content: "connect-src 'self'",
  }),
);
const BLOCKED_API = `http://127.0.0.1:${location.port}/fixture-api`;

describe('<lesson-join> on a page whose CSP blocks the lesson API', () => {
  afterEach(cleanup);

  it('says the page blocks it, in English and Spanish, tells the page csp_blocked, and shows no lesson', async () => {
    const errors: LessonProblem[] = [];
    document.addEventListener('lj-error', (e) => errors.push((e as CustomEvent<LessonProblem>).detail));
    const el = await mount(linkOf('open', 'student'), { api: BLOCKED_API });
    const en =
      "This page's security settings (its Content-Security-Policy) do not let the card reach the lesson service. The site's owner must add the lesson service to connect-src.";
    await waitFor(() => part(el, 'message')?.innerText === en, { what: 'the words for a CSP that blocks the API' });
    expect(errors.at(-1)).to.include({ status: 0, code: 'csp_blocked' });
    expect(errors.at(-1)!.message).to.include('127.0.0.1');
    expect(links(el)).to.have.length(0);
    await expect(el).to.be.accessible();
    const es = await mount(linkOf('live', 'student'), { api: BLOCKED_API, lang: 'es' });
    await waitFor(() => /Content-Security-Policy/.test(part(es, 'message')?.innerText ?? ''), {
      what: 'the Spanish words',
    });
    expect(part(es, 'message')!.innerText).to.match(/^La configuración de seguridad de esta página/);
  });

  it('the same page still reads lessons from its own origin', async () => {
    const el = await mount(linkOf('open', 'student'));
    expect(links(el)).to.have.length(1);
  });
});
