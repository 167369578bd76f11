/**
 * Lessons as their people reach them. A link (`./links`) stands for one lesson or for a person; it
 * decides the role. Viewers read what their link shows (`view`), the stable link answers with the
 * meeting or a page (`destination`), and a tutor's Start fetches a host link at the moment of the
 * click (`start`). Which role sees what lives in `./lesson-view`.
 */
import { and, asc, desc, eq, gt, inArray, lte, type SQL } from 'drizzle-orm';
import {
  type LessonView,
  type LinkInput,
  type LinkViewResult,
  type PersonView,
  ROLES,
  type Role,
} from '../../shared/api';
import { isHostLink, isSafeMeetingUrl } from '../../shared/urls';
import type { Db } from '../db';
import {
  bookings,
  links as links_,
  services,
  tutors,
  type BookingRow,
  type LinkRow,
  type ServiceRow,
  type TutorRow,
} from '../db/schema';
import { LessonError, bookingNotFound } from '../errors';
import type { Lifecycle } from '../lifecycle';
import { lessonEnd, lessonEndSql } from '../lifecycle/schedule';
import { AccountGoneError, ProviderError, type ProviderRegistry } from '../providers';
import type { CalendarLesson } from '../calendar';
import { lessonFactsReader } from './lesson-facts';
import { currentJoinUrl, lessonView, type LessonFacts } from './lesson-view';
import { invalidLink, type Links } from './links';
import { recordingLinks } from './recording-links';

export { createLinks, type LinkSecretEnv, type Links } from './links';

export interface LessonAccessDeps {
  db: Db;
  providers: ProviderRegistry;
  links: Links;
  /** Told when a tutor's own provider account turns out to be gone. */
  lifecycle: Pick<Lifecycle, 'tutorAccount'>;
  now?: () => number;
  /** How long before the start joining opens. */
  joinWindowMinutes?: number;
  /** Signs the recording links views carry (`RECORDING_URL_SECRET`); without it none are offered. */
  recordingSecret?: string;
}

/** Who asks: the Worker's own origin (links are built on it) and the site a widget runs on, if any. */
export interface Viewer {
  origin: string;
  /** The request's `Origin` header; null when the browser sent none (our own pages, a link followed). */
  from: string | null;
}

/** A lesson's links stay usable this long after it ends unless the operator set another expiry. */
const LESSON_LINK_LIFETIME_AFTER_END_MS = 90 * 24 * 3600_000;
export const DEFAULT_JOIN_WINDOW_MINUTES = 10;
/** A person's link shows lessons that ended this recently, and this many upcoming ones. */
const RECENT_MS = 30 * 24 * 3600_000;
const UPCOMING_SHOWN = 20;
const RECENT_SHOWN = 10;
/** No lesson is longer than this (the API refuses more than 600 minutes). */
const LONGEST_LESSON_MS = 10 * 3600_000;

export type LessonAccess = ReturnType<typeof createLessonAccess>;
/** A link's row, with its lesson when it is a lesson's link. */
type Found = { link: LinkRow; booking: BookingRow | null; tutor: TutorRow | null; service: ServiceRow | null };
export type Destination = { redirect: string } | { view: LessonView | PersonView };

/**
 * @example
 * const access = createLessonAccess({ db, providers, links, lifecycle })
 * const { student } = await access.lessonLinks(bookingId)
 * const view = await access.view(idFromTheUrl, { origin, from: c.req.header('origin') ?? null })
 */
