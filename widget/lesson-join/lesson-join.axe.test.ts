/**
 * axe-core on every state of the element, its shadow root included, light and dark: any violation
 * fails, whatever its impact.
 */
import { expect } from '@open-wc/testing';
import axe from 'axe-core';
import {
  type Answer,
  button,
  cleanup,
  linkOf,
  mount,
  part,
  recorded,
  type Role,
  serve,
  variant,
} from '../../test/browser/lesson-api';
import { waitFor } from '../../test/suites/wait-for';
import type { LessonJoin } from './lesson-join';
import './define';

/** The violations axe finds in `el` (host and shadow root), as `rule: target` lines, for a readable failure. */
async function violations(el: LessonJoin): Promise<string[]> {
  const results = await axe.run(el, { resultTypes: ['violations'] });
  return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${JSON.stringify(n.target)}`));
}

const refusal = (status: number, code: string, headers?: Record<string, string>): Answer => ({
  status,
  body: { error: { code, message: 'The Worker says so.' } },
  ...(headers && { headers }),
});

/** Every state worth drawing, each as a way to mount it. */
const states: { name: string; mount: (attributes: Record<string, string>) => Promise<LessonJoin> }[] = [
  ...Object.entries(recorded)
    .filter(([scenario]) => scenario !== 'errors')
    .flatMap(([scenario, roles]) =>
      (Object.keys(roles) as Role[]).map((role) => ({
        name: `${scenario} ${role}`,
        mount: (attributes: Record<string, string>) => mount(linkOf(scenario, role), { attributes }),
      })),
    ),
  ...(['tutor', 'student', 'parent'] as const).map((role) => ({
    name: `person ${role}, compact`,
    mount: (attributes: Record<string, string>) =>
      mount(linkOf('person', role), { attributes: { ...attributes, layout: 'compact', limit: '2' } }),
  })),
  {
    name: 'person with nothing coming',
    mount: async (attributes) => {
      const view = variant('person', 'parent') as unknown as { lessons: { phase: string }[] };
      view.lessons = view.lessons.filter((l) => l.phase === 'ended');
      return mount(await serve(view as never), { attributes });
    },
  },
  { name: 'no link', mount: (attributes) => mount('', { attributes }) },
  { name: 'a malformed link', mount: (attributes) => mount('not-a-link', { attributes }) },
  { name: 'a link that does not exist', mount: (attributes) => mount(linkOf('no-such', 'student'), { attributes }) },
  { name: 'an expired link', mount: async (attributes) => mount(await serve(recorded.errors.expired), { attributes }) },
  {
    name: 'a revoked link',
    mount: async (attributes) => mount(await serve(refusal(410, 'link_revoked')), { attributes }),
  },
  {
    name: "a tutor's link off the tutor's sites",
    mount: async (attributes) => mount(await serve(refusal(403, 'link_private')), { attributes }),
  },
  {
    name: 'too many requests',
    mount: async (attributes) =>
      mount(await serve(refusal(429, 'rate_limited', { 'retry-after': '60' })), { attributes }),
  },
  {
    name: 'a server error',
    mount: async (attributes) => mount(await serve(refusal(503, 'internal_error')), { attributes }),
  },
  {
    name: 'a network failure',
    mount: (attributes) => mount(linkOf('open', 'student'), { attributes, api: 'http://127.0.0.1:9' }),
  },
  {
    name: 'the QR code shown',
    mount: async (attributes) => {
      const el = await mount(await serve(variant('upcoming', 'student')), { attributes });
      button(el, 'Show QR code')!.click();
      await waitFor(() => part(el, 'qr')?.querySelector('svg'), { what: 'the QR code' });
      return el;
    },
  },
  {
    name: 'the calendar links shown',
    mount: async (attributes) => {
      const el = await mount(linkOf('upcoming', 'parent'), { attributes });
      button(el, 'Add to calendar')!.click();
      await waitFor(() => part(el, 'google-calendar'), { what: 'the calendar links' });
      return el;
    },
  },
  {
    name: 'a link copied',
    mount: async (attributes) => {
      const el = await mount(await serve(variant('open', 'parent')), { attributes });
      button(el, 'Copy link')!.click();
      await waitFor(() => part(el, 'status')!.innerText.trim(), { what: 'the copy announced' });
      return el;
    },
  },
  {
    name: "the tutor's photo",
    mount: async (attributes) =>
      mount(await serve(variant('open', 'student', { tutor_photo_url: `${location.origin}/fixture-api/photo.svg` })), {
        attributes,
      }),
  },
];

const looks: { name: string; attributes: Record<string, string>; darkPage?: boolean }[] = [
  { name: 'light', attributes: {} },
  { name: 'theme="dark"', attributes: { theme: 'dark' } },
  { name: 'a dark page', attributes: {}, darkPage: true },
];

describe('<lesson-join> under axe', () => {
  afterEach(cleanup);

  it('checks shadow roots: a violation inside one is found', async () => {
    const el = await mount(linkOf('open', 'student'));
    const join = part(el, 'join')!;
    join.replaceChildren();
    expect((await violations(el)).join('\n')).to.match(/^link-name/);
  });

  for (const look of looks)
    for (const state of states)
      it(`${state.name}, ${look.name}: no violation`, async () => {
        const el = await state.mount(look.attributes);
        if (look.darkPage) el.parentElement!.style.colorScheme = 'dark';
        expect(await violations(el)).to.deep.equal([]);
      });
});
