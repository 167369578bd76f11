/**
 * Records what the real Worker answers on GET /api/lessons/:token, for each role and each state a
 * lesson goes through, into test/fixtures/lesson-views.json, and the lesson's calendar file
 * (`/l/:token.ics`) for the same role and moment into test/fixtures/lesson-calendars.json (its
 * folded lines unfolded, as iCalendar readers see them). The browser tests of <lesson-join> are
 * driven by those files, so this test fails when the Worker's answers drift from them.
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
/** Calendar files by the link they belong to (`open.student`). */
const calendars: Record<string, string> = {};

async function recorder(options: Parameters<typeof harness>[0] = {}, tutorName = 'Ms Rivera') {
  let now = minutes(-3 * 24 * 60);
  const h = harness({ ...options, now: () => now });
  const tutorEmail = `rivera.${crypto.randomUUID()}@example.com`;
  const tutor = (
    await h.send('POST', '/api/tutors', {
      json: { name: tutorName, email: tutorEmail, timezone: 'Europe/Madrid' },
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
      const file = await h.send('GET', `/l/${l.links[role].token}.ics`, { operator: false });
      expect(file.status, `${name}.${role}.ics`).toBe(200);
      let ics = file.text.replace(/\r\n[ \t]/g, '');
      for (const r of ['tutor', 'student', 'parent'] as const) ics = ics.replaceAll(l.links[r].token, `${name}.${r}`);
      ics = ics.replaceAll(l.id, `bk_${name}`).replaceAll(tutorEmail, 'rivera@example.com');
      if (view.passcode) ics = ics.replaceAll(view.passcode, PASSCODE);
      if (view.meeting_number) ics = ics.replaceAll(view.meeting_number, MEETING_NUMBER);
      calendars[`${name}.${role}`] = ics;
      if (view.passcode) view.passcode = PASSCODE;
      if (view.meeting_number) view.meeting_number = MEETING_NUMBER;
      (views[name] ??= {})[role] = view;
    }
  }
  /**
   * The views of a person's links (`person` holds each role's token) at minute `at`, with the
   * person tokens named `${name}.${role}`, and each lesson's own tokens and id after its place in
   * `lessons` (`${name}1.student`, `bk_${name}1`).
   */
  async function recordPerson(
    views: Views,
    name: string,
    person: Record<Role, string>,
    lessons: { id: string; links: Record<Role, { token: string }> }[],
    at: number,
  ) {
    now = minutes(at);
    for (const role of ['tutor', 'student', 'parent'] as const) {
      const res = await h.send('GET', `/api/lessons/${person[role]}`, { operator: false });
      expect(res.status, `${name}.${role}`).toBe(200);
      let text = res.text;
      for (const r of ['tutor', 'student', 'parent'] as const) text = text.replaceAll(person[r], `${name}.${r}`);
      lessons.forEach((l, i) => {
        for (const r of ['tutor', 'student', 'parent'] as const)
          text = text.replaceAll(l.links[r].token, `${name}${i + 1}.${r}`);
        text = text.replaceAll(l.id, `bk_${name}${i + 1}`);
      });
      const view = JSON.parse(text);
      for (const l of view.lessons) {
        if (l.passcode) l.passcode = PASSCODE;
        if (l.meeting_number) l.meeting_number = MEETING_NUMBER;
      }
      (views[name] ??= {})[role] = view;
    }
  }

  /** The person links of the tutor, of `email`'s student and of `parent`. */
  async function personLinks(email: string, parent: string): Promise<Record<Role, string>> {
    const token = async (json: unknown) =>
      ((await h.send('POST', '/api/links', { json })).body.url as string).split('/l/')[1]!;
    return {
      tutor: await token({ role: 'tutor', tutor_id: tutor.id }),
      student: await token({ role: 'student', email }),
      parent: await token({ role: 'parent', email: parent }),
    };
  }
  return { h, lesson, record, recordPerson, personLinks, setNow: (at: number) => (now = minutes(at)) };
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

  // A person's links: the tutor's, Lucía's and her parent's, five minutes before a lesson, with
  // later lessons (one unpaid, one cancelled), two past ones (one recorded), another student's
  // lesson (the tutor's alone) and a lesson of Lucía's with another tutor.
  const people = await recorder();
  const family = { student_email: 'lucia@family.example', parent_email: 'ana@family.example' };
  const day = 24 * 60;
  people.setNow(-10 * day);
  const next = await people.lesson(family);
  const later = await people.lesson({ ...family, start_at: new Date(minutes(2 * day)).toISOString() });
  const unpaidLater = await people.lesson({ ...family, start_at: new Date(minutes(4 * day)).toISOString() }, false);
  const cancelledLater = await people.lesson({ ...family, start_at: new Date(minutes(6 * day)).toISOString() });
  const recordedPast = await people.lesson({ ...family, start_at: new Date(minutes(-2 * day)).toISOString() });
  const past = await people.lesson({ ...family, start_at: new Date(minutes(-7 * day)).toISOString() });
  const max = await people.lesson({
    student_name: 'Max',
    student_email: 'max@other.example',
    start_at: new Date(minutes(day)).toISOString(),
  });
  await people.h.send('POST', `/api/bookings/${cancelledLater.id}/cancel`);
  for (const done of [recordedPast, past])
    await env.DB.prepare(
      "update bookings set status = 'completed', started_at = start_at, ended_at = start_at + 3000000 where id = ?",
    )
      .bind(done.id)
      .run();
  await env.DB.prepare(
    "insert into recording_files (id, booking_id, meeting_uuid, file_type) values (?, ?, 'uuid==', 'MP4')",
  )
    .bind(crypto.randomUUID(), recordedPast.id)
    .run();
  // Lucía came 7 minutes late to the recorded lesson, whose note is final; the older one's is a draft.
  for (const [key, name, role, kind, at] of [
    ['host', 'Ms Rivera', 'host', 'joined', 0],
    ['lucia', 'Lucía', 'student', 'joined', 7],
    ['lucia', 'Lucía', 'student', 'left', 50],
    ['host', 'Ms Rivera', 'host', 'left', 50],
  ] as const)
    await env.DB.prepare(
      "insert into attendance_events (booking_id, meeting_uuid, participant_key, name, role, kind, at) select id, 'uuid==', ?, ?, ?, ?, start_at + ? from bookings where id = ?",
    )
      .bind(key, name, role, kind, at * 60_000, recordedPast.id)
      .run();
  people.setNow(-5);
  for (const [lesson, json] of [
    [recordedPast, { body: 'Balanced redox equations. Next: electrolysis.', final: true }],
    [past, { body: 'Moles and molar mass.' }],
  ] as const)
    expect((await people.h.send('PUT', `/api/bookings/${lesson.id}/note`, { json })).status).toBe(200);
  const elsewhere = await recorder({}, 'Mr Okafor');
  const otherTutor = await elsewhere.lesson({ ...family, start_at: new Date(minutes(3 * day)).toISOString() });
  await people.recordPerson(
    views,
    'person',
    await people.personLinks(family.student_email, family.parent_email),
    [next, later, unpaidLater, cancelledLater, recordedPast, past, max, otherTutor],
    -5,
  );

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
  await expect(`${JSON.stringify(calendars, null, 2)}\n`).toMatchFileSnapshot('../fixtures/lesson-calendars.json');
});
