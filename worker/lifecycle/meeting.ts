/**
 * Booking fields that describe its meeting at the provider, and what happens to them when a
 * tutor's own Zoom account goes away.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { bookings, meetingCleanups } from '../db/schema';
import { TUTOR_ACCOUNT_PREFIX } from '../providers/zoom';

/** Marks a retired meeting known only by its booking: a create was sent and its answer lost. */
export const LOST_MEETING_PREFIX = 'lost:';

/** Written into every meeting's agenda so a meeting whose creation we lost track of can be found. */
export const agendaFor = (bookingId: string) => `lesson-join booking ${bookingId}`;

/** A booking with no meeting yet (the next provisioning makes one). */
export const clearedMeeting = () =>
  ({
    meetingProvider: null,
    meetingId: null,
    meetingHost: null,
    joinUrl: null,
    passcode: null,
    meetingVersion: 0,
    createInFlight: false,
    attempts: 0,
    lastError: null,
  }) as const;

/**
 * The tutor's own Zoom account is no longer ours to use (disconnected, revoked, app removed): their
 * upcoming lessons hosted there are due a new meeting, which the next provisioning makes under the
 * Server-to-Server app. What stays in the tutor's account is theirs; we can no longer delete it.
 */
export async function rehomeTutorLessons(db: Db, tutorId: string, now: number): Promise<number> {
  const host = `${TUTOR_ACCOUNT_PREFIX}${tutorId}`;
  const [moved] = await db.batch([
    db
      .update(bookings)
      .set({ ...clearedMeeting(), provisioning: 'pending', syncDueAt: new Date(now), updatedAt: new Date(now) })
      .where(
        and(
          eq(bookings.meetingHost, host),
          eq(bookings.status, 'confirmed'),
          sql`${bookings.startAt} + ${bookings.durationMinutes} * 60000 > ${now}`,
        ),
      )
      .returning({ id: bookings.id }),
    db.delete(meetingCleanups).where(eq(meetingCleanups.meetingHost, host)),
  ]);
  if (moved.length)
    console.log(JSON.stringify({ event: 'zoom.lessons_rehomed', tutor: tutorId, lessons: moved.length }));
  return moved.length;
}
