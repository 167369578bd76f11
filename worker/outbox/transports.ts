/**
 * Where messages leave the Worker, chosen by configuration (`EMAIL_TRANSPORT`): Cloudflare's Email
 * Service through the `send_email` binding, Resend's HTTP API through `fetch` (no SDK: one POST),
 * or the development mailbox `npm start` serves at `/__dev/mailbox`. Each answers the provider's
 * message id, or a `TransportError` that says whether trying again can help.
 */
import { eq } from 'drizzle-orm';
import { b64 } from '../crypto';
import type { Db } from '../db';
import { mailbox } from '../db/schema';
import type { Attachment } from './compose';

export interface EmailEnv {
  /** `cloudflare`, `resend` or `mailbox`; unset: Resend when RESEND_API_KEY is set, else the EMAIL binding. */
  EMAIL_TRANSPORT?: string;
  /** The sender, e.g. `Lessons <lessons@school.example>`; its domain must be verified with the transport. */
  EMAIL_FROM?: string;
  RESEND_API_KEY?: string;
  /** Resend's API (default https://api.resend.com); tests point it at the email sandbox. */
  RESEND_API_BASE?: string;
  EMAIL?: SendEmail;
}

export interface OutgoingMail {
  /** The outbox row's id: the same message is accepted once by transports that honour it. */
  idempotencyKey: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments: Attachment[];
}

export interface Transport {
  name: string;
  send(mail: OutgoingMail): Promise<{ id: string }>;
}

/**
 * `retry`: a passing failure (5xx, 429, the network), tried again with backoff; `config`: the
 * operator must fix something (sender, domain, key), tried again rarely; `refused`: this message
 * can never be sent (a suppressed or malformed recipient), failed at once.
 */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly kind: 'retry' | 'config' | 'refused',
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const notConfigured = (what: string) => new TransportError(what, 'config');

/** The transport the configuration names; a missing setting is said when a message is sent. */
export function transportFor(env: EmailEnv, db: Db, fetcher: typeof fetch = fetch): Transport {
  const name = env.EMAIL_TRANSPORT ?? (env.RESEND_API_KEY ? 'resend' : 'cloudflare');
  if (name === 'mailbox') return devMailbox(db, env.EMAIL_FROM ?? 'lesson-join <lessons@localhost>');
  const from = env.EMAIL_FROM;
  const unset = {
    name,
    send: async (): Promise<never> => {
      throw notConfigured(
        'EMAIL_FROM is not set: put the sender, e.g. "Lessons <lessons@school.example>", in wrangler.toml [vars].',
      );
    },
  };
  if (!from) return unset;
  if (name === 'resend') return resend(env, from, fetcher);
  if (name === 'cloudflare') return cloudflareEmail(env.EMAIL, from);
  return {
    name,
    send: async () => {
      throw notConfigured(`EMAIL_TRANSPORT is "${name}": use cloudflare, resend or mailbox.`);
    },
  };
}

const encoder = new TextEncoder();

/** Attachments as HTTP APIs (and the mailbox) take them: base64 content, a content type. */
const base64Attachments = (mail: OutgoingMail) =>
  mail.attachments.map((a) => ({
    filename: a.filename,
    content_type: a.contentType,
    content: b64(encoder.encode(a.content)),
  }));

/** Resend's POST /emails, with the row's id as Idempotency-Key (Resend answers a repeat with the first id). */
function resend(env: EmailEnv, from: string, fetcher: typeof fetch): Transport {
  const base = env.RESEND_API_BASE ?? 'https://api.resend.com';
  return {
    name: 'resend',
    async send(mail) {
      if (!env.RESEND_API_KEY)
        throw notConfigured('RESEND_API_KEY is not set: add it with wrangler secret put RESEND_API_KEY.');
      let res: Response;
      try {
        res = await fetcher(`${base}/emails`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${env.RESEND_API_KEY}`,
            'content-type': 'application/json',
            'idempotency-key': mail.idempotencyKey,
          },
          body: JSON.stringify({
            from,
            to: [mail.to],
            subject: mail.subject,
            html: mail.html,
            text: mail.text,
            attachments: base64Attachments(mail),
          }),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (e) {
        throw new TransportError(`Resend could not be reached: ${(e as Error).message}`, 'retry');
      }
      const body = (await res.json().catch(() => ({}))) as { id?: string; name?: string; message?: string };
      if (res.ok && body.id) return { id: body.id };
      // The key was used before with another payload (the message was made again after a lost
      // answer): Resend sent it then, under this key.
      if (body.name === 'invalid_idempotent_request') return { id: `resend:${mail.idempotencyKey}` };
      const said = `Resend answered ${res.status} ${body.name ?? ''}: ${body.message ?? 'no message'}`.replace(
        '  ',
        ' ',
      );
      if (res.status === 429) {
        const after = Number(res.headers.get('retry-after'));
        throw new TransportError(said, 'retry', Number.isFinite(after) && after > 0 ? after * 1000 : undefined);
      }
      if (res.status >= 500 || res.status === 409 || res.ok) throw new TransportError(said, 'retry');
      // The key, the sender or its domain: the operator's to fix (docs/operating.md says how).
      if (res.status === 401 || res.status === 403 || body.name === 'invalid_from_address')
        throw new TransportError(said, 'config');
      throw new TransportError(said, 'refused');
    },
  };
}

/** Cloudflare's error codes that only the operator can fix, and those no retry will ever get through. */
const CF_CONFIG = ['E_SENDER_NOT_VERIFIED', 'E_SENDER_DOMAIN_NOT_AVAILABLE'];
const CF_REFUSED = [
  'E_RECIPIENT_NOT_ALLOWED',
  'E_RECIPIENT_SUPPRESSED',
  'E_VALIDATION_ERROR',
  'E_FIELD_MISSING',
  'E_CONTENT_TOO_LARGE',
];

/** Cloudflare Email Service: the `send_email` binding's structured `send` (it takes no idempotency key). */
function cloudflareEmail(binding: SendEmail | undefined, from: string): Transport {
  return {
    name: 'cloudflare',
    async send(mail) {
      if (!binding)
        throw notConfigured('The EMAIL binding is missing: add [[send_email]] name = "EMAIL" to wrangler.toml.');
      try {
        const sent = await binding.send({
          from,
          to: mail.to,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          headers: { 'X-Entity-Ref-ID': mail.idempotencyKey },
          attachments: mail.attachments.map((a) => ({
            disposition: 'attachment' as const,
            filename: a.filename,
            type: a.contentType,
            content: a.content,
          })),
        });
        return { id: sent.messageId };
      } catch (e) {
        const code = String((e as { code?: unknown }).code ?? (e as Error).message);
        const said = `Cloudflare Email Service refused the message: ${code}`;
        if (CF_CONFIG.some((c) => code.includes(c))) throw new TransportError(said, 'config');
        if (CF_REFUSED.some((c) => code.includes(c))) throw new TransportError(said, 'refused');
        throw new TransportError(said, 'retry');
      }
    },
  };
}

/** The development mailbox: kept in the local database, once per idempotency key. */
function devMailbox(db: Db, from: string): Transport {
  return {
    name: 'mailbox',
    async send(mail) {
      const message = {
        id: mail.idempotencyKey,
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: base64Attachments(mail),
      };
      await db.insert(mailbox).values({ idempotencyKey: mail.idempotencyKey, message }).onConflictDoNothing();
      const [kept] = await db.select().from(mailbox).where(eq(mailbox.idempotencyKey, mail.idempotencyKey));
      return { id: `mailbox-${kept!.seq}` };
    },
  };
}
