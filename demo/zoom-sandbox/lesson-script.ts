/**
 * What a lesson script may say, and the plan it makes: when the host starts, when the student
 * arrives, waits, gets in and leaves, and the meeting's sessions (one, or two when it restarts).
 * A script Zoom could not play fails here with a message that says what to change.
 */
import type { SandboxMeeting } from './index';
import type { RecordingOptions } from './recordings';
import { meetingUuid } from './zoom-ids';

export interface LessonScript extends RecordingOptions {
  student_name?: string;
  /** Zoom shows a guest's email only under its display rules; empty by default. */
  student_email?: string;
  /** Minutes after the scheduled start the student arrives. */
  late_minutes?: number;
  /** Minutes the student stays once in; they leave at the end when not given. */
  attend_minutes?: number;
  /** The student never comes. */
  no_show?: boolean;
  /** Send recording.completed; defaults to the meeting's auto_recording being "cloud". */
  recording?: boolean;
  /** Minutes the student spends in the waiting room before the host admits them (needs the meeting's waiting room). */
  waiting_room_minutes?: number;
  /** false: the host never admits the student, who leaves the waiting room after `waiting_room_minutes`. */
  admitted?: boolean;
  /** Minutes after the scheduled start the host starts the meeting; default -1 (a minute early). */
  host_late_minutes?: number;
  /** The host never starts the meeting: Zoom reports only a student waiting for the host (jbh_waiting). */
  host_no_show?: boolean;
  /** The host ends the meeting this many minutes after starting it, then starts it again (a new uuid). */
  restart_after_minutes?: number;
  /** Minutes between the end and the restart; default 2. */
  restart_gap_minutes?: number;
  /** Send recording.transcript_completed after recording.completed. */
  transcript?: boolean;
  /** Minutes after the recording is ready the transcript is; default 60. */
  transcript_delay_minutes?: number;
  /** The transcript event's top-level download_token, which Zoom may leave out; default true. */
  transcript_download_token?: boolean;
  /** The transcript's cues, `Speaker: words`. */
  transcript_lines?: string[];
  /** Deliver these events (true: every event) a second time, after the lesson's events. */
  redeliver?: boolean | string[];
  /** Deliver the events in an order shuffled by this seed (the same seed, the same order). */
  shuffle_seed?: number;
  /** Leave out `event_ts` (true: from every event), as real 2020-era captures do. */
  omit_event_ts?: boolean | string[];
  /** Send `payload.object.id` as a number in meeting and participant events too, as some of Zoom's samples do. */
  numeric_ids?: boolean;
  /**
   * Stop while the lesson is live (the meeting started, everyone who comes is in): the rest (people
   * leaving, the end, the recording) waits for `POST /__sandbox/meetings/:id/resume`.
   */
  pause_when_live?: boolean;
}

/** A script Zoom could not play (the message says what to change). */
export class LessonScriptError extends Error {}

const MIN = 60_000;

/** One run of the meeting, from meeting.started to meeting.ended, under its own uuid. */
export interface Session {
  uuid: string;
  start: number;
  end: number;
}

/** When the student arrives, gets in, and leaves (null: never), and when the meeting's sessions are. */
export function lessonPlan(meeting: SandboxMeeting, script: LessonScript) {
  const start = Date.parse(meeting.start_time);
  const end = start + meeting.duration * MIN;
  const waitingRoom = meeting.settings.waiting_room === true;
  const joinBeforeHost = meeting.settings.join_before_host === true && !waitingRoom;
  const hostStart = script.host_no_show ? null : start + (script.host_late_minutes ?? -1) * MIN;
  if (hostStart !== null && hostStart >= end)
    throw new LessonScriptError('host_late_minutes must be less than the meeting duration.');
  if (script.waiting_room_minutes !== undefined && !waitingRoom)
    throw new LessonScriptError(
      'The meeting has no waiting room (settings.waiting_room is false), so Zoom sends no waiting-room events: ' +
        'create it with the waiting room on.',
    );
  if (script.admitted === false && script.waiting_room_minutes === undefined)
    throw new LessonScriptError('admitted: false needs waiting_room_minutes (how long the student waits).');

  const arrives = script.no_show ? null : start + (script.late_minutes ?? 0) * MIN;
  // With join-before-host off, a student early for the host waits for the host (Zoom's jbh_waiting).
  const waitsForHost = arrives !== null && !joinBeforeHost && (hostStart === null || arrives < hostStart);
  const entersAt =
    arrives === null || (waitsForHost && hostStart === null)
      ? null
      : joinBeforeHost
        ? arrives
        : Math.max(arrives, hostStart!);
  const leavesWaitingRoom =
    entersAt !== null && script.waiting_room_minutes !== undefined
      ? entersAt + script.waiting_room_minutes * MIN
      : null;
  const joins = leavesWaitingRoom === null ? entersAt : script.admitted === false ? null : leavesWaitingRoom;
  const leaves =
    joins === null
      ? null
      : Math.min(end, script.attend_minutes === undefined ? end : joins + script.attend_minutes * MIN);

  // A meeting starts when the host starts it, or (join-before-host on) when the student joins first.
  const first = joinBeforeHost && joins !== null && (hostStart === null || joins < hostStart) ? joins : hostStart;
  const last = hostStart === null ? leaves : end;
  const sessions: Session[] = [];
  if (first !== null && last !== null) {
    if (script.restart_after_minutes === undefined) sessions.push({ uuid: meetingUuid(), start: first, end: last });
    else {
      const cut = first + script.restart_after_minutes * MIN;
      const again = cut + (script.restart_gap_minutes ?? 2) * MIN;
      if (script.restart_after_minutes <= 0 || again >= last)
        throw new LessonScriptError('restart_after_minutes plus restart_gap_minutes must end before the meeting does.');
      sessions.push({ uuid: meetingUuid(), start: first, end: cut }, { uuid: meetingUuid(), start: again, end: last });
    }
  }
  return { start, hostStart, arrives, waitsForHost, entersAt, leavesWaitingRoom, joins, leaves, sessions };
}
