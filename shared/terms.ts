/**
 * The words the Worker and the widget share: providers, lesson statuses, roles, phases. Plain
 * constants with no dependencies, so the widget can use them without pulling in zod.
 */

export const PROVIDERS = ['zoom', 'google_meet', 'teams', 'manual'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** `missed`: the meeting was never started by the lesson's end (the tutor did not come); settled by the sweep. */
export const LESSON_STATUSES = [
  'pending_payment',
  'confirmed',
  'in_progress',
  'completed',
  'missed',
  'cancelled',
] as const;
export type LessonStatus = (typeof LESSON_STATUSES)[number];

/** none → pending → ready; failed while retrying; fallback when the tutor's backup link took over. */
export const PROVISIONING_STATES = ['none', 'pending', 'ready', 'failed', 'fallback'] as const;
export type ProvisioningState = (typeof PROVISIONING_STATES)[number];

/** Who a link is for; the link decides it, never the page that shows it. */
export const ROLES = ['tutor', 'student', 'parent'] as const;
export type Role = (typeof ROLES)[number];

/** What a link stands for: one lesson, or a person (all lessons of a student, a parent or a tutor). */
export const LINK_SCOPES = ['lesson', 'person'] as const;
export type LinkScope = (typeof LINK_SCOPES)[number];

/**
 * Where a lesson stands for the people in it, in the order it usually goes: unpaid, link being
 * prepared (or `no_link`: nothing will come without the tutor), upcoming, open to join, live, ended;
 * or cancelled.
 */
export const LESSON_PHASES = [
  'awaiting_payment',
  'preparing',
  'no_link',
  'upcoming',
  'open',
  'live',
  'ended',
  'cancelled',
] as const;
export type LessonPhase = (typeof LESSON_PHASES)[number];

export const AUTO_RECORDING = ['none', 'cloud', 'local'] as const;
export type AutoRecording = (typeof AUTO_RECORDING)[number];

/** How many links a page may read in one request (`POST /api/lessons`); a page with more sends several. */
export const MAX_LINKS_PER_READ = 50;
/** The languages lesson-join speaks: pages, messages and `<lesson-join>`. */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * What the outbox sends: to students, parents and tutors about a lesson (confirmation, update,
 * cancellation, the link being ready after a delay, three reminders), to the family the lesson
 * summary once the tutor's note is final, and to tutors alerts (a lesson with no working link 30
 * minutes before it, their Zoom account disconnected).
 */
export const MESSAGE_KINDS = [
  'confirmation',
  'update',
  'cancellation',
  'link_ready',
  'reminder_day',
  'reminder_hour',
  'reminder_join',
  'lesson_summary',
  'no_link_alert',
  'account_alert',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** pending → sent; skipped when no longer true at its moment; dropped by a later change; failed after every retry. */
export const MESSAGE_STATUSES = ['pending', 'sent', 'skipped', 'dropped', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * A party's attendance: `late` and `left_early` beyond the tutor's grace minutes, `no_show` (the
 * tutor's: `host_no_show`), `not_admitted` (only ever waited: for the host to start, or in the
 * waiting room). Late wins over left early; both minute counts are always given.
 */
export const VERDICTS = ['on_time', 'late', 'left_early', 'no_show', 'host_no_show', 'not_admitted'] as const;
export type Verdict = (typeof VERDICTS)[number];
