/** The HTTP conventions every route shares: JSON bodies checked by zod, one error envelope, operator auth. */
import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { validator } from 'hono/validator';
import type * as z from 'zod/mini';
import type { ErrorEnvelope } from '../shared/api';
import { LessonError } from './errors';
import { PAGE_STYLE } from './security-headers';

const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;

/**
 * Validates a JSON body against a shared schema; a wrong content type, malformed JSON or a field
 * that fails its rule is a 4xx envelope naming what to fix.
 * @example app.post('/api/tutors', jsonBody(TutorInput), (c) => c.req.valid('json'))
 */
export const jsonBody = <T extends z.ZodMiniType>(schema: T, options: { optional?: boolean } = {}) =>
  validator('json', (value, c) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
    // An optional body may be left out entirely; then the schema sees `{}`.
    if (!JSON_MEDIA.test(type) && !(options.optional && !type && !Number(c.req.header('content-length') ?? 0)))
      throw new LessonError(
        415,
        'unsupported_media_type',
        'Send the body as JSON with Content-Type: application/json.',
      );
    return checked(schema, value);
  });

/**
 * Reads a JSON body sent as `application/json` or as `text/plain`, the type a page's script can
 * send to another origin without a CORS preflight (a second round trip before every read), and
 * validates it like `jsonBody`.
 * @example const { links } = await plainJsonBody(c, LinkViewsInput)
 */
export async function plainJsonBody<T extends z.ZodMiniType>(c: Context, schema: T): Promise<z.output<T>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
  if (!JSON_MEDIA.test(type) && type !== 'text/plain')
    throw new LessonError(415, 'unsupported_media_type', 'Send the body as JSON (application/json or text/plain).');
  let value: unknown;
  try {
    value = JSON.parse(await c.req.text());
  } catch {
    throw new LessonError(400, 'bad_request', 'The request body is not valid JSON.');
  }
  return checked(schema, value);
}

/**
 * Validates the query string against a shared schema, like `jsonBody`.
 * @example app.get('/api/bookings', queryOf(BookingQuery), (c) => c.req.valid('query'))
 */
export const queryOf = <T extends z.ZodMiniType>(schema: T) => validator('query', (value) => checked(schema, value));

/** The value the schema makes of `value`, or a 422 naming each field to fix. */
function checked<T extends z.ZodMiniType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as z.output<T>;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
  throw Object.assign(
    new LessonError(
      422,
      'invalid_request',
      `Fix these fields: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`,
    ),
    { issues },
  );
}

export const errorEnvelope = (
  code: string,
  message: string,
  issues?: { path: string; message: string }[],
): ErrorEnvelope => ({
  error: { code, message, ...(issues ? { issues } : {}) },
});

export const onError: ErrorHandler = (err, c) => {
  if (err instanceof LessonError) {
    const issues = (err as LessonError & { issues?: { path: string; message: string }[] }).issues;
    return c.json(errorEnvelope(err.code, err.message, issues), err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'bad_request';
    const message =
      err.message === 'Malformed JSON in request body'
        ? 'The request body is not valid JSON.'
        : err.message || 'Bad request.';
    return c.json(errorEnvelope(code, message), status);
  }
  console.error(
    JSON.stringify({ event: 'request.failed', path: withoutToken(c.req.path), error: (err as Error).message }),
  );
  return c.json(
    errorEnvelope(
      'internal_error',
      'Something went wrong on our side; nothing was changed by this request. Try again.',
    ),
    500,
  );
};

/** Lesson links carry a capability token in the path; logs keep the route, never the token. */
export const withoutToken = (path: string) => path.replace(/^(\/l|\/api\/lessons)\/[^/]+/, '$1/:token');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A small page for people who reach the Worker in a browser (a QR code, a Zoom redirect). */
export const htmlPage = (title: string, text: string) =>
  `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title>` +
  `<style>${PAGE_STYLE}</style><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;

export const notFound: NotFoundHandler = (c) =>
  c.json(errorEnvelope('not_found', `There is no ${c.req.method} ${c.req.path}. See /openapi.json for the API.`), 404);

/** The 413 envelope for `bodyLimit`. */
export const tooLarge = (limit: string) => (c: Context) =>
  c.json(errorEnvelope('payload_too_large', `The request body is larger than ${limit}.`), 413);

export interface OperatorKeyEnv {
  /** Hex SHA-256 of the operator API key: what production should store. */
  OPERATOR_API_KEY_SHA256?: string;
  /** The key itself; convenient for local development. */
  OPERATOR_API_KEY?: string;
}

/**
 * Bearer auth for the operator API. Keys are compared as SHA-256 digests in constant time,
 * so neither the key's length nor its prefix leaks through timing.
 */
export const operatorAuth: MiddlewareHandler<{ Bindings: OperatorKeyEnv }> = async (c, next) => {
  const expected =
    c.env.OPERATOR_API_KEY_SHA256?.toLowerCase() ??
    (c.env.OPERATOR_API_KEY ? await sha256Hex(c.env.OPERATOR_API_KEY) : null);
  if (!expected)
    throw new LessonError(
      503,
      'not_configured',
      'The operator API key is not configured: set OPERATOR_API_KEY_SHA256 with wrangler secret put.',
    );
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  if (!match || !constantTimeEqual(await sha256Hex(match[1]!), expected)) {
    c.header('WWW-Authenticate', 'Bearer realm="lesson-join operator API"');
    throw new LessonError(401, 'unauthorized', 'Send the operator API key as Authorization: Bearer <key>.');
  }
  await next();
};

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Equal-length strings compared without an early exit. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
