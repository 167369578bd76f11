/**
 * A local Resend: `POST /emails` as Resend's API answers it (Bearer key, the sender's domain must be
 * verified, `Idempotency-Key` replays the first answer for 24 hours and refuses the same key with
 * another payload), Resend's error bodies (`{ statusCode, name, message }`), and switches for its
 * failures: 500, 429 with Retry-After, an answer lost after the email was accepted. Tests use it
 * in-process through `fetch`; it is never part of the Worker.
 */
import { Hono } from 'hono';
import { inProcessFetch } from '../zoom-sandbox/in-process-fetch';
import { DROP_HEADER } from '../zoom-sandbox/faults';

export interface EmailSandboxOptions {
  apiKey?: string;
  /** Domains a `from` may use; Resend refuses others with 403. */
  verifiedDomains?: string[];
}

export interface AcceptedEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  attachments?: { filename: string; content: string; content_type?: string }[];
  idempotencyKey: string | null;
}

/** The next answers, in order: an error status (500, 429) or `drop` (accepted, then the answer is lost). */
export type EmailFault = 500 | 429 | 'drop';

const IDEMPOTENCY_MS = 24 * 3600_000;

export function createEmailSandbox(options: EmailSandboxOptions = {}) {
  const apiKey = options.apiKey ?? 're_test_key';
  const verified = options.verifiedDomains ?? ['lessons.test'];
  const accepted: AcceptedEmail[] = [];
  const calls: { status: number; idempotencyKey: string | null }[] = [];
  const replays = new Map<string, { payload: string; id: string; at: number }>();
  const faults: EmailFault[] = [];
  let failAlways: 500 | 429 | null = null;
  let seq = 0;

  const error = (status: number, name: string, message: string, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify({ statusCode: status, name, message }), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });

  const app = new Hono().post('/emails', async (c) => {
    const key = c.req.header('idempotency-key') ?? null;
    const answer = (res: Response) => {
      calls.push({ status: res.status, idempotencyKey: key });
      return res;
    };
    if (c.req.header('authorization') !== `Bearer ${apiKey}`)
      return answer(error(403, 'invalid_api_key', 'API key is invalid'));
    const fault = faults.shift() ?? failAlways;
    if (fault === 500) return answer(error(500, 'application_error', 'An unexpected error occurred.'));
    if (fault === 429) return answer(error(429, 'rate_limit_exceeded', 'Too many requests.', { 'retry-after': '1' }));
    const payload = await c.req.text();
    const body = JSON.parse(payload) as Omit<AcceptedEmail, 'id' | 'idempotencyKey'>;
    if (!body.from || !body.to?.length || !body.subject)
      return answer(error(422, 'missing_required_field', 'from, to and subject are required.'));
    const domain = /@([^>\s]+)>?\s*$/.exec(body.from)?.[1] ?? '';
    if (!verified.includes(domain))
      return answer(
        error(403, 'validation_error', `The ${domain} domain is not verified. Please, add and verify your domain.`),
      );
    if (key) {
      const seen = replays.get(key);
      if (seen && Date.now() - seen.at < IDEMPOTENCY_MS) {
        if (seen.payload !== payload)
          return answer(
            error(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.'),
          );
        return answer(c.json({ id: seen.id }));
      }
    }
    const id = `re_msg_${++seq}`;
    accepted.push({ ...body, id, idempotencyKey: key });
    if (key) replays.set(key, { payload, id, at: Date.now() });
    if (fault === 'drop') return answer(new Response(null, { status: 200, headers: { [DROP_HEADER]: '1' } }));
    return answer(c.json({ id }));
  });

  return {
    app,
    /** Resend as a `fetch`, for `createApp({ emailFetch })`. */
    fetch: inProcessFetch((request) => app.fetch(request)),
    /** The emails Resend accepted (each once, whatever was retried). */
    emails: () => [...accepted],
    calls: () => [...calls],
    /** The next calls answer these, in order. */
    fail: (...next: EmailFault[]) => void faults.push(...next),
    /** Every call answers this until `failAlways(null)`. */
    failAlways: (status: 500 | 429 | null) => void (failAlways = status),
    apiKey,
  };
}

export type EmailSandbox = ReturnType<typeof createEmailSandbox>;
