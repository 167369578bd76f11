/**
 * Plays a whole lesson on a sandbox meeting, as Zoom would report it: the meeting starts (a new
 * session uuid), the host joins, the student joins late and leaves, the meeting ends, and the cloud
 * recording is ready. Event times follow the lesson's schedule; deliveries happen now, in order.
 */
import type { SandboxMeeting } from './index';
import type { Delivery, WebhookSender, ZoomApp } from './webhooks';
import { jwtLike, meetingUuid, randomString, zoomTime } from './zoom-ids';

export interface LessonScript {
  student_name?: string;
  /** Zoom shows a guest's email only under its display rules; empty by default. */
  student_email?: string;
  /** Minutes after the scheduled start the student joins. */
  late_minutes?: number;
  /** Minutes the student stays; they leave at the end when not given. */
  attend_minutes?: number;
  /** The student never joins. */
  no_show?: boolean;
  /** Send recording.completed; defaults to the meeting's auto_recording being "cloud". */
  recording?: boolean;
}

const MIN = 60_000;

export async function playLesson(
  meeting: SandboxMeeting,
  script: LessonScript,
  webhooks: WebhookSender,
  accountId: string,
  app: ZoomApp = 's2s',
): Promise<Delivery[]> {
  const start = Date.parse(meeting.start_time);
  const hostStart = start - MIN;
  const end = start + meeting.duration * MIN;
  const uuid = meetingUuid();
  const perMeetingId = () => String(16_000_000 + Math.floor(Math.random() * 9_000_000));
  const base = {
    uuid,
    host_id: meeting.host_id,
    topic: meeting.topic,
    type: meeting.type,
    timezone: meeting.timezone,
    duration: meeting.duration,
  };
  // Zoom sends the id as a string in meeting and participant events, as a number in recording ones.
  const object = (extra: object) => ({ id: String(meeting.id), ...base, start_time: zoomTime(hostStart), ...extra });
  const event = (name: string, at: number, obj: object) => ({
    event: name,
    event_ts: at,
    payload: { account_id: accountId, object: obj },
  });

  const host = {
    user_id: perMeetingId(),
    user_name: 'Tutor',
    id: meeting.host_id,
    participant_uuid: crypto.randomUUID().toUpperCase(),
    email: meeting.host_email,
  };
  const student = {
    user_id: perMeetingId(),
    user_name: script.student_name ?? 'Student',
    id: '',
    participant_uuid: crypto.randomUUID().toUpperCase(),
    email: script.student_email ?? '',
    registrant_id: '',
    participant_user_id: '',
    customer_key: '',
  };
  const joins = start + (script.late_minutes ?? 0) * MIN;
  const leaves = Math.min(end, script.attend_minutes === undefined ? end : joins + script.attend_minutes * MIN);

  const timeline: object[] = [
    event('meeting.started', hostStart, object({})),
    event(
      'meeting.participant_joined',
      hostStart,
      object({ participant: { ...host, join_time: zoomTime(hostStart) } }),
    ),
  ];
  if (!script.no_show) {
    timeline.push(
      event('meeting.participant_joined', joins, object({ participant: { ...student, join_time: zoomTime(joins) } })),
      event(
        'meeting.participant_left',
        leaves,
        object({
          participant: {
            ...student,
            leave_time: zoomTime(leaves),
            leave_reason: `${student.user_name} left the meeting.`,
          },
        }),
      ),
    );
  }
  timeline.push(
    event(
      'meeting.participant_left',
      end,
      object({ participant: { ...host, leave_time: zoomTime(end), leave_reason: 'Host ended the meeting.' } }),
    ),
    event('meeting.ended', end, object({ end_time: zoomTime(end) })),
  );
  if (script.recording ?? meeting.settings.auto_recording === 'cloud') {
    timeline.push(recordingCompleted(meeting, uuid, hostStart, end, accountId));
  }

  meeting.status = 'started';
  const sent: Delivery[] = [];
  for (const payload of timeline) sent.push(...(await webhooks.deliver(payload, app)));
  meeting.status = 'waiting';
  return sent;
}

function recordingCompleted(meeting: SandboxMeeting, uuid: string, start: number, end: number, accountId: string) {
  const ready = end + 5 * MIN;
  const file = (type: string, ext: string, recordingType: string, size: number) => {
    const key = `${randomString(32)}.${type}${randomString(8)}`;
    return {
      id: crypto.randomUUID(),
      meeting_id: uuid,
      recording_start: zoomTime(start + 10_000),
      recording_end: zoomTime(end),
      file_type: type,
      file_size: size,
      file_extension: ext,
      play_url: `https://us06web.zoom.us/rec/play/${key}`,
      download_url: `https://us06web.zoom.us/rec/download/${key}`,
      status: 'completed',
      recording_type: recordingType,
    };
  };
  const files = [
    file('MP4', 'MP4', 'shared_screen_with_speaker_view', 176_201_344),
    file('M4A', 'M4A', 'audio_only', 11_451_977),
    file('CHAT', 'TXT', 'chat_file', 1_000),
  ];
  const autoDelete = new Date(end + 90 * 24 * 3600_000).toISOString().slice(0, 10);
  return {
    event: 'recording.completed',
    event_ts: ready,
    download_token: jwtLike({
      aud: 'https://oauth.zoom.us',
      uid: meeting.host_id,
      nbf: Math.floor(ready / 1000),
      exp: Math.floor(ready / 1000) + 86_400,
      iat: Math.floor(ready / 1000),
    }),
    payload: {
      account_id: accountId,
      object: {
        id: meeting.id,
        uuid,
        host_id: meeting.host_id,
        account_id: accountId,
        topic: meeting.topic,
        type: meeting.type,
        start_time: zoomTime(start),
        password: meeting.password,
        timezone: meeting.timezone,
        host_email: meeting.host_email,
        duration: meeting.duration,
        share_url: `https://us06web.zoom.us/rec/share/${randomString(32)}.${randomString(16)}`,
        total_size: files.reduce((n, f) => n + f.file_size, 0),
        recording_count: files.length,
        on_prem: false,
        recording_play_passcode: randomString(32),
        auto_delete: true,
        auto_delete_date: autoDelete,
        recording_files: files,
      },
    },
  };
}
