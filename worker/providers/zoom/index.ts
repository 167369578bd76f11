import type { MeetingProvider, MeetingRef, ProvidedMeeting, TutorAccount, TutorAccountChange } from '../types';
import { ProviderError } from '../types';
import { createZoomClient, type ZoomClient } from './client';

/** Meetings hosted in a tutor's own Zoom account (OAuth) carry this host; others name a Zoom user of the S2S account. */
const TUTOR_ACCOUNT_PREFIX = 'tutor:';

/** The host of lessons in the tutor's own Zoom account. */
export const tutorAccountHost = (tutorId: string) => `${TUTOR_ACCOUNT_PREFIX}${tutorId}`;

/** The tutor's own Zoom account is gone: what the lifecycle is to record and move. */
export const zoomAccountGone = (
  tutorId: string,
  state: 'none' | 'needs_reconnect',
): Extract<TutorAccountChange, { host: string }> => ({
  state,
  host: tutorAccountHost(tutorId),
});

/** Where a tutor's lessons are hosted: their own Zoom account when connected, else their user in ours. */
function zoomHost(tutor: TutorAccount): string {
  return tutor.zoomConnection === 'connected' ? tutorAccountHost(tutor.id) : (tutor.zoomUserId ?? tutor.email);
}

/** Zoom: 100 meeting creates and updates per host user per UTC day; a host runs one meeting at a time. */
export const ZOOM_CAPACITY = { callsPerHostPerDay: 100, oneMeetingAtATime: true } as const;
/** A recording file is large: its download may take this long before it is given up (and tried again). */
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;
/** How long a fresh recording download token is asked to last (Zoom allows up to 7 days). */
const DOWNLOAD_TOKEN_TTL_S = 24 * 3600;

/** Zoom: a meeting uuid that starts with `/` or holds `//` must be encoded twice in a path. */
const uuidInPath = (uuid: string) =>
  encodeURIComponent(uuid.startsWith('/') || uuid.includes('//') ? encodeURIComponent(uuid) : uuid);

/** Written into every meeting's agenda so a meeting whose creation we lost track of can be found. */
const agendaFor = (bookingId: string) => `lesson-join booking ${bookingId}`;

export interface ZoomProviderConfig {
  apiBase: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** The Server-to-Server app's tokens: meetings under the tutor's user in the operator's account. */
  s2s?: (rejected?: string) => Promise<string>;
  /** Tokens of tutors who connected their own Zoom account. */
  tutorTokens?: (tutorId: string, rejected?: string) => Promise<string>;
  /** Users of the platform's Zoom account any tutor's lessons may use when the tutor's own are full or busy. */
  platformHosts?: string[];
}

/** The meeting fields we read from Zoom's create and get responses. */
interface ZoomMeeting {
  id: number | string;
  host_id?: string;
  join_url: string;
  start_url?: string;
  password?: string;
  agenda?: string;
}

interface ZoomMeetingList {
  meetings?: ZoomMeeting[];
  next_page_token?: string;
}

/**
 * Zoom as a meeting provider: meetings are scheduled (type 2) under the tutor's own Zoom user,
 * at the booked instant in UTC, with the service's waiting room and recording settings.
 */
