/**
 * The bookings a platform of tutors receives, for the scale simulation: arrivals through the day,
 * lessons from minutes to three weeks ahead on the quarter hour, 30 to 60 minutes long, each in a
 * slot its tutor has free. A tutor is one person (their lessons never overlap) or a tutoring centre
 * (many teachers under one tutor account, so its lessons overlap up to its number of teachers).
 * Seeded: every run simulates the same demand.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const SLOT = 15 * MINUTE;

/** A tutoring centre: hundreds of lessons a day under one tutor account, taught by `teachers` at once. */
export interface Centre {
  /** Bookings it receives a day. */
  perDay: number;
  /** Lessons it can run at the same time (its booking page offers only those slots). */
  teachers: number;
  /** Zoom users in its pool, its own included (a tutor has at most 1 + 20). */
  hosts: number;
}

export interface Demand {
  tutors: number;
  perDay: number;
  /** The first tutors are these centres; the others are people sharing what is left evenly. */
  centres: Centre[];
  /** The platform's own Zoom users, which any tutor's lessons may use when theirs are busy or spent. */
  platformHosts: number;
}

export interface PlannedLesson {
  tutor: number;
  /** When the booking is made and paid. */
  bookedAt: number;
  start: number;
  minutes: number;
}

/** A small seeded generator (mulberry32): the same demand every run, so runs compare. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * How far ahead lessons are booked: a few the same hour, most days ahead, some weeks ahead.
 * Shares and ranges, uniform within each range.
 */
export const LEAD_TIMES: { share: number; from: number; to: number; label: string }[] = [
  { share: 0.05, from: 10 * MINUTE, to: HOUR, label: '10-60 min' },
  { share: 0.15, from: HOUR, to: DAY, label: '1-24 h' },
  { share: 0.3, from: DAY, to: 3 * DAY, label: '1-3 days' },
  { share: 0.35, from: 3 * DAY, to: 7 * DAY, label: '3-7 days' },
  { share: 0.15, from: 7 * DAY, to: 21 * DAY, label: '1-3 weeks' },
];
export const LONGEST_LEAD = 21 * DAY;
const LENGTHS: [number, number][] = [
  [0.25, 30],
  [0.35, 45],
  [0.4, 60],
];

function pick<T>(random: () => number, table: [number, T][]): T {
  let x = random();
  for (const [share, value] of table) if ((x -= share) < 0) return value;
  return table[table.length - 1]![1];
}

/**
 * Every booking made from `from` until `until`, in the order they are made, placed in free slots:
 * the lessons booked before `from` that start after it are the platform's existing schedule.
 */
export function bookingsBetween(demand: Demand, from: number, until: number, seed = 1): PlannedLesson[] {
  const random = seeded(seed);
  const people = demand.tutors - demand.centres.length;
  const peoplePerDay = demand.perDay - demand.centres.reduce((n, c) => n + c.perDay, 0);
  // Lessons running per tutor in each quarter hour.
  const busy = Array.from({ length: demand.tutors }, () => new Map<number, number>());
  const capacity = (tutor: number) => demand.centres[tutor]?.teachers ?? 1;
  const leads = LEAD_TIMES.map((l): [number, (typeof LEAD_TIMES)[number]] => [l.share, l]);

  const lessons: PlannedLesson[] = [];
  for (let day = from; day < until; day += DAY) {
    const made: PlannedLesson[] = [];
    const book = (tutor: number) => {
      const bookedAt = day + Math.floor(random() * Math.min(DAY, until - day));
      const lead = pick(random, leads);
      const minutes = pick(random, LENGTHS);
      const slots = minutes / (SLOT / MINUTE);
      let first = Math.ceil((bookedAt + lead.from + random() * (lead.to - lead.from)) / SLOT);
      // The next slot the tutor has free, as a booking page offers it (within a day of the one asked for).
      const taken = busy[tutor]!;
      const free = (s: number) => {
        for (let i = 0; i < slots; i++) if ((taken.get(s + i) ?? 0) >= capacity(tutor)) return false;
        return true;
      };
      let tries = 0;
      while (!free(first) && tries++ < 96) first++;
      if (tries > 96) return;
      for (let i = 0; i < slots; i++) taken.set(first + i, (taken.get(first + i) ?? 0) + 1);
      made.push({ tutor, bookedAt, start: first * SLOT, minutes });
    };
    const share = Math.min(1, (until - day) / DAY);
    demand.centres.forEach((c, tutor) => {
      for (let i = 0; i < Math.round(c.perDay * share); i++) book(tutor);
    });
    for (let i = 0; i < Math.round(peoplePerDay * share); i++)
      book(demand.centres.length + Math.floor(random() * people));
    made.sort((a, b) => a.bookedAt - b.bookedAt);
    lessons.push(...made);
  }
  return lessons;
}

/**
 * Hosts for the existing schedule, as the Worker picks them when each booking is paid: the first
 * of the tutor's hosts (their own, their pool, then the platform's) with nothing else at that time.
 * Null for a lesson no host could take (it would be on the tutor's backup link).
 */
export function assignHosts(lessons: PlannedLesson[], hostsOf: (tutor: number) => string[]): (string | null)[] {
  const taken = new Map<string, Set<number>>();
  return lessons.map((l) => {
    const slots = Array.from({ length: l.minutes / (SLOT / MINUTE) }, (_, i) => l.start / SLOT + i);
    for (const host of hostsOf(l.tutor)) {
      let used = taken.get(host);
      if (!used) taken.set(host, (used = new Set()));
      if (slots.some((s) => used.has(s))) continue;
      for (const s of slots) used.add(s);
      return host;
    }
    return null;
  });
}
