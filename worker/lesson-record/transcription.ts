/**
 * The lesson's transcript, beside the note. Zoom's own (`recording.transcript_completed`) is a VTT
 * file copied to R2 like the others and read from there. When Zoom sends none in time, the
 * transcription job (made with the recording, due `ZOOM_TRANSCRIPT_WAIT_MS` later) hands the
 * archived audio to the transcription service (`TRANSCRIPTION_URL`): a POST of the bytes, answered
 * with WebVTT. Failures are tried again with backoff; a job is done once a transcript of its session
 * exists, whoever made it.
 */
import { and, eq, inArray, isNull, lt, lte, or } from 'drizzle-orm';
import type { Db } from '../db';
import { recordingFiles, transcriptionJobs, transcripts, type RecordingFileRow } from '../db/schema';
import { retryDelayMs } from '../lifecycle/schedule';

export interface TranscriberDeps {
  db: Db;
  bucket?: R2Bucket;
  /** The transcription service: POST audio, answer WebVTT. Unset: only Zoom's transcripts are kept. */
  url?: string;
  /** Sent as `Authorization: Bearer …` when set. */
  token?: string;
  fetch: typeof fetch;
  now: () => number;
}

const LEASE_MS = 15 * 60_000;
const MAX_ATTEMPTS = 8;
/** The audio is not copied yet: look again this much later. */
const WAIT_FOR_COPY_MS = 10 * 60_000;

/**
 * WebVTT as plain text: each cue's text lines (`Speaker: words`), without the header, cue numbers,
 * timings, notes or markup. Small enough not to need a library.
 * @example vttText('WEBVTT\n\n1\n00:00:01.000 --> 00:00:05.000\nTutor: Hello') // 'Tutor: Hello'
 */
export function vttText(vtt: string): string {
  return vtt
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .flatMap((cue) => {
      const lines = cue.split('\n');
      const timing = lines.findIndex((l) => l.includes('-->'));
      return timing < 0 ? [] : lines.slice(timing + 1).map((l) => l.replace(/<[^>]*>/g, '').trim());
    })
    .filter(Boolean)
    .join('\n');
}

/** Keeps a transcript and marks done the jobs of its meeting session. */
type SessionFile = Pick<RecordingFileRow, 'id' | 'bookingId' | 'meetingUuid'>;

/** The files of the same meeting session as `file`. */
const sessionOf = (db: Db, file: SessionFile) =>
  db
    .select({ id: recordingFiles.id })
    .from(recordingFiles)
    .where(and(eq(recordingFiles.bookingId, file.bookingId), eq(recordingFiles.meetingUuid, file.meetingUuid)));

async function keepTranscript(db: Db, file: SessionFile, source: 'zoom' | 'service', text: string) {
  const session = sessionOf(db, file);
  await db.batch([
    db
      .insert(transcripts)
      .values({ recordingFileId: file.id, bookingId: file.bookingId, source, text })
      .onConflictDoNothing(),
    db
      .update(transcriptionJobs)
      .set({ status: 'done', leaseUntil: null, lastError: null })
      .where(and(eq(transcriptionJobs.status, 'queued'), inArray(transcriptionJobs.recordingFileId, session))),
  ]);
}

/** Zoom's transcript, just copied to R2: read it from there and keep its text beside the note. */
export async function keepZoomTranscript(db: Db, bucket: R2Bucket, file: RecordingFileRow & { archiveKey: string }) {
  const vtt = await (await bucket.get(file.archiveKey))?.text();
  if (vtt) await keepTranscript(db, file, 'zoom', vttText(vtt));
}

/** Hands due jobs to the transcription service; answers how many transcripts it made. */
export async function transcribeDue(deps: TranscriberDeps, limit = 3): Promise<number> {
  const { db, bucket, url } = deps;
  if (!url || !bucket) return 0;
  const at = deps.now();
  const free = or(isNull(transcriptionJobs.leaseUntil), lt(transcriptionJobs.leaseUntil, new Date(at)));
  const due = await db
    .select({ job: transcriptionJobs, file: recordingFiles })
    .from(transcriptionJobs)
    .innerJoin(recordingFiles, eq(recordingFiles.id, transcriptionJobs.recordingFileId))
    .where(and(eq(transcriptionJobs.status, 'queued'), lte(transcriptionJobs.dueAt, new Date(at)), free))
    .limit(limit);
  let made = 0;
  for (const { job, file } of due) {
    const row = and(eq(transcriptionJobs.id, job.id), eq(transcriptionJobs.status, 'queued'));
    const [claimed] = await db
      .update(transcriptionJobs)
      .set({ leaseUntil: new Date(at + LEASE_MS) })
      .where(and(row, free))
      .returning({ id: transcriptionJobs.id });
    if (!claimed) continue;
    const later = (ms: number, patch: Partial<typeof job> = {}) =>
      db
        .update(transcriptionJobs)
        .set({ dueAt: new Date(at + ms), leaseUntil: null, ...patch })
        .where(row);
    // Zoom's may have come first (events arrive in any order).
    const [zoomFirst] = await db
      .select({ id: transcripts.recordingFileId })
      .from(transcripts)
      .where(inArray(transcripts.recordingFileId, sessionOf(db, file)));
    if (zoomFirst) {
      await later(0, { status: 'done' });
      continue;
    }
    if (file.archiveState === 'pending') {
      await later(WAIT_FOR_COPY_MS);
      continue;
    }
    const audio = file.archiveKey ? await bucket.get(file.archiveKey) : null;
    if (!audio) {
      await later(0, { status: 'failed', lastError: `The recording was not kept (${file.archiveState}).` });
      continue;
    }
    try {
      const res = await deps.fetch(url, {
        method: 'POST',
        headers: {
          'content-type': audio.httpMetadata?.contentType ?? 'application/octet-stream',
          'content-length': String(audio.size),
          ...(deps.token ? { authorization: `Bearer ${deps.token}` } : {}),
        },
        body: audio.body,
      });
      const text = res.ok ? vttText(await res.text()) : '';
      if (!text) throw new Error(res.ok ? 'it sent no transcript' : `it answered ${res.status}`);
      await keepTranscript(db, file, 'service', text);
      made++;
    } catch (e) {
      const attempts = job.attempts + 1;
      const lastError = `The transcription service failed: ${(e as Error).message}.`;
      console.warn(JSON.stringify({ event: 'transcription.failed', booking: job.bookingId, attempts }));
      await later(retryDelayMs(attempts, true), {
        attempts,
        lastError,
        ...(attempts >= MAX_ATTEMPTS ? { status: 'failed' as const } : {}),
      });
    }
  }
  return made;
}
