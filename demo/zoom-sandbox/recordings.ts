/**
 * Cloud recordings as Zoom keeps and serves them: `recording.completed` and
 * `recording.transcript_completed` events, files behind `download_url` that open with the event's
 * `download_token` (24 hours), an API or S2S access token, or the `download_access_token` of
 * `GET /v2/meetings/{meetingId}/recordings`; a redirect to a short-lived signed file URL; real
 * bytes of the declared size; and nothing after the `auto_delete_date`.
 */
import type { Context } from 'hono';
import type { SandboxMeeting } from './index';
import { recordingDownloads } from './recording-downloads';
import { chatText, type FileContent, mediaContent, seedOf, textContent, vttTranscript } from './recording-content';
import { jwtLike, randomString, zoomError, zoomTime } from './zoom-ids';

export interface RecordingFile {
  id: string;
  meeting_id: string;
  recording_start: string;
  recording_end: string;
  file_type: string;
  file_size: number;
  file_extension: string;
  play_url: string;
  download_url: string;
  status: 'completed';
  recording_type: string;
}

/** One meeting instance's recording (one uuid): what `GET …/recordings` describes. */
export interface RecordingSet {
  meetingId: number;
  uuid: string;
  hostId: string;
  /** The meeting as it was when recorded: the fields every recording event repeats. */
  meeting: SandboxMeeting;
  start: number;
  end: number;
  shareUrl: string;
  playPasscode: string;
  autoDeleteDate: string | null;
  files: RecordingFile[];
}

export interface RecordingOptions {
  /** Sizes of the video, audio and chat files (Zoom's are large: keep them small in tests). */
  file_sizes?: { MP4?: number; M4A?: number; CHAT?: number };
  /** Days after the meeting's end Zoom deletes the recording (default 90); null: never. */
  auto_delete_days?: number | null;
}

export interface RecordingDeps {
  now: () => number;
  accountId: string;
  /** API access tokens (S2S or user OAuth): Zoom accepts them for downloads too. */
  tokens: Map<string, { expiresAt: number }>;
  /** Where `download_url` and `play_url` point. */
  base: () => string;
  /** Answer a download with a redirect to a signed file URL (Zoom does), or with the bytes. */
  redirect: boolean;
}

