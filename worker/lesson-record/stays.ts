/**
 * Stays in the meeting, from the stored events: joins paired with leaves per session and
 * participant, people told apart across sessions and devices, minutes counted once.
 */
import type { AttendanceEventRow, BookingRow } from '../db/schema';
import { PRACTICE_END_MS } from '../lifecycle/schedule';

export type Span = [from: number, to: number | null];

export const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** Time in a practice run, long before the lesson, is not time in the lesson: attendance counts from here. */
export const countedFrom = (booking: BookingRow) => booking.startAt.getTime() - PRACTICE_END_MS;

/**
 * A person's stays in the meeting: joins paired with leaves per session and participant; a stay
 * still open ends at the meeting's end (or is open, `null`, while it runs).
 */
export function staysOf(events: AttendanceEventRow[], booking: BookingRow): Span[] {
  const counted = countedFrom(booking);
  const sessions = new Map<string, AttendanceEventRow[]>();
  for (const e of events) {
    const k = `${e.meetingUuid}\u0000${e.participantKey}`;
    sessions.set(k, [...(sessions.get(k) ?? []), e]);
  }
  const stays: Span[] = [];
  const stay = (from: number, to: number | null) => {
    if (to === null || to > counted) stays.push([Math.max(from, counted), to]);
  };
  for (const list of sessions.values()) {
    list.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.kind === 'joined' ? -1 : 1));
    let open: number | null = null;
    for (const e of list) {
      if (e.kind === 'joined' && open === null) open = e.at.getTime();
      else if (e.kind === 'left' && open !== null) {
        stay(open, e.at.getTime());
        open = null;
      }
    }
    if (open !== null) stay(open, booking.endedAt?.getTime() ?? null);
  }
  return stays.sort((a, b) => a[0] - b[0]);
}

/** Who someone is across sessions and devices: their role and email, or their name. */
export const personOf = (e: AttendanceEventRow) => `${e.role}\u0000${e.email?.toLowerCase() || fold(e.name)}`;

/** Events grouped by person, in the order they were first seen. */
export function byPerson(events: AttendanceEventRow[]): AttendanceEventRow[][] {
  const people = new Map<string, AttendanceEventRow[]>();
  for (const e of [...events].sort((a, b) => a.at.getTime() - b.at.getTime()))
    people.set(personOf(e), [...(people.get(personOf(e)) ?? []), e]);
  return [...people.values()];
}

/** Length of the union of the stays, in whole minutes (overlaps, e.g. two devices, count once). */
export function minutes(stays: Span[], openUntil: number): number {
  const spans = stays.map(([a, b]) => [a, Math.max(a, b ?? openUntil)] as const).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of spans) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return Math.round(total / 60_000);
}

export function lateMinutes(firstJoin: number, scheduled: number): number {
  return Math.max(0, Math.round((firstJoin - scheduled) / 60_000));
}
