/**
 * The words the Worker and the widget share: providers, lesson statuses, roles, phases. Plain
 * constants with no dependencies, so the widget can use them without pulling in zod.
 */

export const PROVIDERS = ['zoom', 'google_meet', 'teams', 'manual'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const LESSON_STATUSES = ['pending_payment', 'confirmed', 'in_progress', 'completed', 'cancelled'] as const;
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
