/** Lessons played by the Zoom sandbox on a clock the Worker and the sandbox share, and read back. */
import { env } from 'cloudflare:workers';
import type { LessonScript } from '../../demo/zoom-sandbox';
import type { BookingDetail, Role } from '../../shared/api';
import { type HarnessOptions, harness } from './harness';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** Rows of a table, as D1 has them. */
export const rows = async (sql: string, ...args: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...args)
      .all()
  ).results as any[];

/**
 * A harness whose clock starts two days before a 60-minute lesson at `start`, shared with the sandbox
 * (webhook timestamps, download tokens, faults), with the lesson confirmed and its links made.
 */
export async function lessonWorld(
  options: {
    start?: string;
    service?: Record<string, unknown>;
    booking?: Record<string, unknown>;
    tutor?: Record<string, unknown>;
    harness?: HarnessOptions;
    /** The tutor hosts in their own Zoom account, connected (OAuth) as this email before the lesson is confirmed. */
    ownZoom?: string;
  } = {},
) {
  const start = Date.parse(options.start ?? '2030-03-10T15:00:00Z');
  let now = start - 2 * DAY;
  const h = harness({ ...options.harness, now: () => now, sandbox: { ...options.harness?.sandbox, now: () => now } });
  const tutor = (
    await h.send('POST', '/api/tutors', {
      json: {
        name: 'Ms Rivera',
        email: `rivera.${crypto.randomUUID()}@example.com`,
        timezone: 'Europe/Madrid',
        ...options.tutor,
      },
    })
  ).body;
  const service = (
    await h.send('POST', '/api/services', {
      json: {
        tutor_id: tutor.id,
        name: 'Algebra II',
        duration_minutes: 60,
        auto_recording: 'cloud',
        waiting_room: true,
        ...options.service,
      },
    })
  ).body;
  if (options.ownZoom) await connectOwnZoom(h, tutor.id, options.ownZoom);
  const created = await h.send('POST', '/api/bookings', {
    json: {
      tutor_id: tutor.id,
      service_id: service.id,
      student_name: 'Sam Student',
      student_email: 'sam@example.com',
      parent_email: 'parent.of.sam@example.com',
      start_at: new Date(start).toISOString(),
      ...options.booking,
    },
  });
  const booking = (await h.send('POST', `/api/bookings/${created.body.id}/confirm`)).body;
  const links = (await h.send('POST', `/api/bookings/${booking.id}/links`)).body as Record<Role, { url: string }>;
  const idOf = (role: Role) => links[role].url.split('/l/')[1]!;
  const end = start + 60 * MIN;

  return {
    ...h,
    tutor,
    service,
    booking,
    start,
    end,
    now: () => now,
    /** Moves the shared clock to `ms` (an instant). */
    at: (ms: number) => void (now = ms),
    /** Plays the lesson on its Zoom meeting, delivering every event now, as Zoom would. */
    play: (script: LessonScript = {}) =>
      h.z.zoom.playLesson(booking.meeting.id!, { student_name: 'Sam Student', ...script }),
    detail: async () => (await h.send('GET', `/api/bookings/${booking.id}`)).body as BookingDetail,
    /** The lesson as a role's link shows it (`/api/lessons/{link}`). */
    view: async (role: Role) =>
      (await h.send('GET', `/api/lessons/${idOf(role)}`, { operator: false })).body as Record<string, any>,
    /** The page behind a role's link. */
    page: async (role: Role) =>
      (
        await h.send('GET', `/l/${idOf(role)}`, {
          operator: false,
          headers: { accept: 'text/html', 'accept-language': 'en' },
        })
      ).text,
    idOf,
  };
}

/** The tutor connects their own Zoom account: the link, Zoom's consent page, Allow, and back to the Worker. */
export async function connectOwnZoom(h: ReturnType<typeof harness>, tutorId: string, email: string) {
  const link = await h.send('POST', `/api/tutors/${tutorId}/zoom/connect`);
  const form = new URLSearchParams(new URL(link.body.authorize_url).search);
  form.set('email', email);
  const answer = await h.z.zoom.fetch('https://zoom.sandbox/oauth/authorize', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  });
  const back = await h.app.fetch(new Request(answer.headers.get('location')!), h.env);
  if (back.status !== 200) throw new Error(`connecting Zoom failed: ${await back.text()}`);
}