const MIN = 60_000;
const DAY = 86_400_000;
const DOWNLOAD_TOKEN_TTL_MS = DAY;
/** `ttl` of a download_access_token: Zoom allows up to 7 days; the default is an assumption. */
const MAX_ACCESS_TTL_S = 604_800;
const DEFAULT_ACCESS_TTL_S = 86_400;
const DEFAULT_SIZES = { MP4: 176_201_344, M4A: 11_451_977, CHAT: 1_000 };
export function recordingStore({ now, accountId, tokens, base, redirect }: RecordingDeps) {
  const sets = new Map<string, RecordingSet>();
  const files = new Map<string, { set: RecordingSet; file: RecordingFile; content: FileContent }>();
  const downloadTokens = new Map<string, { meetingId: number; expiresAt: number }>();

  const deleted = (set: RecordingSet) =>
    set.autoDeleteDate !== null && now() >= Date.parse(`${set.autoDeleteDate}T00:00:00Z`);

  /** A token that opens this meeting's files until `ttlMs` from now. */
  function issueToken(set: RecordingSet, ttlMs: number): string {
    const iat = Math.floor(now() / 1000);
    const token = jwtLike({ aud: 'https://oauth.zoom.us', uid: set.hostId, nbf: iat, iat, exp: iat + ttlMs / 1000 });
    downloadTokens.set(token, { meetingId: set.meetingId, expiresAt: now() + ttlMs });
    return token;
  }

  function addFile(set: RecordingSet, type: string, ext: string, recordingType: string, content: FileContent) {
    const key = `${randomString(32)}.${type}${randomString(8)}`;
    const file: RecordingFile = {
      id: crypto.randomUUID(),
      meeting_id: set.uuid,
      recording_start: zoomTime(set.start + 10_000),
      recording_end: zoomTime(set.end),
      file_type: type,
      file_size: content.size,
      file_extension: ext,
      play_url: `${base()}/rec/play/${key}`,
      download_url: `${base()}/rec/download/${key}`,
      status: 'completed',
      recording_type: recordingType,
    };
    set.files.push(file);
    files.set(key, { set, file, content });
    return file;
  }

  /** The fields of `payload.object` both recording events start with, in Zoom's order. */
  const head = (set: RecordingSet) => ({
    id: set.meetingId,
    uuid: set.uuid,
    host_id: set.hostId,
    account_id: accountId,
    topic: set.meeting.topic,
    type: set.meeting.type,
    start_time: zoomTime(set.start),
  });

  /** Zoom's recording.completed for one played session; its files can be downloaded from now on. */
  function completed(meeting: SandboxMeeting, uuid: string, start: number, end: number, opts: RecordingOptions) {
    const days = opts.auto_delete_days === undefined ? 90 : opts.auto_delete_days;
    const set: RecordingSet = {
      meetingId: meeting.id,
      uuid,
      hostId: meeting.host_id,
      meeting: { ...meeting },
      start,
      end,
      shareUrl: `${base()}/rec/share/${randomString(32)}.${randomString(16)}`,
      playPasscode: randomString(32),
      autoDeleteDate: days === null ? null : new Date(end + days * DAY).toISOString().slice(0, 10),
      files: [],
    };
    const sizes = { ...DEFAULT_SIZES, ...opts.file_sizes };
    const seed = (type: string) => seedOf(`${uuid}:${type}`);
    addFile(set, 'MP4', 'MP4', 'shared_screen_with_speaker_view', mediaContent(seed('MP4'), sizes.MP4, 'mp42'));
    addFile(set, 'M4A', 'M4A', 'audio_only', mediaContent(seed('M4A'), sizes.M4A, 'M4A '));
    addFile(set, 'CHAT', 'TXT', 'chat_file', textContent(chatText(sizes.CHAT, 'Tutor', start)));
    sets.set(uuid, set);
    const ready = end + 5 * MIN;
    return {
      event: 'recording.completed',
      event_ts: ready,
      download_token: issueToken(set, DOWNLOAD_TOKEN_TTL_MS),
      payload: {
        account_id: accountId,
        object: {
          ...head(set),
          password: meeting.password,
          timezone: meeting.timezone,
          host_email: meeting.host_email,
          duration: meeting.duration,
          share_url: set.shareUrl,
          total_size: set.files.reduce((n, f) => n + f.file_size, 0),
          recording_count: set.files.length,
          on_prem: false,
          recording_play_passcode: set.playPasscode,
          auto_delete: set.autoDeleteDate !== null,
          ...(set.autoDeleteDate ? { auto_delete_date: set.autoDeleteDate } : {}),
          recording_files: [...set.files],
        },
      },
    };
  }

  /** Zoom's recording.transcript_completed: one VTT file, added to the meeting instance's recording. */
  function transcript(uuid: string, at: number, lines: string[], withToken: boolean) {
    const set = sets.get(uuid);
    if (!set) throw new Error(`No recording of meeting instance ${uuid} to transcribe.`);
    const file = addFile(set, 'TRANSCRIPT', 'VTT', 'audio_transcript', textContent(vttTranscript(lines)));
    const { id, uuid: u, account_id, host_id } = head(set);
    return {
      event: 'recording.transcript_completed',
      event_ts: at,
      ...(withToken ? { download_token: issueToken(set, DOWNLOAD_TOKEN_TTL_MS) } : {}),
      payload: {
        account_id: accountId,
        object: {
          id,
          uuid: u,
          account_id,
          host_id,
          host_email: set.meeting.host_email,
          topic: set.meeting.topic,
          type: set.meeting.type,
          start_time: zoomTime(set.start),
          timezone: set.meeting.timezone,
          duration: set.meeting.duration,
          total_size: file.file_size,
          recording_count: 1,
          share_url: set.shareUrl,
          password: set.meeting.password,
          recording_files: [file],
        },
      },
    };
  }

  /** Does this bearer token open this meeting's files now? */
  function opens(bearer: string | undefined, meetingId: number): boolean {
    if (!bearer) return false;
    const grant = downloadTokens.get(bearer);
    if (grant) return grant.meetingId === meetingId && grant.expiresAt > now();
    const api = tokens.get(bearer);
    return !!api && api.expiresAt > now();
  }

  const downloads = recordingDownloads({
    now,
    redirect,
    find(key) {
      const stored = files.get(key);
      if (!stored) return undefined;
      const { set, file, content } = stored;
      return { file, content, gone: deleted(set), opens: (bearer) => opens(bearer, set.meetingId) };
    },
  });

  /** `GET /v2/meetings/{meetingId}/recordings`: an id means its latest instance; a uuid, that instance. */
  function apiRecordings(c: Context) {
    const raw = c.req.param('id') ?? '';
    let set: RecordingSet | undefined;
    if (/^\d+$/.test(raw)) {
      for (const s of sets.values()) if (s.meetingId === Number(raw) && (!set || s.start >= set.start)) set = s;
    } else {
      // Zoom asks for a uuid that starts with `/` or holds `//` to be encoded twice.
      let uuid = raw;
      for (let i = 0; i < 2 && uuid.includes('%'); i++) uuid = decodeURIComponent(uuid);
      set = sets.get(uuid);
    }
    if (!set || deleted(set)) return c.json(zoomError(3301, 'This recording does not exist.'), 404);
    const wantsToken = (c.req.query('include_fields') ?? '').split(',').includes('download_access_token');
    const ttl = c.req.query('ttl') === undefined ? DEFAULT_ACCESS_TTL_S : Number(c.req.query('ttl'));
    if (wantsToken && !(Number.isInteger(ttl) && ttl >= 0 && ttl <= MAX_ACCESS_TTL_S))
      return c.json(
        zoomError(300, 'Validation Failed.', { errors: [{ field: 'ttl', message: 'Invalid field.' }] }),
        400,
      );
    return c.json({
      uuid: set.uuid,
      id: set.meetingId,
      account_id: accountId,
      host_id: set.hostId,
      topic: set.meeting.topic,
      // The recordings API gives the meeting type as a string (Zoom's JavaScript SDK types say so).
      type: String(set.meeting.type),
      start_time: zoomTime(set.start),
      duration: set.meeting.duration,
      total_size: set.files.reduce((n, f) => n + f.file_size, 0),
      recording_count: set.files.length,
      share_url: set.shareUrl,
      recording_files: set.files,
      password: set.meeting.password,
      recording_play_passcode: set.playPasscode,
      auto_delete: set.autoDeleteDate !== null,
      ...(set.autoDeleteDate ? { auto_delete_date: set.autoDeleteDate } : {}),
      ...(wantsToken ? { download_access_token: issueToken(set, (ttl || DEFAULT_ACCESS_TTL_S) * 1000) } : {}),
    });
  }

  return {
    completed,
    transcript,
    downloads,
    apiRecordings,
    /** Every meeting instance's recording, oldest first. */
    list: () => [...sets.values()],
    /** The exact bytes a download of this file (by id or download_url) returns. */
    bytes(idOrUrl: string): Uint8Array {
      const key = idOrUrl.includes('/') ? idOrUrl.slice(idOrUrl.lastIndexOf('/') + 1) : undefined;
      const stored = key ? files.get(key) : [...files.values()].find((f) => f.file.id === idOrUrl);
      if (!stored) throw new Error(`No recording file ${idOrUrl}.`);
      return stored.content.slice(0, stored.content.size);
    },
  };
}

export type RecordingStore = ReturnType<typeof recordingStore>;
