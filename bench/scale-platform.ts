/**
 * The platform a scale scenario starts from, written straight into the database: its tutors (the
 * centres with their pools of Zoom users, then people), the bookings of the simulated hours still
 * unpaid, and the centres' lessons booked before them, already on their hosts.
 */
import { inArray } from 'drizzle-orm';
import { ServiceInput, TutorInput } from '../shared/api';
import { serviceInput, tutorInput } from '../test/suites/fixtures';
import { addService, addTutor } from '../worker/catalog';
import type { Db } from '../worker/db';
import { bookings, type ServiceRow, type TutorRow } from '../worker/db/schema';
import { newId } from '../worker/ids';
import { MINUTE, assignHosts, type Demand, type PlannedLesson } from './scale-demand';

export interface Tutor {
  tutor: TutorRow;
  service: ServiceRow;
  hosts: string[];
}

/**
 * The tutors: centres first, each with its pool of Zoom users; then people, one Zoom user each.
 * Every tutor has a backup link (a Google Meet room) for when Zoom cannot give a meeting in time.
 */
export async function addTutors(db: Db, demand: Demand, platformHosts: string[]): Promise<Tutor[]> {
  const tutors: Tutor[] = [];
  for (let i = 0; i < demand.tutors; i++) {
    const centre = demand.centres[i];
    const own = `centre${i + 1}@tutoring.example`;
    const tutor = await addTutor(
      db,
      TutorInput.parse(
        tutorInput({
          timezone: 'UTC',
          ...(centre && { name: `Centre ${i + 1}`, email: own, zoom_user_id: own }),
          zoom_hosts: Array.from(
            { length: centre ? centre.hosts - 1 : 0 },
            (_, k) => `centre${i + 1}.teacher${k + 2}@tutoring.example`,
          ),
          backup_link: `https://meet.google.com/${meetCode(i)}`,
        }),
      ),
    );
    const service = await addService(db, ServiceInput.parse(serviceInput(tutor.id)));
    // The order the Worker tries them in: the tutor's own, their pool, the platform's.
    tutors.push({ tutor, service, hosts: [...new Set([tutor.zoomUserId!, ...tutor.zoomHosts, ...platformHosts])] });
  }
  return tutors;
}

/** A booking row as `lifecycle.book` writes it, unpaid. */
function unpaid(l: PlannedLesson, { tutor, service }: Tutor, i: number) {
  return {
    id: newId('bk'),
    tutorId: tutor.id,
    serviceId: service.id,
    studentName: 'Sam Student',
    studentEmail: `student${i}@example.com`,
    parentEmail: `parent${i}@example.com`,
    startAt: new Date(l.start),
    durationMinutes: l.minutes,
    timezone: tutor.timezone,
    language: tutor.language,
    provider: tutor.defaultProvider,
    createdAt: new Date(l.bookedAt),
    updatedAt: new Date(l.bookedAt),
  };
}

export async function insertUnpaid(db: Db, arrivals: PlannedLesson[], tutors: Tutor[]): Promise<string[]> {
  const rows = arrivals.map((l, i) => unpaid(l, tutors[l.tutor]!, i));
  for (let i = 0; i < rows.length; i += 100) await db.insert(bookings).values(rows.slice(i, i + 100));
  return rows.map((r) => r.id);
}

/** The lessons booked before the simulated day that start during it or later, with their meetings made. */
export async function insertExisting(db: Db, existing: PlannedLesson[], tutors: Tutor[]) {
  const hosts = assignHosts(existing, (t) => tutors[t]!.hosts);
  const rows = existing.map((l, i) => {
    const host = hosts[i] ?? null;
    const meetingId = String(80_000_000_000 + i);
    const row = unpaid(l, tutors[l.tutor]!, -i - 1);
    return {
      ...row,
      status: 'confirmed' as const,
      paymentRef: `evt_existing_${i}`,
      confirmedAt: row.createdAt,
      meetingProvider: host ? ('zoom' as const) : null,
      meetingId: host ? meetingId : null,
      meetingHost: host,
      joinUrl: host ? `https://us06web.zoom.us/j/${meetingId}` : tutors[l.tutor]!.tutor.backupLink,
      provisioning: host ? ('ready' as const) : ('fallback' as const),
      meetingVersion: 1,
    };
  });
  for (let i = 0; i < rows.length; i += 100) await db.insert(bookings).values(rows.slice(i, i + 100));
}

/** Pairs of lessons on one host at overlapping times, among every lesson the database has a meeting for. */
export async function overlapsInDb(db: Db): Promise<number> {
  const rows = await db
    .select({ host: bookings.meetingHost, start: bookings.startAt, minutes: bookings.durationMinutes })
    .from(bookings)
    .where(inArray(bookings.provisioning, ['ready']));
  const byHost = new Map<string, [number, number][]>();
  for (const r of rows) {
    if (!r.host) continue;
    const list = byHost.get(r.host) ?? byHost.set(r.host, []).get(r.host)!;
    list.push([r.start.getTime(), r.start.getTime() + r.minutes * MINUTE]);
  }
  let overlaps = 0;
  for (const list of byHost.values()) {
    list.sort((a, b) => a[0] - b[0]);
    let end = Number.NEGATIVE_INFINITY;
    for (const [s, e] of list) {
      if (s < end) overlaps++;
      end = Math.max(end, e);
    }
  }
  return overlaps;
}

/** A Google Meet room code (`abc-defg-hij`), one per tutor. */
function meetCode(i: number): string {
  const letters = (n: number, length: number) =>
    Array.from({ length }, (_, k) => String.fromCharCode(97 + (Math.floor(n / 26 ** k) % 26))).join('');
  return `${letters(i, 3)}-${letters(i * 7 + 3, 4)}-${letters(i * 13 + 5, 3)}`;
}
