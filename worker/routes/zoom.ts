/**
 * Zoom's webhook: the signature is checked over the raw body before anything is parsed; the
 * endpoint validation challenge is answered; every other event is handed to its handler.
 */
import { Hono } from 'hono/tiny';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../app';
import { LessonError } from '../errors';
import { tooLarge } from '../http';
import { handleZoomEvent } from '../webhooks/zoom';
import { parseZoomEvent } from '../webhooks/zoom/payloads';
import { urlValidation, verifyZoomSignature } from '../webhooks/zoom/verify';

export const zoomRoutes = new Hono<AppEnv>().post(
  '/webhook',
  bodyLimit({ maxSize: 1024 * 1024, onError: tooLarge('1 MB') }),
  async (c) => {
    // One secret per Zoom app: the Server-to-Server app's, and the OAuth app's for tutors' own accounts.
    const secrets = [c.env.ZOOM_WEBHOOK_SECRET_TOKEN, c.env.ZOOM_OAUTH_WEBHOOK_SECRET_TOKEN].filter(
      (s): s is string => !!s,
    );
    if (!secrets.length)
      throw new LessonError(
        503,
        'not_configured',
        'ZOOM_WEBHOOK_SECRET_TOKEN is not set: add it with wrangler secret put.',
      );
    const now = c.var.now();
    const body = new Uint8Array(await c.req.arrayBuffer());
    const verdict = await verifyZoomSignature(
      secrets,
      c.req.header('x-zm-request-timestamp'),
      c.req.header('x-zm-signature'),
      body,
      now,
    );
    if (!verdict.ok) throw new LessonError(401, verdict.code, verdict.message);

    const parsed = parseZoomEvent(body);
    if (parsed.kind === 'malformed') throw new LessonError(400, 'invalid_event', parsed.message);
    if (parsed.kind === 'ignored')
      return c.json({ received: true, handled: false, reason: 'event_not_used', event: parsed.type });
    const { event } = parsed;
    // Each app validates its own endpoint: answer with the secret its challenge was signed with.
    if (event.event === 'endpoint.url_validation')
      return c.json(await urlValidation(verdict.secret, event.payload.plainToken));

    const outcome = await handleZoomEvent(
      { db: c.var.db, lifecycle: c.var.lifecycle, now: c.var.now, dataKey: c.env.DATA_ENCRYPTION_KEY },
      event,
    );
    return c.json({ received: true, event: event.event, ...outcome });
  },
);
