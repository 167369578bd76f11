/**
 * What Zoom's events mean for a lesson. Each event is handled once (by event, meeting session,
 * participant and time); events for meetings we do not know are acknowledged and change nothing.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db';
import {
  bookings,
  services,
  tutors,
  zoomGrants,
  type AttendanceKind,
  type BookingRow,
  type ServiceRow,
  type TutorRow,
} from '../../db/schema';
import { attendanceOf, recordAttendance } from '../../lesson-record/attendance';
import { scheduleForgetting } from '../../lesson-record/forget';
import { draftNote, noteTemplate } from '../../lesson-record/notes';
import { storeRecording } from '../../lesson-record/recordings';
import type { Lifecycle } from '../../lifecycle';
import { zoomAccountGone } from '../../providers/zoom';
import { once } from '../once';
import type { PARTICIPANT_EVENTS, ZoomEvent } from './payloads';

export interface ZoomEventDeps {
  db: Db;
  lifecycle: Lifecycle;
  now: () => number;
  /** Seals recording download tokens; without it they are not kept. */
  dataKey?: string;
}

export type ZoomOutcome =
  | { handled: true; bookingId?: string }
  | { handled: false; reason: 'unknown_meeting' | 'unknown_user' | 'duplicate' | 'not_for_this_lesson' };

interface Lesson {
  booking: BookingRow;
  tutor: TutorRow;
  service: ServiceRow;
}

type MeetingEvent = Exclude<ZoomEvent, { event: 'endpoint.url_validation' | 'app_deauthorized' }>;

/** What each of Zoom's participant events says about the person. */
const ATTENDANCE_KIND: Record<(typeof PARTICIPANT_EVENTS)[number], AttendanceKind> = {
  'meeting.participant_joined': 'joined',
  'meeting.participant_left': 'left',
  'meeting.participant_jbh_waiting': 'waiting_for_host',
  'meeting.participant_joined_waiting_room': 'waiting',
  'meeting.participant_put_in_waiting_room': 'waiting',
  'meeting.participant_admitted': 'admitted',
  'meeting.participant_left_waiting_room': 'left_waiting_room',
};

async function lessonFor(db: Db, meetingId: string | number): Promise<Lesson | null> {
  const [row] = await db
    .select({ booking: bookings, tutor: tutors, service: services })
    .from(bookings)
    .innerJoin(tutors, eq(tutors.id, bookings.tutorId))
    .innerJoin(services, eq(services.id, bookings.serviceId))
    .where(and(eq(bookings.meetingProvider, 'zoom'), eq(bookings.meetingId, String(meetingId))));
  return row ?? null;
}

/** Zoom redelivers the same body; these fields tell one event from another. */
function eventKey(e: Exclude<ZoomEvent, { event: 'endpoint.url_validation' }>): string {
  if (e.event === 'app_deauthorized') {
    const p = e.payload;
    return `app_deauthorized:${p.signature ?? `${p.user_id}:${p.deauthorization_time ?? p.event_ts ?? e.event_ts ?? ''}`}`;
  }
  const o = e.payload.object;
  const who =
    'participant' in o
      ? `:${o.participant.participant_uuid || o.participant.user_id || o.participant.user_name || ''}`
      : '';
  // Without `event_ts` (real captures lack it), the event's own moment tells two joins apart.
  const moment =
    'participant' in o
      ? (o.participant.join_time ?? o.participant.leave_time ?? o.participant.date_time)
      : e.event === 'meeting.ended'
        ? o.end_time
        : o.start_time;
  return `${e.event}:${o.uuid}${who}:${e.event_ts ?? moment ?? ''}`;
}

/** When Zoom says the event happened: `event_ts` in milliseconds (a number or digits), else now. */
function eventTime(ts: string | number | undefined, now: number): Date {
  const ms = typeof ts === 'number' || /^\d{1,15}$/.test(ts ?? '') ? Number(ts) : Number.NaN;
  return new Date(Number.isFinite(ms) ? ms : now);
}

