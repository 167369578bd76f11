/**
 * Records what the real Worker answers on GET /api/lessons/:token, for each role and each state a
 * lesson goes through, into test/fixtures/lesson-views.json. The browser tests of <lesson-join>
 * are driven by that file, so this test fails when the Worker's answers drift from it.
 * Regenerate with `npx vitest run --project workers test/worker/lesson-fixtures.test.ts -u`.
 *
 * Link ids and passcodes are random; they are replaced by readable stand-ins (`open.student`, a fixed
 * passcode) so the file is stable. Everything else is exactly what the Worker sent.
 */
import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import type { Role } from '../../shared/api';
import { harness } from './harness';

const START = '2030-05-03T14:00:00Z';
const minutes = (n: number) => Date.parse(START) + n * 60_000;
const PASSCODE = 'Zx7Qp2Lm';
const MEETING_NUMBER = '85746065432';

type Views = Record<string, Partial<Record<Role, unknown>>> & {
  errors?: Record<string, { status: number; body: unknown }>;
};

async function recorder(options: Parameters<typeof harness>[0] = {}) {
  let now = minutes(-3 * 24 * 60);
  const h = harness({ ...options, now: () => now });
  const tutor = (
    await h.send('POST', '/api/tutors', {
      json: { name: 'Ms Rivera', email: `rivera.${crypto.randomUUID()}@example.com`, timezone: 'Europe/Madrid' },
    })
  ).body;
  const service = (
    await h.send('POST', '/api/services', { json: { tutor_id: tutor.id, name: 'Chemistry', duration_minutes: 50 } })
  ).body;

  async function lesson(booking: Record<string, unknown> = {}, confirm = true) {
    const created = await h.send('POST', '/api/bookings', {
      json: {
        tutor_id: tutor.id,
        service_id: service.id,
        student_name: 'Lucía',
        student_email: 'lucia@example.com',
        start_at: START,
        ...booking,
      },
    });
    const id = created.body.id as string;
    if (confirm) await h.send('POST', `/api/bookings/${id}/confirm`);
    const made = (await h.send('POST', `/api/bookings/${id}/links`)).body as Record<Role, { id: string; url: string }>;
    const links = Object.fromEntries(
      Object.entries(made).map(([role, l]) => [role, { handle: l.id, token: l.url.split('/l/')[1]! }]),
    ) as Record<Role, { handle: string; token: string }>;
    return { id, links };
  }

  /** The views of `roles` at minute `at` of the lesson, with tokens named `${name}.${role}`. */
  async function record(
    views: Views,
    name: string,
    l: { id: string; links: Record<Role, { token: string }> },
    at: number,
    roles: Role[],
  ) {
    now = minutes(at);
    for (const role of roles) {
      const res = await h.send('GET', `/api/lessons/${l.links[role].token}`, { operator: false });
      expect(res.status, `${name}.${role}`).toBe(200);
      let text = res.text;
      for (const r of ['tutor', 'student', 'parent'] as const) text = text.replaceAll(l.links[r].token, `${name}.${r}`);
      text = text.replaceAll(l.id, `bk_${name}`);
      const view = JSON.parse(text);
      if (view.passcode) view.passcode = PASSCODE;
      if (view.meeting_number) view.meeting_number = MEETING_NUMBER;
      (views[name] ??= {})[role] = view;
    }
  }
  return { h, lesson, record, setNow: (at: number) => (now = minutes(at)) };
}

it('records the lesson view for every role and state the widget shows', async () => {
  const views: Views = {};
  const all: Role[] = ['tutor', 'student', 'parent'];

  const zoom = await recorder();
  const lesson = await zoom.lesson();
  await zoom.record(views, 'upcoming', lesson, -2 * 24 * 60, all);
  await zoom.record(views, 'open', lesson, -5, all);
  // Past the start, Zoom has not said the meeting started: people wait for the tutor.
  await zoom.record(views, 'waiting', lesson, 3, all);
  await env.DB.prepare("update bookings set status = 'in_progress', started_at = ? where id = ?")
    .bind(minutes(2), lesson.id)
    .run();
  await zoom.record(views, 'live', lesson, 10, all);
  await env.DB.prepare("update bookings set status = 'completed', ended_at = ? where id = ?")
    .bind(minutes(52), lesson.id)
    .run();
  await zoom.record(views, 'ended', lesson, 90, all);
  await env.DB.prepare(
    "insert into recording_files (id, booking_id, meeting_uuid, file_type) values (?, ?, 'uuid==', 'MP4')",
  )
    .bind(crypto.randomUUID(), lesson.id)
    .run();
  await zoom.record(views, 'recorded', lesson, 120, all);

  // Later lessons are booked and paid days ahead, as real ones are.
  zoom.setNow(-3 * 24 * 60);
  const meet = await zoom.lesson({ provider: 'google_meet', meeting_url: 'https://meet.google.com/abc-defg-hij' });
  await zoom.record(views, 'meet', meet, -5, all);
  const teams = await zoom.lesson({ provider: 'teams', meeting_url: 'https://teams.live.com/meet/9387654321012' });
  await zoom.record(views, 'teams', teams, -5, ['student']);

  const unpaid = await zoom.lesson({}, false);
  await zoom.record(views, 'unpaid', unpaid, -60, all);

  const cancelled = await zoom.lesson();
  zoom.setNow(-60);
  await zoom.h.send('POST', `/api/bookings/${cancelled.id}/cancel`);
  await zoom.record(views, 'cancelled', cancelled, -60, all);

  const failing = await recorder({ sandbox: {} });
  failing.h.z.zoom.addFault({ method: 'POST', path: '/meetings', status: 503, times: 10 });
  await failing.record(views, 'preparing', await failing.lesson(), -3 * 24 * 60, all);

  const unset = await recorder({
    env: { ZOOM_ACCOUNT_ID: undefined, ZOOM_CLIENT_ID: undefined, ZOOM_CLIENT_SECRET: undefined },
  });
  await unset.record(views, 'no_link', await unset.lesson(), -3 * 24 * 60, all);

  // The Worker's answers to links that do not work.
  const errorOf = async (token: string) => {
    const res = await zoom.h.send('GET', `/api/lessons/${token}`, { operator: false });
    return { status: res.status, body: res.body };
  };
  const expired = await zoom.lesson();
  await env.DB.prepare('update links set expires_at = ? where id = ?')
    .bind(Date.now() - 60_000, expired.links.student.handle)
    .run();
  views.errors = { invalid: await errorOf('not-a-lesson-link'), expired: await errorOf(expired.links.student.token) };

  // The file the browser tests read: any change in what the Worker says shows up here.
  await expect(`${JSON.stringify(views, null, 2)}\n`).toMatchFileSnapshot('../fixtures/lesson-views.json');
});
