import { env } from 'cloudflare:workers';
import { openDatabase } from '../../worker/db';
import { lifecycleSuite } from '../suites/lifecycle';
import { capacitySuite } from '../suites/capacity';
import { providerRaceSuite } from '../suites/provider-races';

lifecycleSuite('D1 (workerd)', async () => ({ db: openDatabase(env), kv: env.TOKENS }));
providerRaceSuite('D1 (workerd)', async () => ({ db: openDatabase(env), kv: env.TOKENS }));
capacitySuite('D1 (workerd)', async () => ({ db: openDatabase(env), kv: env.TOKENS }));
