/**
 * Runs one scenario of the scale simulation in a process of its own (the scale section runs them
 * side by side) and sends its outcome to the parent.
 */
import { Miniflare } from 'miniflare';
import { SCENARIOS } from './scale-scenarios';
import { simulate } from './scale-world';

const name = process.argv[2] as keyof typeof SCENARIOS;
const scenario = SCENARIOS[name];
if (!scenario) throw new Error(`No scale scenario ${name}: choose from ${Object.keys(SCENARIOS).join(', ')}.`);
const mf = new Miniflare({ modules: true, script: 'export default {}', kvNamespaces: ['TOKENS'] });
try {
  const kv = (await mf.getKVNamespace('TOKENS')) as unknown as KVNamespace;
  const outcome = await simulate(scenario, kv);
  await new Promise<void>((done, fail) => process.send!(outcome, (e: Error | null) => (e ? fail(e) : done())));
} finally {
  await mf.dispose();
}
