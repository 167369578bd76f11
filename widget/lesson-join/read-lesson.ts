/**
 * Reads what the API says about a link and trusts none of it. Names are only ever rendered as
 * text; an unknown role or phase, or a time that is not one, makes a lesson unusable; and a link
 * that is not http(s), or that would give its holder the host's powers, is dropped.
 */
import type { LessonView, PersonView } from '../../shared/api';
import { LESSON_PHASES, PROVIDERS, ROLES, VERDICTS, type Verdict } from '../../shared/terms';
import { isHostLink, isWebLink } from '../../shared/web-link';

/** The part of the lesson view the component shows. */
export type Lesson = Pick<
  LessonView,
  | 'kind'
  | 'id'
  | 'role'
  | 'phase'
  | 'provider'
  | 'tutor_name'
  | 'tutor_photo_url'
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
> & {
  /** Tutor and parent: the tutor's and the student's attendance, once the lesson started. */
  attendance: Attendance | null;
  /** Tutor: where their lesson note stands. */
  note: 'draft' | 'final' | null;
  /** Parent: the tutor's note on the lesson is final and theirs to read on the lesson's page. */
  summary_ready: boolean;
};

/** What the component says of a party's attendance. */
export type Party = { name: string; verdict: Verdict | null; late_minutes: number; left_early_minutes: number };
export type Attendance = { final: boolean; tutor: Party; student: Party };

/** A person's lessons as the component shows them: the next one first, then the later, then past ones. */
export type Person = Pick<PersonView, 'kind' | 'role' | 'name' | 'server_time' | 'refresh_at'> & { lessons: Lesson[] };

/** What a link shows: one lesson, or a person's lessons. */
export type View = Lesson | Person;

const link = (value: unknown) => (isWebLink(value) && !isHostLink(value) ? value : null);
const instant = (value: unknown) => (Date.parse(value as string) ? (value as string) : null);
const party = (p: Party): Party => ({
  name: String(p.name),
  verdict: VERDICTS.includes(p.verdict!) ? p.verdict : null,
  late_minutes: Number(p.late_minutes) || 0,
  left_early_minutes: Number(p.left_early_minutes) || 0,
});
const attendance = (a: Attendance | null | undefined): Attendance | null =>
  a?.tutor && a.student ? { final: a.final === true, tutor: party(a.tutor), student: party(a.student) } : null;

/** The lesson, or null when the answer is not one. */
export function toLesson(data: unknown): Lesson | null {
  const d = data as (LessonView & { attendance: Attendance | null }) | null;
  if (!d || !ROLES.includes(d.role) || !LESSON_PHASES.includes(d.phase)) return null;
  if ([d.starts_at, d.ends_at, d.join_opens_at, d.server_time].some((t) => !Date.parse(t))) return null;
  const tutor = d.role === 'tutor';
  // Only the fields we know, each as the kind it must be.
  return {
    kind: 'lesson',
    id: String(d.id),
    role: d.role,
    phase: d.phase,
    provider: PROVIDERS.includes(d.provider) ? d.provider : 'manual',
    tutor_name: String(d.tutor_name),
    tutor_photo_url: link(d.tutor_photo_url),
    student_name: String(d.student_name),
    service_name: String(d.service_name),
    starts_at: d.starts_at,
    ends_at: d.ends_at,
    join_opens_at: d.join_opens_at,
    server_time: d.server_time,
    refresh_at: instant(d.refresh_at),
    joining_open: d.joining_open === true,
    waiting_for_host: d.waiting_for_host === true,
    url: link(d.url),
    student_url: tutor ? link(d.student_url) : null,
    parent_url: tutor ? link(d.parent_url) : null,
    passcode: d.passcode ? String(d.passcode) : null,
    meeting_number: /^\d{9,12}$/.test(String(d.meeting_number)) ? d.meeting_number : null,
    recording_ready: tutor && d.recording_ready === true,
    // The student's card carries no verdicts: the Worker sends none, and none is shown if it did.
    attendance: d.role === 'student' ? null : attendance(d.attendance ?? d.summary?.attendance),
    note: tutor && (d.note?.status === 'draft' || d.note?.status === 'final') ? d.note.status : null,
    summary_ready: d.role === 'parent' && !!d.summary,
  };
}

/** What a link shows, or null when the answer is neither a lesson nor a person's lessons. */
export function toView(data: unknown): View | null {
  const d = data as Person | null;
  if (d?.kind !== 'person') return toLesson(data);
  if (!ROLES.includes(d.role) || !instant(d.server_time) || !Array.isArray(d.lessons)) return null;
  return {
    kind: 'person',
    role: d.role,
    name: String(d.name),
    server_time: d.server_time,
    refresh_at: instant(d.refresh_at),
    // A lesson that is not one, or not in the person's role, is left out rather than guessed at.
    lessons: d.lessons.map(toLesson).filter((l): l is Lesson => l?.role === d.role),
  };
}
