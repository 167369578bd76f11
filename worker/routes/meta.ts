import { Hono } from 'hono/tiny';
import type { AppEnv } from '../app';

/**
 * `/openapi.json` is not here: the build puts the generated document among the static assets
 * (`dist/assets/openapi.json`), so its 25 KB stay out of the Worker's code.
 */
export const metaRoutes = new Hono<AppEnv>().get('/health', (c) => c.json({ ok: true }));
