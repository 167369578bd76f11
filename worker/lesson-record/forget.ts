/**
 * Forgetting on request: a tutor who removes the Zoom app without keeping their data
 * (`user_data_retention: false`) has what came from their Zoom account deleted within ten days:
 * the recordings copied to R2, recording metadata and download tokens, transcripts, participants'
 * emails and Zoom's ids in the attendance, the lessons' meeting ids and links. Their OAuth tokens go
 * at once (the lifecycle, when the account goes). The request is a row the sweep works on until it is
 * done, so it survives restarts and failures, and the row stays as the record of what was deleted.
 * Names and times in the attendance stay: they are the lesson's record, not Zoom's.
 */
import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db';
import {
  attendanceEvents,
  bookings,
  dataDeletions,
  processedEvents,
  recordingFiles,
  recordingShares,
  recordings,
  transcriptionJobs,
  transcripts,
} from '../db/schema';
import { newId } from '../ids';
import type { Lifecycle } from '../lifecycle';
import { lessonPrefix } from './archive';

const DAY = 24 * 3600_000;
/** Zoom asks for the user's data to be deleted within 10 days. */
export const FORGET_WITHIN_MS = 10 * DAY;
const LEASE_MS = 15 * 60_000;
/** Lessons per statement (D1 binds at most 100 values). */
const CHUNK = 50;

/** Records the request; a second one for the same account while one is open changes nothing. */
export async function scheduleForgetting(
  db: Db,
  request: { tutorId: string; host: string; reason: string },
  now: number,
): Promise<void> {
  const [open] = await db
    .select({ id: dataDeletions.id })
    .from(dataDeletions)
    .where(and(eq(dataDeletions.host, request.host), isNull(dataDeletions.doneAt)));
  if (open) return;
  await db.insert(dataDeletions).values({
    id: newId('dd'),
    ...request,
    requestedAt: new Date(now),
    dueBy: new Date(now + FORGET_WITHIN_MS),
  });
}

export interface ForgetDeps {
  db: Db;
  bucket?: R2Bucket;
  lifecycle: Pick<Lifecycle, 'forgetAccountMeetings'>;
  now: () => number;
}

/** Works on open requests; answers how many were completed. */
export async function forgetDue(deps: ForgetDeps): Promise<number> {
  const { db } = deps;
  const at = new Date(deps.now());
  const free = or(isNull(dataDeletions.leaseUntil), lt(dataDeletions.leaseUntil, at));
  const open = await db
    .select()
    .from(dataDeletions)
    .where(and(isNull(dataDeletions.doneAt), free))
    .limit(2);
  let done = 0;
  for (const request of open) {
    const row = and(eq(dataDeletions.id, request.id), isNull(dataDeletions.doneAt));
    const [claimed] = await db
      .update(dataDeletions)
      .set({ leaseUntil: new Date(at.getTime() + LEASE_MS) })
      .where(and(row, free))
      .returning();
    if (!claimed) continue;
    try {
      const deleted = await forget(deps, request.host);
      await db
        .update(dataDeletions)
        .set({ doneAt: new Date(deps.now()), deleted, leaseUntil: null, lastError: null })
        .where(row);
      console.log(JSON.stringify({ event: 'zoom_data.forgotten', tutor: request.tutorId, ...deleted }));
      done++;
    } catch (e) {
      const late = at >= request.dueBy;
      console[late ? 'error' : 'warn'](
        JSON.stringify({ event: 'zoom_data.forget_failed', tutor: request.tutorId, error: (e as Error).message, late }),
      );
      await db
        .update(dataDeletions)
        .set({ attempts: request.attempts + 1, lastError: (e as Error).message, leaseUntil: null })
        .where(row);
    }
  }
  return done;
}

/** Deletes what came from the account's meetings; R2 first, so a failure leaves the rows that find it again. */
async function forget(deps: ForgetDeps, host: string): Promise<Record<string, number>> {
  const { db, bucket } = deps;
  const lessons = (await db.select({ id: bookings.id }).from(bookings).where(eq(bookings.meetingHost, host))).map(
    (b) => b.id,
  );
  const counts = { lessons: lessons.length, files: 0, objects: 0, transcripts: 0, attendance_events: 0 };
  for (const id of lessons) {
    for (let cursor: string | undefined, more = true; more && bucket; ) {
      const page = await bucket.list({ prefix: lessonPrefix(id), cursor });
      if (page.objects.length) await bucket.delete(page.objects.map((o) => o.key));
      counts.objects += page.objects.length;
      more = page.truncated;
      cursor = page.truncated ? page.cursor : undefined;
    }
  }
  for (let i = 0; i < lessons.length; i += CHUNK) {
    const ids = lessons.slice(i, i + CHUNK);
    const events = await db.select().from(attendanceEvents).where(inArray(attendanceEvents.bookingId, ids));
    // Zoom's session and participant ids become our own numbers; pairs stay pairs, so attendance adds up the same.
    const alias = new Map<string, string>();
    const as = (kind: string, value: string) => {
      if (!alias.has(kind + value)) alias.set(kind + value, `${kind}-${alias.size + 1}`);
      return alias.get(kind + value)!;
    };
    const [said, , files] = await db.batch([
      db.delete(transcripts).where(inArray(transcripts.bookingId, ids)).returning({ id: transcripts.recordingFileId }),
      db.delete(transcriptionJobs).where(inArray(transcriptionJobs.bookingId, ids)),
      db.delete(recordingFiles).where(inArray(recordingFiles.bookingId, ids)).returning({ id: recordingFiles.id }),
      db.delete(recordings).where(inArray(recordings.bookingId, ids)),
      db.delete(recordingShares).where(inArray(recordingShares.bookingId, ids)),
      db.delete(processedEvents).where(inArray(processedEvents.bookingId, ids)),
      ...events.map((e) =>
        db
          .update(attendanceEvents)
          .set({
            email: null,
            meetingUuid: as('session', e.meetingUuid),
            participantKey: as('person', `${e.meetingUuid}\0${e.participantKey}`),
          })
          .where(eq(attendanceEvents.id, e.id)),
      ),
    ]);
    counts.files += files.length;
    counts.transcripts += said.length;
    counts.attendance_events += events.length;
  }
  await deps.lifecycle.forgetAccountMeetings(host);
  return counts;
}
