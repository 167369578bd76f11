/**
 * Recording files as people open them: `/recordings/{file}?…`, URLs the Worker signs (HMAC-SHA256
 * under `RECORDING_URL_SECRET`) for one file, one role and one way of opening it (play or download),
 * valid for three hours at most, and serves from R2 itself. Zoom's own links never leave the Worker.
 * A student's or parent's URL also stops the moment the tutor stops sharing the recording.
 */
import type { RecordingLink, Role } from '../../shared/api';
import { b64url } from '../crypto';
import type { RecordingFileRow } from '../db/schema';
import { LessonError } from '../errors';

export interface RecordingSecretEnv {
  /** Signs recording URLs (32 characters or more). Changing it stops every URL already given. */
  RECORDING_URL_SECRET?: string;
}

/**
 * What a family may open once the tutor shares the recording: the video and the audio. The chat
 * file and the transcript stay the tutor's (a chat file can hold what was not said to everyone).
 */
export const SHARED_FILE_TYPES: readonly string[] = ['MP4', 'M4A'];
export const mayOpen = (role: Role, fileType: string) => role === 'tutor' || SHARED_FILE_TYPES.includes(fileType);

/** How long a signed recording URL works. */
export const RECORDING_URL_TTL_MS = 3 * 3600_000;
const MIN_SECRET_LENGTH = 32;
const keys = new Map<string, Promise<CryptoKey>>();

export interface SignedRequest {
  file: string;
  role: Role;
  download: boolean;
  /** Unix seconds. */
  expires: number;
}

const message = (r: SignedRequest) =>
  `lesson-join recording\0${r.file}\0${r.role}\0${r.download ? 1 : 0}\0${r.expires}`;

async function mac(secret: string, r: SignedRequest): Promise<string> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    keys.set(secret, key);
  }
  return b64url(new Uint8Array(await crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(message(r)))));
}

/**
 * Signs links for archived files, or answers null when no secret is configured (nothing is offered then).
 * @example const links = await recordingLinks(env.RECORDING_URL_SECRET, origin, 'student', files, now)
 */
export async function recordingLinks(
  secret: string | undefined,
  origin: string,
  role: Role,
  files: RecordingFileRow[],
  now: number,
): Promise<RecordingLink[] | null> {
  if (!secret || secret.length < MIN_SECRET_LENGTH) return null;
  const expires = Math.floor((now + RECORDING_URL_TTL_MS) / 1000);
  const url = async (file: string, download: boolean) => {
    const r = { file, role, download, expires };
    const q = new URLSearchParams({ for: role, expires: String(expires), sig: await mac(secret, r) });
    if (download) q.set('download', '1');
    return `${origin}/recordings/${encodeURIComponent(file)}?${q}`;
  };
  return Promise.all(
    files
      .filter((f) => f.archiveState === 'copied' && mayOpen(role, f.fileType))
      .map(async (f) => ({
        id: f.id,
        file_type: f.fileType,
        size: f.archivedSize,
        play_url: await url(f.id, false),
        download_url: await url(f.id, true),
        expires_at: new Date(expires * 1000).toISOString(),
      })),
  );
}

/** The request a signed URL stands for, checked (in constant time) and unexpired; a clear error otherwise. */
export async function verifyRecordingUrl(
  secret: string | undefined,
  file: string,
  query: (name: string) => string | undefined,
  now: number,
): Promise<SignedRequest> {
  if (!secret || secret.length < MIN_SECRET_LENGTH)
    throw new LessonError(503, 'not_configured', 'RECORDING_URL_SECRET is not set: add it with wrangler secret put.');
  const role = query('for') as Role;
  const expires = Number(query('expires'));
  const r = { file, role, download: query('download') === '1', expires };
  const expected = await mac(secret, r);
  const given = query('sig') ?? '';
  let diff = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  if (diff !== 0 || !['tutor', 'student', 'parent'].includes(role))
    throw new LessonError(403, 'recording_link_invalid', 'This recording link is not valid. Open the lesson again.');
  if (expires * 1000 <= now)
    throw new LessonError(
      403,
      'recording_link_expired',
      'This recording link has expired (they last three hours). Open the lesson again for a new one.',
    );
  return r;
}
