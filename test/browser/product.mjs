/**
 * The product as `npm start` runs it, for test/browser/delivery.test.ts, through two server commands:
 * `lesson-join:product` starts it on first use and answers `{ ready }` at once (starting takes longer
 * than the 20 s a browser waits for one command's answer, so the test polls it); once it is ready,
 * `lesson-join:seed` books a lesson through the operator API and returns its links. Stopped with the
 * test server.
 * @example plugins: [realProduct()]
 */
import { tsImport } from 'tsx/esm/api';

export function realProduct() {
  let product;
  let starting;
  let failed;
  const operator = async (method, path, body) => {
    const res = await fetch(`${product.api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${product.operatorKey}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body && JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    name: 'lesson-join-product',
    async executeCommand({ command, payload }) {
      if (command === 'lesson-join:product') {
        if (!starting)
          starting = tsImport('../node/start.ts', import.meta.url)
            .then(({ startProduct }) => startProduct())
            .then(
              (started) => (product = started),
              (error) => (failed = error),
            );
        if (failed) throw failed;
        return { ready: Boolean(product) };
      }
      if (command !== 'lesson-join:seed') return undefined;
      if (!product)
        throw new Error('The product is not running: wait for lesson-join:product to answer { ready: true }.');
      const n = `${Date.now()}${Math.random().toString(36).slice(2, 6)}`;
      const tutor = await operator('POST', '/api/tutors', {
        name: 'Ms Rivera',
        email: `rivera.${n}@example.com`,
        timezone: 'Europe/Madrid',
        zoom_user_id: `rivera.${n}@example.com`,
      });
      const service = await operator('POST', '/api/services', {
        tutor_id: tutor.id,
        name: 'Chemistry',
        duration_minutes: 50,
      });
      const booking = await operator('POST', '/api/bookings', {
        tutor_id: tutor.id,
        service_id: service.id,
        student_name: 'Lucía',
        student_email: 'lucia@example.com',
        start_at: new Date(Date.now() + (payload?.startsInMinutes ?? 5) * 60_000).toISOString(),
      });
      await operator('POST', `/api/bookings/${booking.id}/confirm`);
      const links = await operator('POST', `/api/bookings/${booking.id}/links`);
      return { api: product.api, links };
    },
    async serverStop() {
      // A start still under way finishes first, so that its processes are stopped too.
      await starting;
      await product?.stop();
    },
  };
}