export function createLessonAccess(deps: LessonAccessDeps) {
  const { db, links } = deps;
  const now = deps.now ?? Date.now;
  const joinWindowMs = (deps.joinWindowMinutes ?? DEFAULT_JOIN_WINDOW_MINUTES) * 60_000;

  const { lessonsOf, factsOf, factsFrom, withRecords } = lessonFactsReader({
    db,
    providers: deps.providers,
    now,
    joinWindowMs,
  });

  /** The lessons a person's link covers. */
  function personScope(link: LinkRow): SQL {
    if (link.role === 'tutor') return eq(bookings.tutorId, link.subject);
    return eq(link.role === 'student' ? bookings.studentEmail : bookings.parentEmail, link.subject);
  }

  /**
   * The rows behind links people hold, each with its lesson when it is a lesson's link: one query
   * for any number of links (a page of cards reads them all at once). A malformed id finds nothing.
   */
  async function findLinks(ids: string[]): Promise<Map<string, Found>> {
    const hashes = new Map<string, string>();
    for (const id of new Set(ids))
      await links.hashOf(id).then(
        (hash) => hashes.set(id, hash),
        () => undefined,
      );
    const found = new Map<string, Found>();
    if (!hashes.size) return found;
    const rows = await db
      .select({ link: links_, booking: bookings, tutor: tutors, service: services })
      .from(links_)
      .leftJoin(bookings, and(eq(links_.scope, 'lesson'), eq(bookings.id, links_.subject)))
      .leftJoin(tutors, eq(tutors.id, bookings.tutorId))
      .leftJoin(services, eq(services.id, bookings.serviceId))
      .where(inArray(links_.idHash, [...new Set(hashes.values())]));
    const byHash = new Map(rows.map((row) => [row.link.idHash, row]));
    for (const [id, hash] of hashes) {
      const row = byHash.get(hash);
      if (row) found.set(id, row);
    }
    return found;
  }

  /**
   * The link someone holds, and the lesson it opens (`bookingId` picks one of a person's lessons),
   * with what happened in it. A lesson's link and its lesson are read in one query: the path of
   * every QR scan. `found`: the links a page asked for, read together by `findLinks`; a lesson
   * link's record is then left to the caller, who reads the records of all its lessons at once.
   */
  async function openLesson(id: string, bookingId?: string, found?: Map<string, Found>) {
    const row = (found ?? (await findLinks([id]))).get(id);
    const link = links.usable(row?.link);
    let facts =
      row?.booking && row.tutor && row.service
        ? factsFrom({ booking: row.booking, tutor: row.tutor, service: row.service })
        : undefined;
    if (facts && !found) [facts] = await withRecords([facts], link.role);
    if (link.scope === 'lesson' && bookingId !== undefined) throw invalidLink();
    // A person's link itself opens their list, not a lesson.
    if (link.scope === 'person' && bookingId === undefined) return { link, facts: null, url: `/l/${id}` };
    if (!facts) {
      const scope =
        link.scope === 'lesson' ? eq(bookings.id, link.subject) : and(eq(bookings.id, bookingId!), personScope(link));
      [facts] = await factsOf(scope, [], 1, link.role);
    }
    if (!facts)
      throw new LessonError(
        404,
        'lesson_not_found',
        'This lesson does not exist. Ask your tutor or the school for a new link.',
      );
    if (
      link.scope === 'lesson' &&
      link.expiresAt === null &&
      now() > lessonEnd(facts.booking) + LESSON_LINK_LIFETIME_AFTER_END_MS
    )
      throw new LessonError(410, 'link_expired', 'This link has expired. Ask your tutor or the school for a new one.');
    return { link, facts, url: link.scope === 'lesson' ? `/l/${id}` : `/l/${id}/${bookingId}` };
  }

  /** A tutor's link opens Zoom as host: it is read only by our pages and the sites the tutor allowed. */
  function guard(link: LinkRow, tutor: TutorRow, viewer: Viewer): void {
    if (link.role !== 'tutor' || !viewer.from || viewer.from === viewer.origin) return;
    if (tutor.allowedOrigins.includes(viewer.from)) return;
    throw new LessonError(
      403,
      'link_private',
      "This card is the tutor's private link and works only on the tutor's own pages. Use a student link here.",
    );
  }

  /**
   * The views of these lessons for `role`, each at its own stable link (`url`, a path), with the
   * tutor's links to share, read once for all of them, where the role is tutor.
   */
  async function viewsOf(items: { facts: LessonFacts; url: string }[], role: Role, origin: string) {
    const at = now();
    const shared =
      role === 'tutor'
        ? await links.lessonLinks(
            items.map((item) => item.facts.booking.id),
            ['student', 'parent'],
          )
        : null;
    const urlOfRole = async (bookingId: string, r: Role) => {
      const row = shared?.get(`${bookingId}:${r}`);
      return row ? links.url(origin, row) : null;
    };
    return Promise.all(
      items.map(async ({ facts, url }) =>
        lessonView(facts, {
          role,
          now: at,
          joinWindowMs,
          url: `${origin}${url}`,
          studentUrl: await urlOfRole(facts.booking.id, 'student'),
          parentUrl: await urlOfRole(facts.booking.id, 'parent'),
          // The tutor always; the student and the parent once the tutor shared the recording.
          recordings:
            facts.record && (role === 'tutor' || facts.record.shared)
              ? await recordingLinks(deps.recordingSecret, origin, role, facts.record.files, at)
              : null,
        }),
      ),
    );
  }

  /** The lessons a person's link lists: the upcoming ones, then the recent ones, with their records read once. */
  async function personFacts(link: LinkRow): Promise<LessonFacts[]> {
    const at = now();
    const scope = personScope(link);
    const [upcoming, recent] = await Promise.all([
      lessonsOf(
        and(scope, gt(bookings.startAt, new Date(at - LONGEST_LESSON_MS)), gt(lessonEndSql, at)),
        [asc(bookings.startAt), asc(bookings.id)],
        UPCOMING_SHOWN,
      ),
      lessonsOf(
        and(scope, gt(bookings.startAt, new Date(at - RECENT_MS)), lte(lessonEndSql, at)),
        [desc(bookings.startAt), desc(bookings.id)],
        RECENT_SHOWN,
      ),
    ]);
    return withRecords([...upcoming, ...recent], link.role);
  }

  async function personView(id: string, link: LinkRow, viewer: Viewer): Promise<PersonView> {
    const at = now();
    const [all, [tutor]] = await Promise.all([
      personFacts(link),
      link.role === 'tutor' ? db.select().from(tutors).where(eq(tutors.id, link.subject)) : [undefined],
    ]);
    if (tutor) guard(link, tutor, viewer);
    const lessons = await viewsOf(
      all.map((facts) => ({ facts, url: `/l/${id}/${facts.booking.id}` })),
      link.role,
      viewer.origin,
    );
    const refresh = lessons
      .map((l) => (l.refresh_at ? Date.parse(l.refresh_at) : Number.POSITIVE_INFINITY))
      .reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
    return {
      kind: 'person',
      role: link.role,
      name: tutor?.name ?? (link.role === 'student' ? (all[0]?.booking.studentName ?? link.subject) : link.subject),
      lessons,
      server_time: new Date(at).toISOString(),
      refresh_at: Number.isFinite(refresh) ? new Date(refresh).toISOString() : null,
    };
  }

  /** The view of a lesson already opened. */
  async function viewOf(opened: { link: LinkRow; facts: LessonFacts; url: string }, viewer: Viewer) {
    guard(opened.link, opened.facts.tutor, viewer);
    const [view] = await viewsOf([opened], opened.link.role, viewer.origin);
    return { ...opened, view: view! };
  }

  return {
    /** What the link shows `viewer`: one lesson, or a person's lessons. */
    async view(id: string, viewer: Viewer): Promise<LessonView | PersonView> {
      const opened = await openLesson(id);
      if (!opened.facts) return personView(id, opened.link, viewer);
      return (await viewOf(opened, viewer)).view;
    },

    /** One lesson of a person's link. */
    async lessonOf(id: string, bookingId: string, viewer: Viewer): Promise<LessonView> {
      const opened = await openLesson(id, bookingId);
      if (!opened.facts) throw invalidLink();
      return (await viewOf({ ...opened, facts: opened.facts }, viewer)).view;
    },

    /**
     * What each link shows `viewer`, in order: its view, or the error its single read would answer
     * (a tutor's link on a site the tutor did not allow is refused alone). A link asked for twice
     * is read once, and what the views need besides their rows is read once for all of them.
     */
    async views(paths: string[], viewer: Viewer): Promise<LinkViewResult[]> {
      const unique = [...new Set(paths)];
      const found = await findLinks(unique.map((path) => path.split('/')[0]!));
      const results = new Map<string, LinkViewResult>();
      const lessons: { path: string; role: Role; facts: LessonFacts; url: string; recorded: boolean }[] = [];
      await Promise.all(
        unique.map(async (path) => {
          const [id = '', bookingId, ...more] = path.split('/');
          try {
            if (more.length || bookingId === '') throw invalidLink();
            const opened = await openLesson(id, bookingId, found);
            if (!opened.facts) results.set(path, { status: 200, view: await personView(id, opened.link, viewer) });
            else {
              guard(opened.link, opened.facts.tutor, viewer);
              // A person's lesson was read with its record; a lesson link's record is read below.
              const recorded = opened.link.scope === 'person';
              lessons.push({ path, role: opened.link.role, facts: opened.facts, url: opened.url, recorded });
            }
          } catch (e) {
            if (!(e instanceof LessonError)) throw e;
            results.set(path, { status: e.status, error: { code: e.code, message: e.message } });
          }
        }),
      );
      // The lessons' views, role by role: their records, and the tutor's links to share, read once.
      for (const role of ROLES) {
        const ofRole = lessons.filter((l) => l.role === role);
        if (!ofRole.length) continue;
        const unrecorded = ofRole.filter((l) => !l.recorded);
        const records = await withRecords(
          unrecorded.map((l) => l.facts),
          role,
        );
        for (const [i, l] of unrecorded.entries()) l.facts = records[i]!;
        const views = await viewsOf(ofRole, role, viewer.origin);
        for (const [i, l] of ofRole.entries()) results.set(l.path, { status: 200, view: views[i]! });
      }
      return paths.map((path) => results.get(path)!);
    },

    /**
     * Where the stable link goes now. Students and parents go straight into the meeting while
     * joining is open; otherwise (and always for tutors and person links) a page says where the
     * lesson stands.
     */
    async destination(id: string, origin: string, bookingId?: string): Promise<Destination> {
      const viewer = { origin, from: null };
      const opened = await openLesson(id, bookingId);
      if (!opened.facts) return { view: await personView(id, opened.link, viewer) };
      const { view, link, facts } = await viewOf({ ...opened, facts: opened.facts }, viewer);
      if (link.role === 'tutor' || !view.joining_open) return { view };
      const joinUrl = currentJoinUrl(facts.booking);
      // A host link must never reach a student or parent, whatever was stored.
      if (!joinUrl || !isSafeMeetingUrl(joinUrl) || isHostLink(joinUrl)) return { view };
      return { redirect: joinUrl };
    },

    /**
     * The lesson behind a tutor's link, for what only the tutor may do (share the recording, finish
     * the note); any other link, or a tutor's link read from a site the tutor did not allow, is refused.
     */
    async tutorLesson(id: string, viewer: Viewer, bookingId?: string): Promise<BookingRow> {
      const opened = await openLesson(id, bookingId);
      if (!opened.facts || opened.link.role !== 'tutor')
        throw new LessonError(403, 'tutor_only', 'Only the tutor’s link can do this.');
      guard(opened.link, opened.facts.tutor, viewer);
      return opened.facts.booking;
    },

    /** The tutor's host link, fetched from the provider at this moment (never stored). */
    async start(id: string, bookingId?: string): Promise<string> {
      const { link, facts } = await openLesson(id, bookingId);
      if (!facts || link.role !== 'tutor') throw invalidLink();
      const b = facts.booking;
      if (b.status === 'cancelled' || b.status === 'completed' || now() >= lessonEnd(b))
        throw new LessonError(410, 'lesson_over', 'This lesson is over or cancelled, so there is nothing to start.');
      const provider = b.meetingProvider ? deps.providers(b.meetingProvider) : null;
      if (b.provisioning !== 'ready' || !b.meetingId || !provider?.startUrl) {
        const joinUrl = currentJoinUrl(b);
        if (joinUrl && isSafeMeetingUrl(joinUrl)) return joinUrl;
        throw new LessonError(
          503,
          'meeting_not_ready',
          'The meeting link is still being prepared. Try again in a minute.',
        );
      }
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
    },

    /**
     * What a link's calendar file holds: its lesson, or (a person's link) their upcoming and recent
     * lessons, each with the link that person follows to it. A tutor's is read only by our pages,
     * calendars and the sites the tutor allowed, like their lesson view.
     */
    async calendar(id: string, viewer: Viewer, bookingId?: string) {
      const { origin } = viewer;
      const opened = await openLesson(id, bookingId);
      const facts = opened.facts ? [opened.facts] : await personFacts(opened.link);
      const urlOf = (b: string) => (opened.facts ? `${origin}${opened.url}` : `${origin}/l/${id}/${b}`);
      const [tutor] =
        opened.link.role === 'tutor' && !opened.facts
          ? await db.select().from(tutors).where(eq(tutors.id, opened.link.subject))
          : [undefined];
      const owner = opened.facts?.tutor ?? tutor;
      if (owner) guard(opened.link, owner, viewer);
      return {
        role: opened.link.role,
        feed: !opened.facts,
        name: tutor?.name ?? facts[0]?.booking.studentName ?? '',
        lessons: facts.map((f) => calendarLesson(f, opened.link.role, urlOf(f.booking.id))),
      };
    },

    /** A lesson as one of its people reaches it: their current link, and what it shows them. */
    async lessonFor(bookingId: string, role: Role, origin: string) {
      const [facts] = await factsOf(eq(bookings.id, bookingId), [], 1, role);
      if (!facts) throw bookingNotFound(bookingId);
      const link = await links.current({ scope: 'lesson', role, subject: bookingId });
      const url = await links.url(origin, link);
      return { facts, url, calendar: calendarLesson(facts, role, url) };
    },

    /** The tutor's, the student's and the parent's current links to one lesson, made where missing. */
    async lessonLinks(bookingId: string, expiresAt?: Date) {
      const [b] = await db.select().from(bookings).where(eq(bookings.id, bookingId));
      if (!b) throw bookingNotFound(bookingId);
      if (b.status === 'cancelled')
        throw new LessonError(410, 'lesson_cancelled', `Booking ${bookingId} is cancelled; it gets no links.`);
      if (expiresAt && expiresAt.getTime() <= now())
        throw new LessonError(422, 'invalid_request', 'expires_at must be in the future.');
      const one = (role: Role) => links.current({ scope: 'lesson', role, subject: bookingId }, expiresAt ?? null);
      const [tutor, student, parent] = await Promise.all([one('tutor'), one('student'), one('parent')]);
      return { tutor: tutor!, student: student!, parent: parent! };
    },

    /** A lesson's or a person's current link in one role (made if there is none: `created`). */
    async link(input: LinkInput): Promise<{ row: LinkRow; created: boolean }> {
      const expiresAt = input.expires_at ? new Date(input.expires_at) : null;
      if (expiresAt && expiresAt.getTime() <= now())
        throw new LessonError(422, 'invalid_request', 'expires_at must be in the future.');
      if (input.booking_id) {
        const [b] = await db
          .select({ status: bookings.status })
          .from(bookings)
          .where(eq(bookings.id, input.booking_id));
        if (!b) throw bookingNotFound(input.booking_id);
        return links.ensure({ scope: 'lesson', role: input.role, subject: input.booking_id }, expiresAt);
      }
      if (input.tutor_id) {
        const [t] = await db.select({ id: tutors.id }).from(tutors).where(eq(tutors.id, input.tutor_id));
        if (!t) throw new LessonError(404, 'tutor_not_found', `No tutor has id ${input.tutor_id}.`);
        return links.ensure({ scope: 'person', role: 'tutor', subject: input.tutor_id }, expiresAt);
      }
      return links.ensure({ scope: 'person', role: input.role, subject: input.email!.toLowerCase() }, expiresAt);
    },
  };
}

/** A lesson as its calendar event shows it to `role`: the meeting's number and passcode only where its view shows them. */
function calendarLesson(facts: LessonFacts, role: Role, url: string): CalendarLesson {
  const view = lessonView(facts, { role, now: 0, joinWindowMs: 0, url, studentUrl: null, parentUrl: null });
  return { ...facts, url, meetingNumber: view.meeting_number, passcode: view.passcode };
}
