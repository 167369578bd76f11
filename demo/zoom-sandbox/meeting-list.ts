/**
 * `GET /v2/users/{userId}/meetings` as Zoom pages it: 30 meetings a page unless `page_size` says
 * otherwise (at most 300), a `next_page_token` that lasts 15 minutes, and the `type` filters
 * `scheduled` (the default), `live`, `upcoming`, `upcoming_meetings` and `previous_meetings`.
 * A caller that reads only the first page misses what is on the next one, as with Zoom.
 */
import type { Context } from 'hono';
import type { HostUser, SandboxMeeting } from './index';
import { randomString, zoomError } from './zoom-ids';

const DEFAULT_PAGE_SIZE = 30;
const MAX_PAGE_SIZE = 300;
const PAGE_TOKEN_TTL_MS = 15 * 60_000;
const MIN = 60_000;

type ListType = 'scheduled' | 'live' | 'upcoming' | 'upcoming_meetings' | 'previous_meetings';
const TYPES: readonly ListType[] = ['scheduled', 'live', 'upcoming', 'upcoming_meetings', 'previous_meetings'];

export interface MeetingListDeps {
  now: () => number;
  meetings: Map<number, SandboxMeeting>;
  joinUrl: (m: SandboxMeeting) => string;
}

/** Which meetings a `type` lists at `at`. Zoom's words are loose; the sandbox's reading is here. */
function listed(type: ListType, m: SandboxMeeting, at: number): boolean {
  const live = m.status === 'started';
  const over = Date.parse(m.start_time) + m.duration * MIN <= at;
  if (type === 'live') return live;
  if (type === 'upcoming' || type === 'upcoming_meetings') return live || !over;
  if (type === 'previous_meetings') return !live && over;
  return true;
}

export function meetingList({ now, meetings, joinUrl }: MeetingListDeps) {
  /** Page tokens: where the next page starts, for which host and type, until when. */
  const pages = new Map<string, { hostId: string; type: ListType; after: [number, number]; expiresAt: number }>();

  return (c: Context, user: HostUser) => {
    const type = (c.req.query('type') ?? 'scheduled') as ListType;
    if (!TYPES.includes(type))
      return c.json(
        zoomError(300, 'Validation Failed.', { errors: [{ field: 'type', message: `Invalid field: ${type}` }] }),
        400,
      );
    const asked = Number.parseInt(c.req.query('page_size') ?? '', 10);
    const pageSize = Number.isFinite(asked) && asked > 0 ? Math.min(MAX_PAGE_SIZE, asked) : DEFAULT_PAGE_SIZE;
    const token = c.req.query('next_page_token');
    let after: [number, number] | null = null;
    if (token) {
      const page = pages.get(token);
      if (!page || page.expiresAt <= now() || page.hostId !== user.id || page.type !== type)
        return c.json(zoomError(300, 'The next page token is invalid or expired.'), 400);
      after = page.after;
    }

    const at = now();
    const key = (m: SandboxMeeting): [number, number] => [Date.parse(m.start_time), m.id];
    const mine = [...meetings.values()]
      .filter((m) => m.host_id === user.id && listed(type, m, at))
      .map((m) => ({ m, start: Date.parse(m.start_time) }))
      .sort((a, b) => a.start - b.start || a.m.id - b.m.id)
      .map(({ m }) => m);
    const from = after
      ? mine.findIndex((m) => {
          const [start, id] = key(m);
          return start > after[0] || (start === after[0] && id > after[1]);
        })
      : 0;
    const page = from < 0 ? [] : mine.slice(from, from + pageSize);
    const more = from >= 0 && from + pageSize < mine.length;
    let next = '';
    if (more) {
      next = randomString(32);
      pages.set(next, { hostId: user.id, type, after: key(page.at(-1)!), expiresAt: at + PAGE_TOKEN_TTL_MS });
    }
    return c.json({
      page_size: pageSize,
      total_records: mine.length,
      next_page_token: next,
      meetings: page.map((m) => {
        const { uuid, id, host_id, topic, type, start_time, duration, timezone, agenda, created_at } = m;
        return {
          uuid,
          id,
          host_id,
          topic,
          type,
          start_time,
          duration,
          timezone,
          agenda,
          created_at,
          join_url: joinUrl(m),
        };
      }),
    });
  };
}
