/**
 * What a Zoom host can carry: the create+update count per host user per UTC day (by the sandbox
 * clock), and host overlaps, two meetings of one host scheduled at overlapping times or live at
 * the same time (a Zoom host runs one meeting at a time). Overlaps are found with one sort and
 * sweep per host, so asking about 10,000 meetings costs O(n log n), never a comparison of all pairs.
 */
import type { SandboxMeeting } from './index';
import { zoomTime } from './zoom-ids';

/** One span of a meeting: its schedule, or a session in which it was live. */
interface Span {
  hostId: string;
  meetingId: number;
  /** The live session's uuid (absent for a scheduled span). */
  uuid?: string;
  start: number;
  end: number;
}

export interface HostOverlap {
  kind: 'scheduled' | 'live';
  host_id: string;
  /** The two meetings (the same meeting twice for two of its sessions live at once). */
  meetings: { id: number; uuid?: string; start: string; end: string }[];
  /** How long they overlap, in minutes. */
  overlap_minutes: number;
}

export interface DailyUsage {
  host_id: string;
  /** The UTC day, `YYYY-MM-DD`. */
  date: string;
  /** Creates and updates Zoom accepted for the host that day. */
  used: number;
  /** Creates and updates refused with the daily-cap 429. */
  refused: number;
}

const MIN = 60_000;

/** Every pair of spans of one host that overlap, by sorting each host's spans and sweeping. */
function overlapsOf(spans: Span[], kind: HostOverlap['kind']): HostOverlap[] {
  const byHost = new Map<string, Span[]>();
  for (const s of spans) {
    const list = byHost.get(s.hostId);
    if (list) list.push(s);
    else byHost.set(s.hostId, [s]);
  }
  const found: HostOverlap[] = [];
  for (const [hostId, list] of byHost) {
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    let open: Span[] = [];
    for (const s of list) {
      open = open.filter((o) => o.end > s.start);
      for (const o of open) {
        found.push({
          kind,
          host_id: hostId,
          meetings: [o, s].map((x) => ({
            id: x.meetingId,
            ...(x.uuid ? { uuid: x.uuid } : {}),
            start: zoomTime(x.start),
            end: zoomTime(x.end),
          })),
          overlap_minutes: Math.round((Math.min(o.end, s.end) - s.start) / MIN),
        });
      }
      if (s.end > s.start) open.push(s);
    }
  }
  return found;
}

export function hostCapacity(now: () => number, dailyCap: number) {
  const used = new Map<string, number>();
  const refused = new Map<string, number>();
  const live: Span[] = [];
  const day = () => new Date(now()).toISOString().slice(0, 10);

  return {
    dailyCap,
    /** Counts a create or update against the host's cap for today (UTC); false when the cap is reached. */
    spend(hostId: string): boolean {
      const key = `${hostId}\n${day()}`;
      const n = used.get(key) ?? 0;
      if (n >= dailyCap) {
        refused.set(key, (refused.get(key) ?? 0) + 1);
        return false;
      }
      used.set(key, n + 1);
      return true;
    },
    /** A played session of a meeting: it was live from `start` to `end` (ms). */
    wasLive(meeting: SandboxMeeting, uuid: string, start: number, end: number) {
      live.push({ hostId: meeting.host_id, meetingId: meeting.id, uuid, start, end });
    },
    dailyUsage(): DailyUsage[] {
      const keys = new Set([...used.keys(), ...refused.keys()]);
      return [...keys].sort().map((key) => {
        const [host_id, date] = key.split('\n') as [string, string];
        return { host_id, date, used: used.get(key) ?? 0, refused: refused.get(key) ?? 0 };
      });
    },
    /** Overlaps among the meetings that exist now (by schedule) and among every session played so far. */
    overlaps(meetings: Iterable<SandboxMeeting>): { scheduled: HostOverlap[]; live: HostOverlap[] } {
      const scheduled: Span[] = [];
      for (const m of meetings) {
        const start = Date.parse(m.start_time);
        scheduled.push({ hostId: m.host_id, meetingId: m.id, start, end: start + m.duration * MIN });
      }
      return { scheduled: overlapsOf(scheduled, 'scheduled'), live: overlapsOf(live, 'live') };
    },
  };
}

export type HostCapacity = ReturnType<typeof hostCapacity>;
