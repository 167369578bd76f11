/**
 * Cloud recordings of a lesson: file metadata for the tutor, the download token sealed with its
 * 24-hour expiry (it never leaves the Worker), Zoom's auto-delete date, and one transcription job
 * for the teaching assistant.
 */
import { asc, eq } from 'drizzle-orm';
import { isSafeMeetingUrl } from '../../shared/urls';
import { seal } from '../crypto';
import type { Db } from '../db';
import { recordingFiles, recordings, transcriptionJobs, type BookingRow } from '../db/schema';
import { newId } from '../ids';
import type { ZoomRecordingFile } from '../webhooks/zoom/payloads';

/** Zoom: "download_token … lasts 24 hours after it is created". */
export const DOWNLOAD_TOKEN_LIFETIME_MS = 24 * 3600_000;

/** The file a transcriber wants: audio alone if there is one, else the video. */
const TRANSCRIBE_PREFERENCE = ['M4A', 'MP4'];

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

export async function storeRecording(
  db: Db,
  booking: BookingRow,
  set: RecordingSet,
  opts: { dataKey?: string; now: number },
): Promise<void> {
  const token =
    set.downloadToken && opts.dataKey
      ? await seal(opts.dataKey, set.downloadToken, `recording:${booking.id}:${set.meetingUuid}`)
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
  }));
  const source = TRANSCRIBE_PREFERENCE.map((t) => set.files.find((f) => f.file_type === t)).find(Boolean);

  await db.batch([
    db
      .insert(recordings)
      .values({ bookingId: booking.id, meetingUuid: set.meetingUuid, ...row })
      .onConflictDoUpdate({ target: [recordings.bookingId, recordings.meetingUuid], set: row }),
    ...files.map((f) => db.insert(recordingFiles).values(f).onConflictDoNothing()),
    ...(source
      ? [
          db
            .insert(transcriptionJobs)
            .values({ id: newId('tj'), bookingId: booking.id, recordingFileId: source.id })
            .onConflictDoNothing(),
        ]
      : []),
  ]);
}

export async function recordingsOf(db: Db, bookingId: string) {
  const [files, sets] = await Promise.all([
    db
      .select()
      .from(recordingFiles)
      .where(eq(recordingFiles.bookingId, bookingId))
      .orderBy(asc(recordingFiles.recordingStart)),
    db
      .select({ autoDeleteDate: recordings.autoDeleteDate })
      .from(recordings)
      .where(eq(recordings.bookingId, bookingId)),
  ]);
  const deleteDates = sets
    .map((s) => s.autoDeleteDate)
    .filter((d): d is string => !!d)
    .sort();
  return {
    files: files.map((f) => ({
      file_type: f.fileType,
      file_size: f.fileSize,
      recording_type: f.recordingType,
      recording_start: f.recordingStart?.toISOString() ?? null,
      recording_end: f.recordingEnd?.toISOString() ?? null,
      play_url: f.playUrl,
    })),
    autoDeleteDate: deleteDates[0] ?? null,
  };
}
