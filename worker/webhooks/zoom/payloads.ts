/**
 * Zoom webhook bodies as Zoom sends them (see the Zoom reference facts, "Webhooks"): `object.id` is a
 * string in meeting.started/ended/participant_* and a number in meeting.deleted/recording.completed;
 * guests have empty `id` and `email`; `participant.user_id` is per meeting, not a Zoom user.
 */
import * as z from 'zod/mini';

const time = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO time'));
const meetingId = z.union([z.string().check(z.regex(/^\d{1,20}$/)), z.int().check(z.gte(0))]);
const eventTs = z.union([z.number(), z.string()]);

const meeting = {
  id: meetingId,
  uuid: z.string().check(z.minLength(1), z.maxLength(200)),
  host_id: z.optional(z.string()),
  start_time: z.optional(time),
  end_time: z.optional(time),
};

const Participant = z.object({
  user_id: z.optional(z.union([z.string(), z.number()])),
  user_name: z.optional(z.string().check(z.maxLength(300))),
  id: z.optional(z.string()),
  participant_uuid: z.optional(z.string().check(z.maxLength(200))),
  participant_user_id: z.optional(z.string()),
  email: z.optional(z.string().check(z.maxLength(320))),
  join_time: z.optional(time),
  leave_time: z.optional(time),
});

const RecordingFile = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  recording_start: z.optional(time),
  recording_end: z.optional(time),
  file_type: z.string().check(z.maxLength(50)),
  file_extension: z.optional(z.string()),
  file_size: z.optional(z.number()),
  play_url: z.optional(z.string()),
  download_url: z.optional(z.string()),
  recording_type: z.optional(z.string()),
});

export const ZoomEvent = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('endpoint.url_validation'),
    payload: z.object({ plainToken: z.string().check(z.minLength(1), z.maxLength(512)) }),
  }),
  z.object({
    event: z.enum(['meeting.started', 'meeting.ended', 'meeting.deleted']),
    event_ts: z.optional(eventTs),
    payload: z.object({ object: z.object(meeting) }),
  }),
  z.object({
    event: z.enum(['meeting.participant_joined', 'meeting.participant_left']),
    event_ts: eventTs,
    payload: z.object({ object: z.object({ ...meeting, participant: Participant }) }),
  }),
  z.object({
    event: z.literal('recording.completed'),
    event_ts: eventTs,
    download_token: z.optional(z.string()),
    payload: z.object({
      object: z.object({
        ...meeting,
        share_url: z.optional(z.string()),
        total_size: z.optional(z.number()),
        auto_delete_date: z.optional(z.string()),
        recording_files: z.array(RecordingFile).check(z.maxLength(100)),
      }),
    }),
  }),
  z.object({
    event: z.literal('app_deauthorized'),
    event_ts: z.optional(eventTs),
    payload: z.object({
      account_id: z.optional(z.string()),
      user_id: z.string().check(z.minLength(1)),
      signature: z.optional(z.string()),
      deauthorization_time: z.optional(z.string()),
      event_ts: z.optional(eventTs),
    }),
  }),
]);

export type ZoomEvent = z.infer<typeof ZoomEvent>;
export type ZoomParticipant = z.infer<typeof Participant>;
export type ZoomRecordingFile = z.infer<typeof RecordingFile>;

export const HANDLED_EVENTS: ReadonlySet<string> = new Set<ZoomEvent['event']>([
  'endpoint.url_validation',
  'meeting.started',
  'meeting.ended',
  'meeting.deleted',
  'meeting.participant_joined',
  'meeting.participant_left',
  'recording.completed',
  'app_deauthorized',
]);

export type Parsed =
  | { kind: 'event'; event: ZoomEvent }
  | { kind: 'ignored'; type: string }
  | { kind: 'malformed'; message: string };

/** JSON → a Zoom event we handle, an event type we acknowledge and ignore, or malformed. */
export function parseZoomEvent(body: Uint8Array): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body));
  } catch {
    return { kind: 'malformed', message: 'The body is not JSON.' };
  }
  const type = (json as { event?: unknown } | null)?.event;
  if (typeof type !== 'string') return { kind: 'malformed', message: 'The body has no "event".' };
  if (!HANDLED_EVENTS.has(type)) return { kind: 'ignored', type };
  const parsed = ZoomEvent.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { kind: 'malformed', message: `${type}: ${issue.path.join('.') || '(body)'} ${issue.message}` };
  }
  return { kind: 'event', event: parsed.data };
}
