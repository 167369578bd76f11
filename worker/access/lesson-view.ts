/**
 * What each role may see of a lesson, and where the lesson stands in time. The one place these
 * rules live: the lesson API, the pages and the stable link all read them from here.
 */
import type { LessonPhase, LessonView, RecordingLink, Role } from '../../shared/api';
import { checkPhotoUrl, storedMeetingUrl } from '../../shared/urls';
import type { BookingRow, ServiceRow, TutorRow } from '../db/schema';
import type { RecordFacts } from '../lesson-record';
import { lessonSummary, summaryReader } from '../lesson-record/summary';
import { judgeAttendance, waitingNow } from '../lesson-record/verdicts';
import { FALLBACK_WINDOW_MS, lessonEnd } from '../lifecycle/schedule';

export interface LessonFacts {
  booking: BookingRow;
  tutor: TutorRow;
  service: ServiceRow;
  /** False when the lesson's provider cannot make meetings until someone sets it up. */
  providerReady: boolean;
  /** The meeting is one the provider holds (Zoom): it says when the host starts it, and has a number. */
  hostedMeeting: boolean;
  /** Whether Zoom delivered a finished recording; only asked for the tutor. */
  recordingReady: boolean;
  /** What happened in the lesson, read once it may show (`needsRecord`). */
  record?: RecordFacts;
}

export interface ViewContext {
  role: Role;
  now: number;
  joinWindowMs: number;
  /** This viewer's stable link to the lesson, and (for the tutor) the student's and the parent's. */
  url: string;
  studentUrl: string | null;
  parentUrl: string | null;
  /** The recording's links this viewer may open; null when they may not. */
  recordings?: RecordingLink[] | null;
}

/** How often a viewer asks again while the link is being prepared or missing, or the host is awaited. */
const PREPARING_REFRESH_MS = 30_000;
const NO_LINK_REFRESH_MS = 60_000;
const WAITING_REFRESH_MS = 30_000;
/** After the end, the tutor's view waits for Zoom's recording this long. */
const RECORDING_WAIT_MS = 24 * 3600_000;
const RECORDING_REFRESH_MS = 5 * 60_000;
const LIVE_REFRESH_MS = 5 * 60_000;
/** The tutor's view while people may be waiting to be let in, and while someone is. */
const HOST_REFRESH_MS = 15_000;
const SOMEONE_WAITING_REFRESH_MS = 5_000;

const iso = (ms: number) => new Date(ms).toISOString();

/** The meeting link a lesson can be joined by now, or null while there is none. */
export function currentJoinUrl(b: BookingRow): string | null {
  // Checked again as it is read: a link stored before today's rules is no link at all.
  return b.provisioning === 'ready' || b.provisioning === 'fallback' ? storedMeetingUrl(b.joinUrl) : null;
}

/** Where the lesson stands; `live` only once the provider said the meeting started. */
export function lessonPhase(facts: LessonFacts, now: number, joinWindowMs: number): LessonPhase {
  const { booking: b } = facts;
  const start = b.startAt.getTime();
  switch (b.status) {
    case 'cancelled':
      return 'cancelled';
    case 'completed':
    case 'missed':
      return 'ended';
    case 'pending_payment':
      return 'awaiting_payment';
    case 'in_progress':
      return 'live';
  }
  if (now >= lessonEnd(b)) return 'ended';
  if (!currentJoinUrl(b)) {
    // Waiting helps only while the provider can still deliver in time; otherwise people need the tutor.
    const stuck = !facts.providerReady || (b.provisioning === 'failed' && now >= start - FALLBACK_WINDOW_MS);
    return stuck ? 'no_link' : 'preparing';
  }
  return now >= start - joinWindowMs ? 'open' : 'upcoming';
}

/**
 * The lesson as `role` sees it. Nobody gets the meeting's own links here (the stable link redirects
 * to them); only the tutor learns about recordings and gets the student's and parent's links to share.
 */
