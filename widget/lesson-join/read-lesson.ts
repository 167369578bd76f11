/**
 * Reads the lesson view from the API and trusts none of it. Names are only ever rendered as text;
 * an unknown role or phase, or a time that is not one, makes the answer unusable; and a link that
 * is not http(s), or that would give its holder the host's powers, is dropped.
 */
import type { LessonView } from '../../shared/api';
import { LESSON_PHASES, PROVIDERS, ROLES } from '../../shared/terms';
import { isHostLink, isWebLink } from '../../shared/web-link';
import type { LessonProblem } from './emit';

/** The part of the lesson view the component shows. */
export type Lesson = Pick<
  LessonView,
  | 'role'
  | 'phase'
  | 'provider'
  | 'tutor_name'
  | 'student_name'
  | 'service_name'
  | 'starts_at'
  | 'ends_at'
  | 'join_opens_at'
  | 'joining_open'
  | 'waiting_for_host'
  | 'url'
  | 'student_url'
  | 'parent_url'
  | 'passcode'
  | 'meeting_number'
  | 'recording_ready'
  | 'server_time'
  | 'refresh_at'
>;

const link = (value: unknown) => (isWebLink(value) && !isHostLink(value) ? value : null);

/** The lesson, or null when the answer is not one. */
export function toLesson(data: unknown): Lesson | null {
  const d = data as Lesson | null;
  if (!d || !ROLES.includes(d.role) || !LESSON_PHASES.includes(d.phase)) return null;
  if ([d.starts_at, d.ends_at, d.join_opens_at, d.server_time].some((t) => !Date.parse(t))) return null;
  const tutor = d.role === 'tutor';
  // Only the fields we know, each as the kind it must be.
  return {
    role: d.role,
    phase: d.phase,
    provider: PROVIDERS.includes(d.provider) ? d.provider : 'manual',
    tutor_name: String(d.tutor_name),
    student_name: String(d.student_name),
    service_name: String(d.service_name),
    starts_at: d.starts_at,
    ends_at: d.ends_at,
    join_opens_at: d.join_opens_at,
    server_time: d.server_time,
    refresh_at: Date.parse(d.refresh_at!) ? d.refresh_at : null,
    joining_open: d.joining_open === true,
    waiting_for_host: d.waiting_for_host === true,
    url: link(d.url),
    student_url: tutor ? link(d.student_url) : null,
    parent_url: tutor ? link(d.parent_url) : null,
    passcode: d.passcode ? String(d.passcode) : null,
    meeting_number: /^\d{9,12}$/.test(String(d.meeting_number)) ? d.meeting_number : null,
    recording_ready: tutor && d.recording_ready === true,
  };
}

/**
 * The lesson in a link's answer. A person's link (all of a student's, parent's or tutor's lessons)
 * is not one lesson: the card says so rather than guess which to show.
 */
function lessonOf(body: { kind?: unknown } | null, status: number): Lesson {
  if (body?.kind === 'person')
    throw problem(status, 'person_link', "A person's link: give the element one lesson's link.");
  const lesson = toLesson(body);
  if (lesson) return lesson;
  throw problem(status, 'invalid_response', 'Not a lesson view.');
}

/**
 * Fetches `GET {api}/api/lessons/{path}` without credentials; `path` is a checked link
 * (`id` or `id/bookingId`, see `readLink`).
 * @throws {LessonProblem} when the lesson cannot be read; `status` 0 means the network failed.
 */
export async function fetchLesson(api: string, path: string, signal: AbortSignal): Promise<Lesson> {
  let res: Response;
  try {
    res = await fetch(`${api.replace(/\/+$/, '')}/api/lessons/${path}`, {
      signal,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (e) {
    if (signal.aborted) throw e;
    throw problem(0, 'network', String(e));
  }
  const body = await res.json().catch(() => null);
  if (res.ok) return lessonOf(body, res.status);
  const failed = problem(
    res.status,
    String(body?.error?.code ?? 'http_error'),
    String(body?.error?.message ?? res.statusText),
  );
  // Seconds only; a date, or nothing, leaves the element's own pace.
  const retryAfter = Number(res.headers.get('retry-after'));
  if (retryAfter > 0) failed.retryAfter = retryAfter;
  throw failed;
}

const problem = (status: number, code: string, message: string): LessonProblem => ({ status, code, message });
