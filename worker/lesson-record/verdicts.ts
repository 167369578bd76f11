/**
 * Attendance verdicts, per party, judged from the stored events whenever they are read:
 * - arrival is the first sign of someone (waiting for the host, in the waiting room, or in), so a
 *   student kept waiting by the tutor is not late; lateness is counted from the scheduled start;
 * - leaving early is counted to the scheduled end, or (for everyone but the tutor) to the meeting's
 *   end when the tutor ended it sooner;
 * - minutes within the tutor's grace period are on time;
 * - someone who only ever waited is `not_admitted`; nobody at all is `no_show` (`host_no_show` for
 *   the tutor), once the verdicts are final: `VERDICT_FINAL_MS` after the meeting's end, or after
 *   the scheduled end of a meeting never started.
 * Before they are final, verdicts say what is known so far (null: nothing yet).
 */
import type { AttendanceVerdicts, PartyVerdict, Verdict } from '../../shared/api';
import type { AttendanceEventRow, AttendanceKind, BookingRow, TutorRow } from '../db/schema';
import { VERDICT_FINAL_MS, lessonEnd } from '../lifecycle/schedule';
import { type Span, byPerson, countedFrom, minutes, staysOf } from './stays';

const MIN = 60_000;
const KIND_ORDER: AttendanceKind[] = ['waiting_for_host', 'waiting', 'admitted', 'left_waiting_room', 'joined', 'left'];
const wholeMinutes = (ms: number) => Math.max(0, Math.round(ms / MIN));
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** When the verdicts stop changing: after the meeting's end, or the scheduled end of one never started. */
export function verdictsFinalAt(b: BookingRow): number | null {
  if (b.endedAt) return b.endedAt.getTime() + VERDICT_FINAL_MS;
  if (!b.startedAt && (b.status === 'confirmed' || b.status === 'missed')) return lessonEnd(b) + VERDICT_FINAL_MS;
  return null;
}

export function judgeAttendance(
  all: AttendanceEventRow[],
  b: BookingRow,
  tutor: TutorRow,
  now: number,
): AttendanceVerdicts {
  const events = all.filter((e) => e.at.getTime() >= countedFrom(b));
  // A lesson on a link no provider reports on (no meeting id, no event) has nothing to judge.
  const reported = b.meetingId !== null || b.startedAt !== null || events.length > 0 || b.status === 'missed';
  const finalAt = reported ? verdictsFinalAt(b) : null;
  const final = finalAt !== null && now >= finalAt;
  const start = b.startAt.getTime();
  const end = lessonEnd(b);
  const meetingEnd = b.endedAt?.getTime() ?? null;
  const grace = tutor.attendanceGraceMinutes;

  function judge(
    name: string,
    list: AttendanceEventRow[],
    absent: Verdict,
    refEnd: number,
    fallback: Span | null = null,
  ): PartyVerdict {
    let stays = staysOf(list, b);
    if (!stays.length && fallback) stays = [fallback];
    const arrived = Math.min(...list.map((e) => e.at.getTime()), stays[0]?.[0] ?? Number.POSITIVE_INFINITY);
    const came = Number.isFinite(arrived) && reported;
    // Someone still in while the meeting runs has not left early (yet).
    const lastOut = Math.max(...stays.map(([, to]) => to ?? meetingEnd ?? Number.POSITIVE_INFINITY));
    const late = came ? wholeMinutes(arrived - start) : 0;
    const leftEarly = stays.length && Number.isFinite(lastOut) ? wholeMinutes(refEnd - lastOut) : 0;
    const verdict: Verdict | null = !came
      ? final
        ? absent
        : null
      : !stays.length
        ? 'not_admitted'
        : late > grace
          ? 'late'
          : leftEarly > grace
            ? 'left_early'
            : 'on_time';
    return {
      name,
      verdict: reported ? verdict : null,
      late_minutes: late,
      left_early_minutes: leftEarly,
      minutes_attended: minutes(stays, meetingEnd ?? now),
      arrived_at: came ? iso(arrived) : null,
    };
  }

  const people = byPerson(events);
  const of = (role: AttendanceEventRow['role']) => people.filter((p) => p[0]!.role === role);
  const othersEnd = Math.min(end, meetingEnd ?? end);
  // The tutor started the meeting (join before host is off), even when Zoom sent no join for them.
  const started: Span | null = b.startedAt ? [b.startedAt.getTime(), meetingEnd] : null;
  return {
    final,
    final_at: iso(finalAt),
    grace_minutes: grace,
    tutor: judge(tutor.name, of('host').flat(), 'host_no_show', end, started),
    student: judge(b.studentName, of('student').flat(), 'no_show', othersEnd),
    guests: of('guest').map((p) => judge(p[0]!.name, p, 'no_show', othersEnd)),
    // Events of one instant in the order they happen (in before out), then by name: the same every time.
    timeline: events
      .sort(
        (x, y) =>
          x.at.getTime() - y.at.getTime() ||
          KIND_ORDER.indexOf(x.kind) - KIND_ORDER.indexOf(y.kind) ||
          x.name.localeCompare(y.name),
      )
      .map((e) => ({ at: e.at.toISOString(), name: e.name, role: e.role, event: e.kind })),
  };
}

/** Who is waiting right now (for the host to start, or to be admitted): each person's latest event says so. */
export function waitingNow(events: AttendanceEventRow[], b: BookingRow): { name: string }[] {
  return byPerson(events)
    .map((list) => list.at(-1)!)
    .filter(
      (e) =>
        e.role !== 'host' &&
        (e.kind === 'waiting' || (e.kind === 'waiting_for_host' && !(b.startedAt && b.startedAt > e.at))),
    )
    .map((e) => ({ name: e.name }));
}
