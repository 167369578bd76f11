import { Hono } from 'hono';
import type { AppEnv } from '../app';
import { openApiDocument } from '../openapi';

export const metaRoutes = new Hono<AppEnv>()
  .get('/health', (c) => c.json({ ok: true }))
  .get('/openapi.json', (c) => c.json(openApiDocument()));
