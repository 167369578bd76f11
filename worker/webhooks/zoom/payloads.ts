/**
 * Zoom webhook bodies as Zoom sends them (see the Zoom reference facts, "Webhooks"): `object.id` is a
 * string in meeting.started/ended/participant_* and a number in meeting.deleted/recording.completed;
 * guests have empty `id` and `email`; `participant.user_id` is per meeting, not a Zoom user.
 *
 * Liberal in what it accepts, because Zoom does not retry a 4xx: an event is refused only when what
 * the lesson needs from it is missing or unreadable (which event, which meeting and session, which
 * participant). Everything else is optional, and a field we could use but cannot read (a time that
 * is not one, an id of an unexpected type) is treated as absent; `event_ts` is missing from real
 * captures, and ids come as numbers or strings.
 */
import * as z from 'zod/mini';

/** A field the lesson can do without: absent, or unreadable, is the same as not sent. */
const optional = <T extends z.ZodMiniType>(schema: T) => z.catch(z.optional(schema), undefined);
const time = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO time'));
const meetingId = z.union([z.string().check(z.regex(/^\d{1,20}$/)), z.int().check(z.gte(0))]);
/** An identifier Zoom sends as a string or a number; read as a string. */
const anyId = z.pipe(z.union([z.string(), z.number()]), z.transform(String));
const requiredId = z.pipe(anyId, z.string().check(z.minLength(1), z.maxLength(200)));
const eventTs = optional(z.union([z.number(), z.string()]));
const text = (max: number) => optional(z.string().check(z.maxLength(max)));

const meeting = {
  id: meetingId,
  uuid: z.string().check(z.minLength(1), z.maxLength(200)),
  host_id: optional(anyId),
  start_time: optional(time),
  end_time: optional(time),
};

const Participant = z.object({
  user_id: optional(anyId),
  user_name: text(300),
  id: optional(anyId),
  participant_uuid: optional(z.pipe(anyId, z.string().check(z.maxLength(200)))),
  participant_user_id: optional(anyId),
  email: text(320),
  join_time: optional(time),
  leave_time: optional(time),
  /** The moment of a waiting-room event. */
  date_time: optional(time),
});

const RecordingFile = z.object({
  id: requiredId,
  recording_start: optional(time),
  recording_end: optional(time),
  file_type: z.string().check(z.maxLength(50)),
  file_extension: text(20),
  file_size: optional(z.number()),
  play_url: text(2048),
  download_url: text(2048),
  recording_type: text(100),
});

/** Zoom's events about one participant: in and out of the meeting, and of its waiting room. */
export const PARTICIPANT_EVENTS = [
  'meeting.participant_joined',
  'meeting.participant_left',
  'meeting.participant_jbh_waiting',
  'meeting.participant_joined_waiting_room',
  'meeting.participant_put_in_waiting_room',
  'meeting.participant_admitted',
  'meeting.participant_left_waiting_room',
] as const;

export const ZoomEvent = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('endpoint.url_validation'),
    payload: z.object({ plainToken: z.string().check(z.minLength(1), z.maxLength(512)) }),
  }),
  z.object({
    event: z.enum(['meeting.started', 'meeting.ended', 'meeting.deleted']),
    event_ts: eventTs,
    payload: z.object({ object: z.object(meeting) }),
  }),
  z.object({
    event: z.enum(PARTICIPANT_EVENTS),
    event_ts: eventTs,
    payload: z.object({ object: z.object({ ...meeting, participant: Participant }) }),
  }),
  z.object({
    // A transcript comes as a recording of its own: one TRANSCRIPT file, its download token optional.
    event: z.enum(['recording.completed', 'recording.transcript_completed']),
    event_ts: eventTs,
    download_token: text(4096),
    payload: z.object({
      object: z.object({
        ...meeting,
        share_url: text(2048),
        total_size: optional(z.number()),
        auto_delete_date: text(20),
        // A file we cannot read is left out; the others are still kept.
        recording_files: z.pipe(
          z.array(z.unknown()).check(z.maxLength(100)),
          z.transform((files) => files.flatMap((f) => RecordingFile.safeParse(f).data ?? [])),
        ),
      }),
    }),
  }),
  z.object({
    event: z.literal('app_deauthorized'),
    event_ts: eventTs,
    payload: z.object({
      account_id: optional(anyId),
      user_id: requiredId,
      signature: text(500),
      deauthorization_time: text(100),
      event_ts: eventTs,
      /** false (or "false"): the user wants the data we hold from their Zoom account deleted. */
      user_data_retention: optional(
        z.pipe(
          z.union([z.boolean(), z.string()]),
          z.transform((v) => String(v) === 'true'),
        ),
      ),
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
  ...PARTICIPANT_EVENTS,
  'recording.completed',
  'recording.transcript_completed',
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