export async function handleZoomEvent(
  deps: ZoomEventDeps,
  event: Exclude<ZoomEvent, { event: 'endpoint.url_validation' }>,
): Promise<ZoomOutcome> {
  const { db } = deps;
  const eventId = eventKey(event);

  if (event.event === 'app_deauthorized') {
    const grants = await db
      .select({ tutorId: zoomGrants.tutorId })
      .from(zoomGrants)
      .where(eq(zoomGrants.zoomUserId, event.payload.user_id));
    if (!grants.length) return { handled: false, reason: 'unknown_user' };
    const done = await once(db, { source: 'zoom', eventId, type: event.event }, deps.now(), async () => {
      // The tutor must connect again; unless they chose to keep it, what we hold from their account goes too.
      for (const { tutorId } of grants) {
        const gone = zoomAccountGone(tutorId, 'needs_reconnect');
        await deps.lifecycle.tutorAccount(tutorId, gone);
        if (event.payload.user_data_retention !== true)
          await scheduleForgetting(db, { tutorId, host: gone.host, reason: 'zoom_app_removed' }, deps.now());
      }
    });
    return done.duplicate ? { handled: false, reason: 'duplicate' } : { handled: true };
  }

  const lesson = await lessonFor(db, event.payload.object.id);
  if (!lesson) return { handled: false, reason: 'unknown_meeting' };
  const done = await once(
    db,
    { source: 'zoom', eventId, type: event.event, bookingId: lesson.booking.id },
    deps.now(),
    () => apply(deps, event, lesson),
  );
  return done.duplicate ? { handled: false, reason: 'duplicate' } : done.value;
}

async function apply(deps: ZoomEventDeps, event: MeetingEvent, lesson: Lesson): Promise<ZoomOutcome> {
  const { db, lifecycle } = deps;
  const bookingId = lesson.booking.id;
  const happened = eventTime(event.event_ts, deps.now());

  switch (event.event) {
    case 'meeting.started': {
      const o = event.payload.object;
      await lifecycle.markStarted(bookingId, o.start_time ? new Date(o.start_time) : happened);
      return { handled: true, bookingId };
    }

    case 'meeting.ended': {
      const o = event.payload.object;
      const ended = await lifecycle.markEnded(
        bookingId,
        o.end_time ? new Date(o.end_time) : happened,
        o.start_time ? new Date(o.start_time) : undefined,
      );
      if (ended) await refreshNote(deps, { ...lesson, booking: ended });
      return { handled: true, bookingId };
    }

    case 'meeting.participant_joined':
    case 'meeting.participant_left':
    case 'meeting.participant_jbh_waiting':
    case 'meeting.participant_joined_waiting_room':
    case 'meeting.participant_put_in_waiting_room':
    case 'meeting.participant_admitted':
    case 'meeting.participant_left_waiting_room': {
      const o = event.payload.object;
      const p = o.participant;
      const at = p.join_time ?? p.leave_time ?? p.date_time;
      await recordAttendance(db, {
        booking: lesson.booking,
        tutor: lesson.tutor,
        meetingUuid: o.uuid,
        hostId: o.host_id,
        participant: p,
        kind: ATTENDANCE_KIND[event.event],
        at: at ? new Date(at) : happened,
      });
      // Attendance that arrives after the end still belongs in the draft note.
      if (lesson.booking.status === 'completed') await refreshNote(deps, lesson);
      return { handled: true, bookingId };
    }

    case 'recording.completed':
    case 'recording.transcript_completed': {
      // Kept whenever Zoom reports one (a tutor may record by hand); the service decides only whether
      // a transcript is asked for when Zoom sends none.
      const o = event.payload.object;
      await storeRecording(
        db,
        lesson.booking,
        {
          meetingUuid: o.uuid,
          shareUrl: o.share_url,
          totalSize: o.total_size,
          autoDeleteDate: o.auto_delete_date,
          downloadToken: event.download_token,
          files: o.recording_files,
        },
        {
          dataKey: deps.dataKey,
          now: deps.now(),
          transcribe: event.event === 'recording.completed' && lesson.service.autoRecording !== 'none',
        },
      );
      return { handled: true, bookingId };
    }

    case 'meeting.deleted': {
      // An upcoming lesson gets a new meeting, made after Zoom has its answer.
      const lost = await lifecycle.meetingLost(bookingId, String(event.payload.object.id));
      if (!lost) return { handled: false, reason: 'not_for_this_lesson' };
      return { handled: true, bookingId };
    }
  }
}

async function refreshNote(deps: ZoomEventDeps, lesson: Lesson): Promise<void> {
  const attendance = await attendanceOf(deps.db, lesson.booking, lesson.tutor, deps.now());
  await draftNote(
    deps.db,
    noteTemplate(lesson.booking, lesson.tutor, lesson.service, attendance),
    lesson.booking.id,
    deps.now(),
  );
}