export function lessonView(facts: LessonFacts, ctx: ViewContext): LessonView {
  const { booking: b, tutor, service } = facts;
  const { role, now } = ctx;
  const start = b.startAt.getTime();
  const end = lessonEnd(b);
  const opensAt = start - ctx.joinWindowMs;
  const phase = lessonPhase(facts, now, ctx.joinWindowMs);
  const cancelled = phase === 'cancelled';
  const isTutor = role === 'tutor';
  const recordingReady = isTutor ? facts.recordingReady : null;
  const hosted = facts.hostedMeeting && b.provisioning === 'ready';
  const waitingForHost = phase === 'open' && hosted && now >= start;
  const { record } = facts;
  // A student reads the lesson summary (with its verdicts) only when no parent does; the live attendance never.
  const readsSummary = role !== 'student' || summaryReader(b) === 'student';
  const judged = record && readsSummary ? judgeAttendance(record.events, b, tutor, now) : null;
  const attendance = judged && role !== 'student' && (phase === 'live' || phase === 'ended') ? judged : null;
  const waiting = isTutor && record && (phase === 'open' || phase === 'live') ? waitingNow(record.events, b) : null;

  const refreshAt = ((): number | null => {
    switch (phase) {
      case 'upcoming':
        return opensAt;
      case 'open':
        return waitingForHost ? Math.min(end, now + WAITING_REFRESH_MS) : start;
      case 'live':
        // Zoom may end the meeting early or run over; look again now and then, and at the end.
        return now < end ? Math.min(end, now + LIVE_REFRESH_MS) : now + LIVE_REFRESH_MS;
      case 'preparing':
      case 'awaiting_payment':
        return now + PREPARING_REFRESH_MS;
      case 'no_link':
        return now + NO_LINK_REFRESH_MS;
      case 'ended':
        return isTutor && !recordingReady && now < end + RECORDING_WAIT_MS ? now + RECORDING_REFRESH_MS : null;
      case 'cancelled':
        return null;
    }
  })();
  // Verdicts turn final a few minutes after the end; the tutor sees who waits within seconds.
  const finalAt = attendance && !attendance.final && attendance.final_at ? Date.parse(attendance.final_at) : null;
  const hostRefresh = waiting ? now + (waiting.length ? SOMEONE_WAITING_REFRESH_MS : HOST_REFRESH_MS) : null;
  const soonest = [refreshAt, finalAt, hostRefresh].filter((t): t is number => t !== null);

  return {
    kind: 'lesson',
    id: b.id,
    role,
    phase,
    status: b.status,
    provisioning: b.provisioning,
    provider: b.provisioning === 'fallback' ? 'manual' : (b.meetingProvider ?? b.provider),
    tutor_name: tutor.name,
    // Checked again as it is read, like every stored link.
    tutor_photo_url: tutor.photoUrl && checkPhotoUrl(tutor.photoUrl).ok ? tutor.photoUrl : null,
    student_name: b.studentName,
    service_name: service.name,
    starts_at: iso(start),
    ends_at: iso(end),
    duration_minutes: b.durationMinutes,
    timezone: b.timezone,
    join_opens_at: iso(opensAt),
    joining_open: (phase === 'open' || phase === 'live') && currentJoinUrl(b) !== null,
    url: cancelled ? null : ctx.url,
    student_url: isTutor && !cancelled ? ctx.studentUrl : null,
    parent_url: isTutor && !cancelled ? ctx.parentUrl : null,
    passcode: cancelled ? null : b.passcode,
    meeting_number: !cancelled && hosted && b.meetingId && /^\d{9,12}$/.test(b.meetingId) ? b.meetingId : null,
    waiting_for_host: waitingForHost,
    recording_ready: recordingReady,
    attendance: attendance && { final: attendance.final, tutor: attendance.tutor, student: attendance.student },
    waiting,
    recordings: cancelled ? null : (ctx.recordings ?? null),
    recording_shared: isTutor ? !!record?.shared : null,
    note:
      isTutor && record?.note
        ? {
            status: record.note.status,
            body: record.note.body,
            updated_at: record.note.updatedAt.toISOString(),
            finalized_at: record.note.finalizedAt?.toISOString() ?? null,
          }
        : null,
    summary: readsSummary && record ? lessonSummary(facts, record.note, judged) : null,
    server_time: iso(now),
    refresh_at: soonest.length ? iso(Math.min(...soonest)) : null,
  };
}
