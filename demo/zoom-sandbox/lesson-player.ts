/**
 * Plays a whole lesson on a sandbox meeting, as Zoom would report it: the meeting starts (a new
 * session uuid), the host joins, the student joins late and leaves, the meeting ends, and the cloud
 * recording is ready. A script can add what real lessons do: a waiting room, a student waiting for
 * a host who is late or never comes, a student who never comes or leaves early, a meeting ended and
 * started again, a transcript, and Zoom's delivery quirks (redeliveries, any order, no `event_ts`).
 * Event times follow the lesson's schedule; deliveries happen now, one after another.
 */
import type { HostCapacity } from './capacity';
import type { SandboxMeeting } from './index';
import { type LessonScript, LessonScriptError, lessonPlan, type Session } from './lesson-script';
import type { RecordingStore } from './recordings';
import type { Delivery, WebhookSender, ZoomApp } from './webhooks';
import { meetingUuid, seededRandom, zoomTime } from './zoom-ids';

export { type LessonScript, LessonScriptError } from './lesson-script';

export interface LessonStage {
  webhooks: WebhookSender;
  accountId: string;
  app: ZoomApp;
  recordings: RecordingStore;
  capacity: HostCapacity;
  /** The rest of the lessons paused while live (`pause_when_live`), by meeting id. */
  paused: Map<number, object[]>;
}

/** Events that take someone out of the lesson or end it: a paused lesson stops before the first. */
const AFTER_LIVE = new Set([
  'meeting.participant_left',
  'meeting.participant_left_waiting_room',
  'meeting.ended',
  'recording.completed',
]);

const MIN = 60_000;

/** Order of events that share an instant: the meeting starts before anyone joins, people leave before it ends. */
const RANK = {
  jbh: 0,
  started: 1,
  hostJoined: 2,
  waiting: 3,
  admitted: 4,
  joined: 5,
  left: 6,
  hostLeft: 7,
  ended: 8,
  recording: 9,
  transcript: 10,
} as const;

const picked = (option: boolean | string[] | undefined, event: string) =>
  option === true || (Array.isArray(option) && option.includes(event));

