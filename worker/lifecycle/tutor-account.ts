/**
 * A tutor's own provider account (Zoom through OAuth) as the lifecycle sees it: connected, or gone
 * and the lessons it hosted moved back to the platform's account. One writer for the tutor's
 * connection state, its grant and the lessons that move with it.
 */
import { and, eq, gt, notExists, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { bookings, meetingCleanups, tutors, zoomGrants } from '../db/schema';
import type { TutorAccountChange } from '../providers';
import { outboxStatements } from '../outbox/plan';
import { clearedMeeting } from './meeting';
import { lessonEndSql } from './schedule';

/** Applies the change in one atomic batch; answers how many upcoming lessons move to the platform's account. */
export async function changeTutorAccount(
  db: Db,
  tutorId: string,
  change: TutorAccountChange,
  now: number,
): Promise<number> {
  if (change.state === 'connected') {
    await db.batch([
      db
        .insert(zoomGrants)
        .values({ tutorId, ...change.grant })
        .onConflictDoUpdate({
          target: zoomGrants.tutorId,
          set: { ...change.grant, version: sql`${zoomGrants.version} + 1` },
        }),
      db.update(tutors).set({ zoomConnection: 'connected' }).where(eq(tutors.id, tutorId)),
    ]);
    return 0;
  }
  const noGrant = notExists(db.select({ one: sql`1` }).from(zoomGrants).where(eq(zoomGrants.tutorId, tutorId)));
  const at = new Date(now);
  const [alert] = outboxStatements(db, { kind: 'account_gone', tutorId, byTutor: change.state === 'none' }, now);
  const [, , , moved] = await db.batch([
    db
      .delete(zoomGrants)
      .where(
        and(
          eq(zoomGrants.tutorId, tutorId),
          change.grantVersion === undefined ? undefined : eq(zoomGrants.version, change.grantVersion),
        ),
      ),
    // The tutor hears of it once, when the account goes from connected to gone behind their back.
    alert!,
    db
      .update(tutors)
      .set({ zoomConnection: change.state })
      .where(and(eq(tutors.id, tutorId), noGrant)),
    // What stays in the tutor's account is theirs; their upcoming lessons get a new meeting in ours.
    db
      .update(bookings)
      .set({ ...clearedMeeting(), provisioning: 'pending', syncDueAt: at, updatedAt: at })
      .where(
        and(eq(bookings.meetingHost, change.host), eq(bookings.status, 'confirmed'), gt(lessonEndSql, now), noGrant),
      )
      .returning({ id: bookings.id }),
    // We can no longer delete anything there.
    db.delete(meetingCleanups).where(and(eq(meetingCleanups.meetingHost, change.host), noGrant)),
  ]);
  if (moved.length)
    console.log(JSON.stringify({ event: 'zoom.lessons_rehomed', tutor: tutorId, lessons: moved.length }));
  return moved.length;
}

/**
 * Forgets the meetings a provider account held for lessons that are over (the tutor asked for their
 * data to go): their ids, links and passcodes. Upcoming lessons already moved when the account went.
 */
export async function forgetAccountMeetings(db: Db, host: string, now: number): Promise<string[]> {
  const forgotten = await db
    .update(bookings)
    .set({ meetingId: null, meetingHost: null, joinUrl: null, passcode: null, updatedAt: new Date(now) })
    .where(and(eq(bookings.meetingHost, host), notInArray(bookings.status, ['pending_payment', 'confirmed'])))
    .returning({ id: bookings.id });
  return forgotten.map((b) => b.id);
}
