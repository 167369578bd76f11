/** One `npm start` for every bench section that measures the running product, started on first use. */
import { operatorApi, type OperatorApi } from '../demo/operator-api';
import { startProduct, type Running } from '../test/node/start';

let started: Promise<{ product: Running; api: OperatorApi }> | undefined;

export function runningProduct() {
  started ??= startProduct().then((product) => ({ product, api: operatorApi(product.api, product.operatorKey) }));
  return started;
}

export async function stopProduct() {
  if (started !== undefined) await (await started).product.stop();
}

/**
 * Requests per second `url` answers with 200: `count` requests, `concurrency` at a time. Lesson
 * reads are rate limited per client (600 a minute); keep `count` under it.
 */
export async function throughput(url: string, count: number, concurrency = 8): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next++ < count) {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${url} answered ${res.status} during the bench`);
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / ((performance.now() - began) / 1000);
}