export async function playLesson(
  meeting: SandboxMeeting,
  script: LessonScript,
  stage: LessonStage,
): Promise<Delivery[]> {
  const recording = script.recording ?? meeting.settings.auto_recording === 'cloud';
  if (script.pause_when_live && script.shuffle_seed !== undefined)
    throw new LessonScriptError('pause_when_live plays the events in their order: leave out shuffle_seed.');
  if (stage.paused.has(meeting.id))
    throw new LessonScriptError('This lesson is paused while live: resume it before playing it again.');
  if (script.transcript && !recording)
    throw new LessonScriptError('A transcript comes from a cloud recording: set recording: true as well.');
  const plan = lessonPlan(meeting, script);
  const { sessions } = plan;
  const perMeetingId = () => String(16_000_000 + Math.floor(Math.random() * 9_000_000));
  const base = {
    uuid: '',
    host_id: meeting.host_id,
    topic: meeting.topic,
    type: meeting.type,
    timezone: meeting.timezone,
    duration: meeting.duration,
  };
  // Zoom sends the id as a string in meeting and participant events, as a number in recording ones.
  const id = script.numeric_ids ? meeting.id : String(meeting.id);
  const object = (s: Session, extra: object) => ({
    id,
    ...base,
    uuid: s.uuid,
    start_time: zoomTime(s.start),
    ...extra,
  });
  const timeline: { at: number; session: number; rank: number; body: object }[] = [];
  const add = (at: number, session: number, rank: number, name: string, obj: object) =>
    timeline.push({
      at,
      session,
      rank,
      body: { event: name, event_ts: at, payload: { account_id: stage.accountId, object: obj } },
    });
  const sessionAt = (at: number) =>
    Math.max(
      0,
      sessions.findLastIndex((s) => s.start <= at),
    );

  const hostUuid = crypto.randomUUID().toUpperCase();
  const studentUuid = crypto.randomUUID().toUpperCase();
  const name = script.student_name ?? 'Student';
  // The per-meeting user_id is new in each session; participant_uuid stays with the person.
  const host = () => ({
    user_id: perMeetingId(),
    user_name: 'Tutor',
    id: meeting.host_id,
    participant_uuid: hostUuid,
    email: meeting.host_email,
  });
  const student = () => ({
    user_id: perMeetingId(),
    user_name: name,
    id: '',
    participant_uuid: studentUuid,
    email: script.student_email ?? '',
    registrant_id: '',
    participant_user_id: '',
    customer_key: '',
  });

  const people = sessions.map(() => ({ host: host(), student: student() }));

  if (plan.waitsForHost) {
    const s: Session = sessions[0] ?? { uuid: meetingUuid(), start: plan.start, end: plan.start };
    // Before the meeting has started its object carries the scheduled start; the participant is only id, name, key.
    add(plan.arrives!, 0, RANK.jbh, 'meeting.participant_jbh_waiting', {
      ...object(s, {}),
      start_time: zoomTime(plan.start),
      participant: { id: '', user_name: name, customer_key: '' },
    });
  }
  if (plan.leavesWaitingRoom !== null) {
    const i = sessionAt(plan.entersAt!);
    const who = people[i]!.student;
    const waiting = (at: number) => {
      const { user_id, user_name, id: pid, participant_uuid, ...rest } = who;
      return { participant: { user_id, user_name, id: pid, participant_uuid, date_time: zoomTime(at), ...rest } };
    };
    add(
      plan.entersAt!,
      i,
      RANK.waiting,
      'meeting.participant_joined_waiting_room',
      object(sessions[i]!, waiting(plan.entersAt!)),
    );
    const out = plan.leavesWaitingRoom;
    if (plan.joins === null)
      add(out, i, RANK.admitted, 'meeting.participant_left_waiting_room', object(sessions[i]!, waiting(out)));
    else add(out, i, RANK.admitted, 'meeting.participant_admitted', object(sessions[i]!, waiting(out)));
  }

  sessions.forEach((s, i) => {
    const lastSession = i === sessions.length - 1;
    add(s.start, i, RANK.started, 'meeting.started', object(s, {}));
    if (plan.hostStart !== null) {
      const h = people[i]!.host;
      const at = Math.max(s.start, plan.hostStart);
      add(
        at,
        i,
        RANK.hostJoined,
        'meeting.participant_joined',
        object(s, { participant: { ...h, join_time: zoomTime(at) } }),
      );
      add(
        s.end,
        i,
        RANK.hostLeft,
        'meeting.participant_left',
        object(s, {
          participant: { ...h, leave_time: zoomTime(s.end), leave_reason: 'Host ended the meeting.' },
        }),
      );
    }
    if (plan.joins !== null && plan.leaves !== null) {
      const from = Math.max(plan.joins, s.start);
      const to = Math.min(plan.leaves, s.end);
      if (from <= to && from < s.end) {
        const p = people[i]!.student;
        const reason = to === s.end && !lastSession ? '<br>Reason: Host ended the meeting.' : '';
        add(
          from,
          i,
          RANK.joined,
          'meeting.participant_joined',
          object(s, { participant: { ...p, join_time: zoomTime(from) } }),
        );
        add(
          to,
          i,
          RANK.left,
          'meeting.participant_left',
          object(s, {
            participant: { ...p, leave_time: zoomTime(to), leave_reason: `${name} left the meeting.${reason}` },
          }),
        );
      }
    }
    add(s.end, i, RANK.ended, 'meeting.ended', object(s, { end_time: zoomTime(s.end) }));
    if (recording) {
      const done = stage.recordings.completed(meeting, s.uuid, s.start, s.end, script);
      timeline.push({ at: done.event_ts, session: i, rank: RANK.recording, body: done });
      if (script.transcript) {
        const at = done.event_ts + (script.transcript_delay_minutes ?? 60) * MIN;
        const lines = script.transcript_lines ?? [
          `Tutor: Hello ${name}, can you hear me?`,
          `${name}: Yes, I can hear you.`,
          "Tutor: Let's start with the homework.",
          `${name}: I got stuck on question three.`,
        ];
        const body = stage.recordings.transcript(s.uuid, at, lines, script.transcript_download_token !== false);
        timeline.push({ at, session: i, rank: RANK.transcript, body });
      }
    }
  });

  timeline.sort((a, b) => a.at - b.at || a.session - b.session || a.rank - b.rank);
  const bodies: object[] = timeline.map((t) => t.body);
  for (const b of bodies as { event: string; event_ts?: number }[])
    if (picked(script.omit_event_ts, b.event)) delete b.event_ts;
  bodies.push(...bodies.filter((b) => picked(script.redeliver, (b as { event: string }).event)));
  if (script.shuffle_seed !== undefined) {
    const random = seededRandom(script.shuffle_seed);
    for (let i = bodies.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [bodies[i], bodies[j]] = [bodies[j]!, bodies[i]!];
    }
  }

  for (const s of sessions) stage.capacity.wasLive(meeting, s.uuid, s.start, s.end);
  if (!script.pause_when_live) return deliver(meeting, bodies, stage);
  const found = bodies.findIndex((b) => AFTER_LIVE.has((b as { event: string }).event));
  const cut = found < 0 ? bodies.length : found;
  if (!bodies.slice(0, cut).some((b) => (b as { event: string }).event === 'meeting.started'))
    throw new LessonScriptError('In this script the meeting never goes live, so there is nothing to pause.');
  stage.paused.set(meeting.id, bodies.slice(cut));
  return deliver(meeting, bodies.slice(0, cut), stage, true);
}

/** The rest of a lesson paused while live: people leave, the meeting ends, the recording is ready. */
export async function resumeLesson(meeting: SandboxMeeting, stage: LessonStage): Promise<Delivery[]> {
  const rest = stage.paused.get(meeting.id);
  if (!rest) throw new LessonScriptError('No lesson is paused on this meeting: play it with pause_when_live first.');
  stage.paused.delete(meeting.id);
  return deliver(meeting, rest, stage);
}

/** Delivers the events one after another; the meeting is live while they go, and after them when `live`. */
async function deliver(meeting: SandboxMeeting, bodies: object[], stage: LessonStage, live = false) {
  if (bodies.some((b) => (b as { event: string }).event === 'meeting.started')) meeting.status = 'started';
  const sent: Delivery[] = [];
  try {
    for (const payload of bodies) sent.push(...(await stage.webhooks.deliver(payload, stage.app)));
  } finally {
    if (!live) meeting.status = 'waiting';
  }
  return sent;
}