export function zoomProvider(config: ZoomProviderConfig): MeetingProvider {
  const client = (token: (rejected?: string) => Promise<string>) =>
    createZoomClient({ apiBase: config.apiBase, fetch: config.fetch, timeoutMs: config.timeoutMs, token });
  const s2s = config.s2s ? client(config.s2s) : null;

  /** Who to ask and as whom: user-level apps must say `me`; S2S apps name the host user. */
  function account(host: string | null): { zoom: ZoomClient; user: string } {
    if (host?.startsWith(TUTOR_ACCOUNT_PREFIX)) {
      const tutorId = host.slice(TUTOR_ACCOUNT_PREFIX.length);
      if (!config.tutorTokens)
        throw new ProviderError(
          'Zoom OAuth is not configured: set ZOOM_OAUTH_CLIENT_ID, ZOOM_OAUTH_CLIENT_SECRET and DATA_ENCRYPTION_KEY.',
          { retryable: false },
        );
      return { zoom: client((rejected) => config.tutorTokens!(tutorId, rejected)), user: 'me' };
    }
    if (!s2s)
      throw new ProviderError('Zoom is not configured: set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET.', {
        retryable: false,
      });
    if (!host)
      throw new ProviderError('The tutor has no Zoom user: set zoom_user_id on the tutor.', { retryable: false });
    return { zoom: s2s, user: encodeURIComponent(host) };
  }

  const asProvided = (m: ZoomMeeting, host: string | null): ProvidedMeeting => ({
    id: String(m.id),
    host,
    joinUrl: m.join_url,
    passcode: m.password ?? null,
  });

  return {
    id: 'zoom',
    hostsMeetings: true,
    hostFor: zoomHost,
    // A tutor's own account hosts alone; otherwise the tutor's users, then the platform's pool.
    hostsFor: (tutor) =>
      tutor.zoomConnection === 'connected'
        ? [tutorAccountHost(tutor.id)]
        : [...new Set([zoomHost(tutor), ...tutor.zoomHosts, ...(config.platformHosts ?? [])])],
    capacity: ZOOM_CAPACITY,
    ready: (tutor) => (zoomHost(tutor).startsWith(TUTOR_ACCOUNT_PREFIX) ? !!config.tutorTokens : !!s2s),
    // Zoom makes its own links.
    linkProblem: () => null,
    async create(lesson) {
      const { zoom, user } = account(lesson.host);
      const { data } = await zoom.request<ZoomMeeting>('POST', `/users/${user}/meetings`, {
        topic: lesson.topic,
        type: 2,
        start_time: zoomTime(lesson.startAt),
        duration: lesson.durationMinutes,
        timezone: lesson.timezone,
        password: newPasscode(),
        agenda: agendaFor(lesson.bookingId),
        default_password: false,
        settings: {
          waiting_room: lesson.waitingRoom,
          join_before_host: false,
          approval_type: 2,
          auto_recording: lesson.autoRecording,
          email_notification: false,
          alternative_hosts_email_notification: false,
        },
      });
      if (!data?.join_url)
        throw new ProviderError('Zoom created a meeting but sent no join_url.', { outcomeUnknown: true });
      return asProvided(data, lesson.host);
    },

    async update(meeting, lesson) {
      await account(meeting.host).zoom.request('PATCH', `/meetings/${encodeURIComponent(meeting.id)}`, {
        start_time: zoomTime(lesson.startAt),
        duration: lesson.durationMinutes,
        timezone: lesson.timezone,
        topic: lesson.topic,
      });
    },

    async remove(meeting: MeetingRef) {
      try {
        await account(meeting.host).zoom.request(
          'DELETE',
          `/meetings/${encodeURIComponent(meeting.id)}?schedule_for_reminder=false`,
        );
      } catch (e) {
        if (e instanceof ProviderError && e.gone) return;
        throw e;
      }
    },

    async find(bookingId, host) {
      const [first] = await this.meetingsOf!(bookingId, host);
      if (!first) return null;
      const { data } = await account(host).zoom.request<ZoomMeeting>(
        'GET',
        `/meetings/${encodeURIComponent(first.id)}`,
      );
      return data ? asProvided(data, host) : null;
    },

    async meetingsOf(bookingId, host) {
      const { zoom, user } = account(host);
      const agenda = agendaFor(bookingId);
      const found: MeetingRef[] = [];
      let page: string | undefined;
      do {
        // `scheduled` holds every scheduled meeting, past ones too (`upcoming` drops a lesson once its time has passed).
        const query = new URLSearchParams({
          type: 'scheduled',
          page_size: '300',
          ...(page ? { next_page_token: page } : {}),
        });
        const { data } = await zoom.request<ZoomMeetingList>('GET', `/users/${user}/meetings?${query}`);
        for (const m of data?.meetings ?? []) if (m.agenda?.includes(agenda)) found.push({ id: String(m.id), host });
        page = data?.next_page_token || undefined;
      } while (page);
      return found;
    },

    recordings: {
      async download(url, token) {
        let res: Response;
        try {
          res = await (config.fetch ?? fetch)(url, {
            headers: { authorization: `Bearer ${token}` },
            signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
          });
        } catch (e) {
          throw new ProviderError(`Zoom's recording download could not be reached: ${(e as Error).message}`);
        }
        if (res.status === 404)
          throw new ProviderError('Zoom no longer has this recording file.', { gone: true, retryable: false });
        // A token Zoom does not take gets its sign-in page, with a 200.
        if (res.ok && /text\/html/i.test(res.headers.get('content-type') ?? ''))
          throw new ProviderError('Zoom did not accept the recording download token.', { refused: true });
        if (!res.ok) throw new ProviderError(`Zoom answered the recording download with ${res.status}.`);
        return res;
      },
      async freshToken(meeting, session) {
        const { data } = await account(meeting.host).zoom.request<{ download_access_token?: string }>(
          'GET',
          `/meetings/${uuidInPath(session)}/recordings?include_fields=download_access_token&ttl=${DOWNLOAD_TOKEN_TTL_S}`,
        );
        if (!data?.download_access_token) throw new ProviderError('Zoom sent no download_access_token.');
        return { token: data.download_access_token, ttlMs: DOWNLOAD_TOKEN_TTL_S * 1000 };
      },
    },

    async startUrl(meeting) {
      const { data } = await account(meeting.host).zoom.request<ZoomMeeting>(
        'GET',
        `/meetings/${encodeURIComponent(meeting.id)}`,
      );
      if (!data?.start_url) throw new ProviderError('Zoom sent no start_url for the meeting.');
      return data.start_url;
    },
  };
}

/** `yyyy-MM-ddTHH:mm:ssZ`: Zoom reads a trailing Z as UTC. */
function zoomTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Zoom passcodes: at most 10 characters of letters, digits and @ - _ *. */
function newPasscode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
