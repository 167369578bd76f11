/**
 * Lessons as their people reach them: the operator mints links, viewers read the lesson through
 * their token, and the stable link resolves to a meeting at the moment someone opens it.
 * Which role sees what lives in `./lesson-view`; tokens in `./tokens`.
 */
import { eq } from 'drizzle-orm';
import type { LessonLinks, LessonView, Role } from '../../shared/api';
import { isHostLink, isSafeMeetingUrl } from '../../shared/urls';
import type { Db } from '../db';
import { bookings, recordingFiles, services, tutors } from '../db/schema';
import { LessonError, bookingNotFound } from '../errors';
import type { Lifecycle } from '../lifecycle';
import { lessonEnd } from '../lifecycle/schedule';
import { AccountGoneError, ProviderError, type ProviderRegistry } from '../providers';
import type { LinkKeys } from './tokens';
import { currentJoinUrl, lessonView, type LessonFacts } from './lesson-view';

export { linkKeys, type LinkKeyEnv, type LinkKeys } from './tokens';

export interface LessonAccessDeps {
  db: Db;
  providers: ProviderRegistry;
  keys: LinkKeys;
  /** Told when a tutor's own provider account turns out to be gone. */
  lifecycle: Pick<Lifecycle, 'tutorAccount'>;
  now?: () => number;
  /** How long before the start joining opens. */
  joinWindowMinutes?: number;
}

/** Links stay usable this long after the lesson ends unless the operator says otherwise. */
const DEFAULT_LINK_LIFETIME_AFTER_END_MS = 90 * 24 * 3600_000;
export const DEFAULT_JOIN_WINDOW_MINUTES = 10;

export type LessonAccess = ReturnType<typeof createLessonAccess>;

/**
 * @example
 * const access = createLessonAccess({ db, providers, keys: linkKeys(env) })
 * const links = await access.links(bookingId, 'https://lessons.example.com')
 * const view = await access.view(links.student.token, origin)
 */
export function createLessonAccess(deps: LessonAccessDeps) {
  const { db, keys } = deps;
  const now = deps.now ?? Date.now;
  const joinWindowMs = (deps.joinWindowMinutes ?? DEFAULT_JOIN_WINDOW_MINUTES) * 60_000;
  const stableUrl = (origin: string, token: string) => `${origin}/l/${token}`;

  async function facts(bookingId: string, withRecording: boolean): Promise<LessonFacts | null> {
    const [row] = await db
      .select({ booking: bookings, tutor: tutors, service: services })
      .from(bookings)
      .innerJoin(tutors, eq(tutors.id, bookings.tutorId))
      .innerJoin(services, eq(services.id, bookings.serviceId))
      .where(eq(bookings.id, bookingId));
    if (!row) return null;
    const recording = withRecording
      ? await db
          .select({ id: recordingFiles.id })
          .from(recordingFiles)
          .where(eq(recordingFiles.bookingId, bookingId))
          .limit(1)
      : [];
    const providerReady = deps.providers(row.booking.provider).ready(row.tutor);
    return { ...row, providerReady, recordingReady: recording.length > 0 };
  }

  /** The lesson a valid token names; a booking that is gone reads like a bad link. */
  async function open(token: string, withRecording = false) {
    const claims = await keys.read(token);
    const found = await facts(claims.bookingId, withRecording && claims.role === 'tutor');
    if (!found)
      throw new LessonError(
        404,
        'lesson_not_found',
        'This lesson no longer exists. Ask your tutor or the school for a new link.',
      );
    return { claims, facts: found };
  }

  return {
    /** Signs the tutor's, the student's and the parent's link to one booking. */
    async links(bookingId: string, origin: string, expiresAt?: Date): Promise<LessonLinks> {
      const found = await facts(bookingId, false);
      if (!found) throw bookingNotFound(bookingId);
      const b = found.booking;
      if (b.status === 'cancelled')
        throw new LessonError(410, 'lesson_cancelled', `Booking ${bookingId} is cancelled; it gets no links.`);
      const end = lessonEnd(b);
      const expiry = expiresAt?.getTime() ?? end + DEFAULT_LINK_LIFETIME_AFTER_END_MS;
      if (expiry <= now()) throw new LessonError(422, 'invalid_request', 'expires_at must be in the future.');
      const exp = Math.floor(expiry / 1000);
      const one = async (role: Role) => {
        const token = await keys.mint({ bookingId, role, exp });
        return { token, url: stableUrl(origin, token) };
      };
      return {
        tutor: await one('tutor'),
        student: await one('student'),
        parent: await one('parent'),
        expires_at: new Date(exp * 1000).toISOString(),
      };
    },

    /** The lesson as the token's role may see it. */
    async view(token: string, origin: string): Promise<LessonView> {
      const { claims, facts: found } = await open(token, true);
      const studentToken =
        claims.role === 'tutor'
          ? await keys.mint({ bookingId: claims.bookingId, role: 'student', exp: claims.exp })
          : null;
      return lessonView(found, {
        role: claims.role,
        now: now(),
        joinWindowMs,
        url: stableUrl(origin, token),
        studentUrl: studentToken && stableUrl(origin, studentToken),
      });
    },

    /**
     * Where the stable link sends its holder right now: students and parents to the join link, the
     * tutor to a host link fetched from the provider at this moment (never stored).
     */
    async destination(token: string): Promise<string> {
      const { claims, facts: found } = await open(token);
      const b = found.booking;
      if (b.status === 'cancelled')
        throw new LessonError(
          410,
          'lesson_cancelled',
          'This lesson was cancelled, so its link no longer opens a meeting.',
        );
      if (b.status === 'pending_payment')
        throw new LessonError(
          409,
          'lesson_not_confirmed',
          'This lesson is not paid yet; its meeting link works once it is.',
        );
      const joinUrl = currentJoinUrl(b);
      const notReady = new LessonError(
        503,
        'meeting_not_ready',
        'The meeting link is still being prepared. Try again in a minute.',
      );
      if (!joinUrl || !isSafeMeetingUrl(joinUrl)) throw notReady;

      const provider = b.meetingProvider ? deps.providers(b.meetingProvider) : null;
      if (claims.role === 'tutor' && b.provisioning === 'ready' && b.meetingId && provider?.startUrl) {
        let start: string;
        try {
          start = await provider.startUrl({ id: b.meetingId, host: b.meetingHost });
        } catch (e) {
          if (!(e instanceof ProviderError)) throw e;
          if (e instanceof AccountGoneError)
            await deps.lifecycle.tutorAccount(e.account.tutorId, { state: 'needs_reconnect', ...e.account });
          throw new LessonError(
            503,
            'start_link_unavailable',
            'Zoom did not give a start link just now. Try again in a moment.',
          );
        }
        if (!isSafeMeetingUrl(start))
          throw new LessonError(503, 'start_link_unavailable', 'Zoom sent a start link that is not https.');
        return start;
      }
      // A host link must never reach a student or parent, whatever was stored.
      if (claims.role !== 'tutor' && isHostLink(joinUrl)) throw notReady;
      return joinUrl;
    },
  };
}
