import { env } from 'cloudflare:workers';
import { openDatabase } from '../../worker/db';
import { lifecycleSuite } from '../suites/lifecycle';
import { providerRaceSuite } from '../suites/provider-races';

lifecycleSuite('D1 (workerd)', async () => ({ db: openDatabase(env), kv: env.TOKENS }));
providerRaceSuite('D1 (workerd)', async () => ({ db: openDatabase(env), kv: env.TOKENS }));
