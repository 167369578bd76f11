/**
 * Recording files copied from Zoom into R2, by the scheduled sweep: each file is a row due from the
 * moment Zoom reports it (so the copy starts within a minute), claimed under a lease, streamed with
 * its known length, and tried again with backoff until it lands, however long Zoom fails, but never
 * after Zoom's auto-delete date. The event's download token lasts 24 hours; after that, a fresh one is
 * asked of Zoom. Archived files are deleted when the tutor's retention runs out.
 */
import { and, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { unseal } from '../crypto';
import type { Db } from '../db';
import {
  bookings,
  recordingFiles,
  recordings,
  tutors,
  type BookingRow,
  type RecordingFileRow,
  type TutorRow,
} from '../db/schema';
import { lessonEnd, lessonEndSql, retryDelayMs } from '../lifecycle/schedule';
import { ProviderError, type ProviderRegistry, type RecordingAccess } from '../providers';
import { sealedDownloadToken } from './recordings';
import { keepZoomTranscript } from './transcription';

export interface ArchiveDeps {
  db: Db;
  bucket?: R2Bucket;
  providers: ProviderRegistry;
  /** Opens the sealed download tokens; without it, a fresh token is asked for every copy. */
  dataKey?: string;
  now: () => number;
}

const DAY = 24 * 3600_000;
const LEASE_MS = 15 * 60_000;
/** A stored token this close to its expiry is not used: a long download would outlive it. */
const TOKEN_MARGIN_MS = 15 * 60_000;
/** With no auto-delete date, Zoom keeps recordings until someone deletes them: copies are tried this long. */
const GIVE_UP_MS = 30 * DAY;

/** Where a lesson's file lives in R2: everything of a lesson under one prefix. */
export const lessonPrefix = (bookingId: string) => `lessons/${bookingId}/`;
const keyOf = (f: RecordingFileRow) =>
  `${lessonPrefix(f.bookingId)}${f.id}.${(f.fileExtension ?? 'bin').toLowerCase()}`;

/** Zoom deletes a recording as its `auto_delete_date` (a UTC day) begins. */
export const zoomDeletesAt = (date: string | null | undefined) => (date ? Date.parse(`${date}T00:00:00Z`) : null);

/** Copies the files that are due; answers how many landed. */
export async function archiveDue(deps: ArchiveDeps, limit = 5): Promise<number> {
  if (!deps.bucket) return 0;
  const at = new Date(deps.now());
  const due = await deps.db
    .select({ file: recordingFiles, set: recordings, booking: bookings })
    .from(recordingFiles)
    .innerJoin(bookings, eq(bookings.id, recordingFiles.bookingId))
    .leftJoin(
      recordings,
      and(eq(recordings.bookingId, recordingFiles.bookingId), eq(recordings.meetingUuid, recordingFiles.meetingUuid)),
    )
    .where(
      and(
        eq(recordingFiles.archiveState, 'pending'),
        lte(recordingFiles.archiveDueAt, at),
        or(isNull(recordingFiles.archiveLeaseUntil), lt(recordingFiles.archiveLeaseUntil, at)),
      ),
    )
    .orderBy(recordingFiles.archiveDueAt)
    .limit(limit);
  let copied = 0;
  for (const row of due) if (await archiveOne(deps, deps.bucket, row)) copied++;
  return copied;
}

type Due = { file: RecordingFileRow; set: typeof recordings.$inferSelect | null; booking: BookingRow };

async function archiveOne(deps: ArchiveDeps, bucket: R2Bucket, { file, set, booking }: Due): Promise<boolean> {
  const { db } = deps;
  const at = deps.now();
  const row = and(eq(recordingFiles.id, file.id), eq(recordingFiles.archiveState, 'pending'));
  const [claimed] = await db
    .update(recordingFiles)
    .set({ archiveLeaseUntil: new Date(at + LEASE_MS) })
    .where(and(row, or(isNull(recordingFiles.archiveLeaseUntil), lt(recordingFiles.archiveLeaseUntil, new Date(at)))))
    .returning({ id: recordingFiles.id });
  if (!claimed) return false;
  const done = (patch: Partial<RecordingFileRow>) =>
    db
      .update(recordingFiles)
      .set({ ...patch, archiveLeaseUntil: null })
      .where(row);

  const deadline = zoomDeletesAt(set?.autoDeleteDate) ?? (set?.receivedAt.getTime() ?? at) + GIVE_UP_MS;
  if (at >= deadline) {
    console.warn(JSON.stringify({ event: 'recording.copy_expired', booking: booking.id, file: file.id }));
    await done({ archiveState: 'expired', archiveError: 'Zoom deleted the recording before it could be copied.' });
    return false;
  }
  try {
    const access = deps.providers(booking.meetingProvider ?? booking.provider).recordings;
    if (!access || !file.downloadUrl)
      throw new ProviderError('Zoom gave no way to download this file.', { retryable: false, gone: true });
    const key = keyOf(file);
    const res = await download(deps, access, booking, file.downloadUrl, set);
    const size = Number(res.headers.get('content-length'));
    if (!res.body || !Number.isSafeInteger(size) || size <= 0)
      throw new ProviderError('Zoom sent the recording without its length.');
    // R2 takes a stream only with its length known; the copy fails if fewer or more bytes arrive.
    const { readable, writable } = new FixedLengthStream(size);
    const [stored] = await Promise.all([
      bucket.put(key, readable, { httpMetadata: { contentType: res.headers.get('content-type') ?? undefined } }),
      res.body.pipeTo(writable),
    ]);
    await done({
      archiveState: 'copied',
      archiveKey: key,
      archivedSize: stored?.size ?? size,
      archivedAt: new Date(deps.now()),
      archiveError: null,
    });
    if (file.fileType === 'TRANSCRIPT') await keepZoomTranscript(db, bucket, { ...file, archiveKey: key });
    return true;
  } catch (e) {
    const err = e instanceof ProviderError ? e : new ProviderError(`The copy failed: ${(e as Error).message}`);
    const attempts = file.archiveAttempts + 1;
    console.warn(JSON.stringify({ event: 'recording.copy_failed', booking: booking.id, attempts, error: err.message }));
    // However long the backoff, the last tries come before Zoom deletes the recording.
    const next = Math.max(at + 1_000, Math.min(at + retryDelayMs(attempts, err.retryable), deadline - 60_000));
    await done(
      err.gone
        ? { archiveState: 'failed', archiveError: err.message, archiveAttempts: attempts }
        : { archiveError: err.message, archiveAttempts: attempts, archiveDueAt: new Date(next) },
    );
    return false;
  }
}

/** The download, with the stored token while it lasts, else (or when Zoom refuses it) a fresh one. */
async function download(
  deps: ArchiveDeps,
  access: RecordingAccess,
  booking: BookingRow,
  url: string,
  set: Due['set'],
): Promise<Response> {
  const at = deps.now();
  const context = `recording:${booking.id}:${set?.meetingUuid}`;
  const stored =
    set?.downloadToken && deps.dataKey && (set.downloadTokenExpiresAt?.getTime() ?? 0) > at + TOKEN_MARGIN_MS
      ? await unseal(deps.dataKey, set.downloadToken, context).catch(() => null)
      : null;
  if (stored) {
    try {
      return await access.download(url, stored);
    } catch (e) {
      if (!(e instanceof ProviderError && e.refused)) throw e;
    }
  }
  if (!set) throw new ProviderError('The recording of this file is not known.', { retryable: false, gone: true });
  const fresh = await access.freshToken({ id: booking.meetingId ?? '', host: booking.meetingHost }, set.meetingUuid);
  if (deps.dataKey)
    await deps.db
      .update(recordings)
      .set({
        downloadToken: await sealedDownloadToken(deps.dataKey, booking.id, set.meetingUuid, fresh.token),
        downloadTokenExpiresAt: new Date(at + fresh.ttlMs),
      })
      .where(and(eq(recordings.bookingId, booking.id), eq(recordings.meetingUuid, set.meetingUuid)));
  return access.download(url, fresh.token);
}

/** Deletes archived files whose tutor's retention has run out (counted from the lesson's end); answers how many. */
export async function deleteRetired(deps: Pick<ArchiveDeps, 'db' | 'bucket' | 'now'>, limit = 50): Promise<number> {
  if (!deps.bucket) return 0;
  const due = await deps.db
    .select({ id: recordingFiles.id, key: recordingFiles.archiveKey })
    .from(recordingFiles)
    .innerJoin(bookings, eq(bookings.id, recordingFiles.bookingId))
    .innerJoin(tutors, eq(tutors.id, bookings.tutorId))
    .where(and(eq(recordingFiles.archiveState, 'copied'), lte(availableUntilSql, deps.now())))
    .limit(limit);
  if (!due.length) return 0;
  await deps.bucket.delete(due.flatMap((f) => (f.key ? [f.key] : [])));
  await deps.db
    .update(recordingFiles)
    .set({ archiveState: 'deleted', archiveKey: null })
    .where(
      inArray(
        recordingFiles.id,
        due.map((f) => f.id),
      ),
    );
  console.log(JSON.stringify({ event: 'recordings.retired', files: due.length }));
  return due.length;
}

/** When a lesson's archived files are deleted: its end (as Zoom said, else as booked) plus the tutor's retention. */
export const availableUntilSql = sql<number>`(coalesce(${bookings.endedAt}, ${lessonEndSql}) + ${tutors.recordingRetentionDays} * ${DAY})`;

/** `availableUntilSql` for one lesson. */
export const availableUntil = (b: BookingRow, t: Pick<TutorRow, 'recordingRetentionDays'>) =>
  (b.endedAt?.getTime() ?? lessonEnd(b)) + t.recordingRetentionDays * DAY;
