/**
 * What the views read about lessons: the booking, tutor and service in one query, and what happened
 * in the lesson (attendance events, recording files, sharing, the note) only once it may show.
 */
import { eq, type SQL } from 'drizzle-orm';
import type { Role } from '../../shared/api';
import type { Db } from '../db';
import { bookings, services, tutors, type BookingRow } from '../db/schema';
import { recordFactsOf } from '../lesson-record';
import type { ProviderRegistry } from '../providers';
import type { LessonFacts } from './lesson-view';

export function lessonFactsReader(deps: {
  db: Db;
  providers: ProviderRegistry;
  now: () => number;
  joinWindowMs: number;
}) {
  const { db, now, joinWindowMs } = deps;

  /**
   * What happened in the lesson matters once it started (and to the tutor, who sees who waits, from
   * when joining opens): only then is it read, so the QR scan before a lesson stays one query.
   */
  const needsRecord = (b: BookingRow, role: Role) =>
    ['in_progress', 'completed', 'missed'].includes(b.status) ||
    (role === 'tutor' && b.status === 'confirmed' && now() >= b.startAt.getTime() - joinWindowMs);

  /** These lessons with their tutor and service, in one query; their records come from `withRecords`. */
  async function lessonsOf(where: SQL | undefined, order: SQL[], limit: number): Promise<LessonFacts[]> {
    const rows = await db
      .select({ booking: bookings, tutor: tutors, service: services })
      .from(bookings)
      .innerJoin(tutors, eq(tutors.id, bookings.tutorId))
      .innerJoin(services, eq(services.id, bookings.serviceId))
      .where(where)
      .orderBy(...order)
      .limit(limit);
    return rows.map(factsFrom);
  }

  /** Everything the views of `role` need about these lessons, in one query and, after lessons started, four more. */
  async function factsOf(where: SQL | undefined, order: SQL[], limit: number, role: Role) {
    return withRecords(await lessonsOf(where, order, limit), role);
  }

  /** A lesson's facts as the views need them (its record comes from `withRecords`). */
  function factsFrom(row: Pick<LessonFacts, 'booking' | 'tutor' | 'service'>): LessonFacts {
    const provider = deps.providers(row.booking.meetingProvider ?? row.booking.provider);
    return {
      ...row,
      providerReady: deps.providers(row.booking.provider).ready(row.tutor),
      hostedMeeting: row.booking.meetingProvider !== null && provider.hostsMeetings,
      recordingReady: false,
    };
  }

  async function withRecords(all: LessonFacts[], role: Role): Promise<LessonFacts[]> {
    const records = await recordFactsOf(
      db,
      all.filter((f) => needsRecord(f.booking, role)).map((f) => f.booking.id),
    );
    return all.map((f) => {
      const record = records.get(f.booking.id);
      return record ? { ...f, record, recordingReady: record.files.length > 0 } : f;
    });
  }

  return { lessonsOf, factsOf, factsFrom, withRecords };
}
