import { Hono } from 'hono/tiny';
import document from '../../shared/openapi.json';
import type { AppEnv } from '../app';

export const metaRoutes = new Hono<AppEnv>()
  .get('/health', (c) => c.json({ ok: true }))
  .get('/openapi.json', (c) => c.json(document));
