/**
 * No module of the Worker imports itself back through others, and providers sit below the
 * lifecycle. The graph is esbuild's own, from a
 * bundle of the Worker's entry (type-only imports are erased, as in the shipped Worker).
 */
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { WORKERD_BUILD } from '../suites/workerd-build';

/** Every cycle among the given modules, as the paths that make it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

it('finds a cycle when there is one (the check can fail)', () => {
  const graph = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['a']],
  ]);
  expect(cycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
});

async function workerGraph(): Promise<Map<string, string[]>> {
  const { metafile } = await build({
    ...WORKERD_BUILD,
    entryPoints: ['worker/index.ts'],
    metafile: true,
    external: ['cloudflare:*', 'node:*'],
  });
  const ours = (path: string) => path.startsWith('worker/') || path.startsWith('shared/');
  const graph = new Map(
    Object.entries(metafile.inputs)
      .filter(([path]) => ours(path))
      .map(([path, input]) => [path, input.imports.map((i) => i.path).filter(ours)]),
  );
  return graph;
}

it('the Worker has no import cycles', async () => {
  const graph = await workerGraph();
  expect(graph.size).toBeGreaterThan(30);
  expect(cycles(graph)).toEqual([]);
});

it('providers depend on nothing above them: not the lifecycle, the read side, webhooks or routes', async () => {
  const above = /^worker\/(lifecycle|access|webhooks|routes|lesson-record)\//;
  const leaks = [...(await workerGraph())]
    .filter(([path]) => path.startsWith('worker/providers/'))
    .flatMap(([path, imports]) => imports.filter((i) => above.test(i)).map((i) => `${path} -> ${i}`));
  expect(leaks).toEqual([]);
});
