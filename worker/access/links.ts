/**
 * The links people keep: `/l/{id}`, where `id` is 22 characters (132 bits) of HMAC-SHA256 of the
 * link row's handle under `LESSON_LINK_SECRET`. The id is never stored; its SHA-256 finds the row,
 * so a copy of the database opens nothing, and the Worker can say a link again (in an email, on a
 * tutor's dashboard) without keeping it. Each lesson, student, parent and tutor has at most one
 * current link per role; revoking or rotating one takes effect on the next request.
 */
import { and, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { LinkScope, Role } from '../../shared/api';
import { b64url } from '../crypto';
import type { Db } from '../db';
import { links, type LinkRow } from '../db/schema';
import { LessonError } from '../errors';
import { sha256Hex } from '../http';
import { newId } from '../ids';

export interface LinkSecretEnv {
  /** The secret link ids are derived from (32 characters or more). Changing it changes every link. */
  LESSON_LINK_SECRET?: string;
}

const MIN_SECRET_LENGTH = 32;
const ID_LENGTH = 22;
const PUBLIC_ID = /^[A-Za-z0-9_-]{22}$/;

/** What a link stands for: a lesson (booking id) or a person (a student's or parent's email, a tutor's id). */
export interface LinkSubject {
  scope: LinkScope;
  role: Role;
  subject: string;
}

export const invalidLink = () =>
  new LessonError(
    404,
    'link_invalid',
    'This lesson link does not exist. Open the link exactly as you received it, or ask for a new one.',
  );

export type Links = ReturnType<typeof createLinks>;

/**
 * @example
 * const links = createLinks({ db, secret: env.LESSON_LINK_SECRET, now })
 * const row = await links.current({ scope: 'lesson', role: 'student', subject: bookingId })
 * const url = await links.url(origin, row) // https://lessons.example/l/Xk3…
 */
export function createLinks(deps: { db: Db; secret: string | undefined; now: () => number }) {
  const { db, now } = deps;
  let key: Promise<CryptoKey> | undefined;

  function hmacKey(): Promise<CryptoKey> {
    const secret = deps.secret;
    if (!secret || secret.length < MIN_SECRET_LENGTH)
      throw new LessonError(
        503,
        'not_configured',
        `LESSON_LINK_SECRET is not set or shorter than ${MIN_SECRET_LENGTH} characters: add it with wrangler secret put.`,
      );
    key ??= crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    return key;
  }

  /** The id people hold for the row (derived, never stored). */
  async function publicId(row: Pick<LinkRow, 'id'>): Promise<string> {
    const mac = await crypto.subtle.sign(
      'HMAC',
      await hmacKey(),
      new TextEncoder().encode(`lesson-join link\0${row.id}`),
    );
    return b64url(new Uint8Array(mac)).slice(0, ID_LENGTH);
  }

  const currentOf = (s: LinkSubject) =>
    and(eq(links.scope, s.scope), eq(links.role, s.role), eq(links.subject, s.subject), isNull(links.revokedAt));

  async function create(s: LinkSubject, expiresAt: Date | null): Promise<LinkRow | null> {
    const id = newId('lk');
    const idHash = await sha256Hex(await publicId({ id }));
    const [row] = await db
      .insert(links)
      .values({ id, idHash, ...s, expiresAt, createdAt: new Date(now()) })
      .onConflictDoNothing()
      .returning();
    return row ?? null;
  }

  /** A link that no longer opens anything stops being the current one. */
  const retire = (where: SQL | undefined) =>
    db
      .update(links)
      .set({ revokedAt: new Date(now()) })
      .where(and(where, isNull(links.revokedAt)))
      .returning();

  const isExpired = (row: LinkRow) => row.expiresAt !== null && row.expiresAt.getTime() <= now();

  return {
    publicId,

    /** The full link to give a person. */
    async url(origin: string, row: Pick<LinkRow, 'id'>): Promise<string> {
      return `${origin}/l/${await publicId(row)}`;
    },

    /** The subject's current link in this role, made now if there is none (or it expired). */
    async ensure(s: LinkSubject, expiresAt: Date | null = null): Promise<{ row: LinkRow; created: boolean }> {
      for (let attempt = 0; attempt < 3; attempt++) {
        const [found] = await db.select().from(links).where(currentOf(s));
        if (found && !isExpired(found)) return { row: found, created: false };
        if (found) await retire(eq(links.id, found.id));
        const made = await create(s, expiresAt);
        if (made) return { row: made, created: true };
        // Another request made it at the same moment: take theirs.
      }
      throw new LessonError(503, 'link_busy', 'The link is being made by another request; try again.');
    },

    async current(s: LinkSubject, expiresAt: Date | null = null): Promise<LinkRow> {
      return (await this.ensure(s, expiresAt)).row;
    },

    /** The current links of many lessons in the given roles, made where missing; keyed `${bookingId}:${role}`. */
    async lessonLinks(bookingIds: string[], roles: Role[]): Promise<Map<string, LinkRow>> {
      const found = new Map<string, LinkRow>();
      if (!bookingIds.length) return found;
      const rows = await db
        .select()
        .from(links)
        .where(
          and(
            eq(links.scope, 'lesson'),
            inArray(links.subject, bookingIds),
            inArray(links.role, roles),
            isNull(links.revokedAt),
          ),
        );
      for (const row of rows) if (!isExpired(row)) found.set(`${row.subject}:${row.role}`, row);
      for (const subject of bookingIds)
        for (const role of roles)
          if (!found.has(`${subject}:${role}`))
            found.set(`${subject}:${role}`, await this.current({ scope: 'lesson', role, subject }));
      return found;
    },

    /** What finds the row of a link someone holds (a malformed one is refused before any query). */
    async hashOf(id: string): Promise<string> {
      if (!PUBLIC_ID.test(id)) throw invalidLink();
      return sha256Hex(id);
    },

    /** The row found for a link, if it still opens anything; a clear error that changes nothing otherwise. */
    usable(row: LinkRow | undefined): LinkRow {
      if (!row) throw invalidLink();
      if (row.revokedAt)
        throw new LessonError(
          410,
          'link_revoked',
          'This link was replaced or withdrawn. Ask your tutor for the new one.',
        );
      if (isExpired(row))
        throw new LessonError(
          410,
          'link_expired',
          'This link has expired. Ask your tutor or the school for a new one.',
        );
      return row;
    },

    /** The row behind a link someone holds; anything else is a clear error that changes nothing. */
    async open(id: string): Promise<LinkRow> {
      const [row] = await db
        .select()
        .from(links)
        .where(eq(links.idHash, await this.hashOf(id)));
      return this.usable(row);
    },

    async get(handle: string): Promise<LinkRow> {
      const [row] = await db.select().from(links).where(eq(links.id, handle));
      if (!row)
        throw new LessonError(404, 'link_not_found', `No link has id ${handle}. Use the id the links API returned.`);
      return row;
    },

    list(subject: string): Promise<LinkRow[]> {
      return db.select().from(links).where(eq(links.subject, subject)).orderBy(links.createdAt);
    },

    /** Withdraws the link at once; withdrawing it again changes nothing. */
    async revoke(handle: string): Promise<LinkRow> {
      const [revoked] = await retire(eq(links.id, handle));
      return revoked ?? this.get(handle);
    },

    /** A new link for the same lesson or person and role; the old one stops working at once. */
    async rotate(handle: string): Promise<LinkRow> {
      const old = await this.get(handle);
      await retire(eq(links.id, handle));
      return this.current({ scope: old.scope, role: old.role, subject: old.subject }, old.expiresAt);
    },
  };
}
