/**
 * The product as `npm start` runs it, for test/browser/delivery.test.ts, through two server commands:
 * `lesson-join:product` starts it on first use and answers `{ ready }` at once (starting takes longer
 * than the 20 s a browser waits for one command's answer, so the test polls it); once it is ready,
 * `lesson-join:seed` books a lesson through the operator API and returns its links, and
 * `lesson-join:revoke` revokes one of them (`{ id }`, the link's handle). Stopped with the test server.
 * @example plugins: [realProduct()]
 */
import { tsImport } from 'tsx/esm/api';

export function realProduct() {
  let product;
  let api;
  let starting;
  let failed;
  return {
    name: 'lesson-join-product',
    async executeCommand({ command, payload }) {
      if (command === 'lesson-join:product') {
        starting ??= (async () => {
          const [{ startProduct }, { operatorApi }] = await Promise.all([
            tsImport('../node/start.ts', import.meta.url),
            tsImport('../../demo/operator-api.ts', import.meta.url),
          ]);
          const started = await startProduct();
          api = operatorApi(started.api, started.operatorKey);
          product = started;
        })().catch((error) => (failed = error));
        if (failed) throw failed;
        return { ready: Boolean(product) };
      }
      if (command !== 'lesson-join:seed' && command !== 'lesson-join:revoke') return undefined;
      if (!product)
        throw new Error('The product is not running: wait for lesson-join:product to answer { ready: true }.');
      if (command === 'lesson-join:revoke') return api.call('POST', `/api/links/${payload.id}/revoke`);
      const { tutor, service } = await api.tutorWithService(
        { allowed_origins: payload?.tutorOrigin ? [payload.tutorOrigin] : [] },
        { auto_recording: false },
      );
      const booking = await api.book(tutor.id, service.id, {
        start_at: new Date(Date.now() + (payload?.startsInMinutes ?? 5) * 60_000).toISOString(),
      });
      await api.call('POST', `/api/bookings/${booking.id}/confirm`);
      const links = await api.call('POST', `/api/bookings/${booking.id}/links`);
      return { api: product.api, links };
    },
    async serverStop() {
      // A start still under way finishes first, so that its processes are stopped too.
      await starting;
      await product?.stop();
    },
  };
}
