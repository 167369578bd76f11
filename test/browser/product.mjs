/**
 * The product as `npm start` runs it, started on first use by test/browser/delivery.test.ts:
 * the server command `lesson-join:seed` books a lesson through the operator API and returns its
 * links. Stopped with the test server.
 * @example plugins: [realProduct()]
 */
import { tsImport } from 'tsx/esm/api';

export function realProduct() {
  let product;
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
      if (command !== 'lesson-join:seed') return undefined;
      if (!product) {
        const { startProduct } = await tsImport('../node/start.ts', import.meta.url);
        product = await startProduct();
      }
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
      await product?.stop();
    },
  };
}
