/**
 * Cloud recordings of a lesson as Zoom reports them: file metadata, the download token sealed with
 * its 24-hour expiry (it never leaves the Worker), Zoom's auto-delete date, each file due to be
 * copied to R2 at once (`archive.ts`), and, when the service asks for transcripts, a transcription
 * job that waits for Zoom's own transcript first (`transcription.ts`).
 */
import { and, asc, eq } from 'drizzle-orm';
import { isSafeMeetingUrl } from '../../shared/urls';
import { seal } from '../crypto';
import type { Db } from '../db';
import {
  recordingFiles,
  recordingShares,
  recordings,
  transcriptionJobs,
  type BookingRow,
  type RecordingFileRow,
} from '../db/schema';
import { LessonError } from '../errors';
import { newId } from '../ids';
import type { ZoomRecordingFile } from '../webhooks/zoom/payloads';

/** Zoom: "download_token … lasts 24 hours after it is created". */
export const DOWNLOAD_TOKEN_LIFETIME_MS = 24 * 3600_000;

/** The file a transcriber wants: audio alone if there is one, else the video. */
const TRANSCRIBE_PREFERENCE = ['M4A', 'MP4'];
/** Zoom's transcript comes after the recording, "sometimes much later": this long, before another service is asked. */
export const ZOOM_TRANSCRIPT_WAIT_MS = 3 * 3600_000;

export interface RecordingSet {
  meetingUuid: string;
  shareUrl?: string;
  totalSize?: number;
  autoDeleteDate?: string;
  downloadToken?: string;
  files: ZoomRecordingFile[];
}

const when = (t: string | undefined) => (t ? new Date(t) : null);
const safe = (url: string | undefined) => (url && isSafeMeetingUrl(url) ? url : null);

/** The download token as it is kept: sealed, bound to its lesson and meeting session. */
export const sealedDownloadToken = (dataKey: string, bookingId: string, meetingUuid: string, token: string) =>
  seal(dataKey, token, `recording:${bookingId}:${meetingUuid}`);

export async function storeRecording(
  db: Db,
  booking: BookingRow,
  set: RecordingSet,
  opts: { dataKey?: string; now: number; transcribe: boolean },
): Promise<void> {
  const token =
    set.downloadToken && opts.dataKey
      ? await sealedDownloadToken(opts.dataKey, booking.id, set.meetingUuid, set.downloadToken)
      : null;
  if (set.downloadToken && !opts.dataKey) {
    console.warn(
      JSON.stringify({
        event: 'recording.token_dropped',
        booking: booking.id,
        reason: 'DATA_ENCRYPTION_KEY is not set',
      }),
    );
  }
  const row = {
    shareUrl: safe(set.shareUrl),
    totalSize: set.totalSize ?? null,
    autoDeleteDate: set.autoDeleteDate && /^\d{4}-\d{2}-\d{2}$/.test(set.autoDeleteDate) ? set.autoDeleteDate : null,
    downloadToken: token,
    downloadTokenExpiresAt: token ? new Date(opts.now + DOWNLOAD_TOKEN_LIFETIME_MS) : null,
    receivedAt: new Date(opts.now),
  };
  // A later event (the transcript's) says less: what it leaves out is kept.
  const update = Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null));
  const files = set.files.map((f) => ({
    id: f.id,
    bookingId: booking.id,
    meetingUuid: set.meetingUuid,
    fileType: f.file_type,
    fileExtension: f.file_extension ?? null,
    fileSize: f.file_size ?? null,
    recordingType: f.recording_type ?? null,
    recordingStart: when(f.recording_start),
    recordingEnd: when(f.recording_end),
    playUrl: safe(f.play_url),
    downloadUrl: safe(f.download_url),
    archiveDueAt: new Date(opts.now),
  }));
  const source = TRANSCRIBE_PREFERENCE.map((t) => set.files.find((f) => f.file_type === t)).find(Boolean);

  await db.batch([
    db
      .insert(recordings)
      .values({ bookingId: booking.id, meetingUuid: set.meetingUuid, ...row })
      .onConflictDoUpdate({ target: [recordings.bookingId, recordings.meetingUuid], set: update }),
    ...files.map((f) => db.insert(recordingFiles).values(f).onConflictDoNothing()),
    ...(source && opts.transcribe
      ? [
          db
            .insert(transcriptionJobs)
            .values({
              id: newId('tj'),
              bookingId: booking.id,
              recordingFileId: source.id,
              dueAt: new Date(opts.now + ZOOM_TRANSCRIPT_WAIT_MS),
            })
            .onConflictDoNothing(),
        ]
      : []),
  ]);
}

/** The lesson's recording files as the operator sees them, with what became of each copy. */
export function recordingJson(f: RecordingFileRow, availableUntil: number) {
  return {
    id: f.id,
    file_type: f.fileType,
    file_size: f.fileSize,
    recording_type: f.recordingType,
    recording_start: f.recordingStart?.toISOString() ?? null,
    recording_end: f.recordingEnd?.toISOString() ?? null,
    play_url: f.playUrl,
    archive_state: f.archiveState,
    archived_size: f.archivedSize,
    archived_at: f.archivedAt?.toISOString() ?? null,
    available_until: f.archiveState === 'copied' ? new Date(availableUntil).toISOString() : null,
  };
}

/** The lesson's recording files in time order, and the day Zoom deletes the first of them. */
export async function recordingsOf(db: Db, bookingId: string) {
  const [files, sets] = await Promise.all([
    db
      .select()
      .from(recordingFiles)
      .where(eq(recordingFiles.bookingId, bookingId))
      .orderBy(asc(recordingFiles.recordingStart), asc(recordingFiles.id)),
    db
      .select({ autoDeleteDate: recordings.autoDeleteDate })
      .from(recordings)
      .where(eq(recordings.bookingId, bookingId)),
  ]);
  const deleteDates = sets
    .map((s) => s.autoDeleteDate)
    .filter((d): d is string => !!d)
    .sort();
  return { files, autoDeleteDate: deleteDates[0] ?? null };
}

/** An archived file and whether its lesson's recording is shared with the family; undefined when there is no copy. */
export async function archivedFile(db: Db, fileId: string) {
  const [found] = await db
    .select({ file: recordingFiles, sharedAt: recordingShares.sharedAt })
    .from(recordingFiles)
    .leftJoin(recordingShares, eq(recordingShares.bookingId, recordingFiles.bookingId))
    .where(and(eq(recordingFiles.id, fileId), eq(recordingFiles.archiveState, 'copied')));
  return found;
}

/** The tutor's (or the operator's) choice: the student and the parent may open this lesson's recording, or not. */
export async function shareRecording(
  db: Db,
  booking: BookingRow,
  shared: boolean,
  by: 'tutor' | 'operator',
  now: number,
) {
  if (booking.status === 'cancelled')
    throw new LessonError(409, 'lesson_cancelled', `Booking ${booking.id} is cancelled; it has no recording.`);
  if (shared)
    await db
      .insert(recordingShares)
      .values({ bookingId: booking.id, sharedBy: by, sharedAt: new Date(now) })
      .onConflictDoNothing();
  else await db.delete(recordingShares).where(eq(recordingShares.bookingId, booking.id));
  const [row] = await db.select().from(recordingShares).where(eq(recordingShares.bookingId, booking.id));
  return { shared: !!row, shared_at: row?.sharedAt.toISOString() ?? null, shared_by: row?.sharedBy ?? null };
}
