import { env } from 'cloudflare:workers';
import { openDatabase } from '../../worker/db';
import { lifecycleSuite } from '../suites/lifecycle';

lifecycleSuite('D1 (workerd)', async () => ({ db: openDatabase(env), kv: env.TOKENS }));
