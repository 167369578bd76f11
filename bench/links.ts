/**
 * The links people keep, against `npm start`: how big a student link's QR code is, and how fast a
 * lesson is read through a link compared with `/health` in the same run (the Worker's floor).
 */
import QRCode from 'qrcode';
import { linkId } from '../demo/operator-api';
import { runningProduct, throughput } from './product';
import type { Row } from './worker';

/** A 30-character origin, as the issue sizes it: `https://lessons.tutoring.co.uk`. */
const ORIGIN_30 = 'https://lessons.tutoring.co.uk';
/** Under the 600-a-minute limit of one client, for both rounds together. */
const REQUESTS = 240;

export async function linkFigures(): Promise<Row[]> {
  const { product, api } = await runningProduct();
  const { tutor, service } = await api.tutorWithService();
  const booking = await api.book(tutor.id, service.id);
  await api.call('POST', `/api/bookings/${booking.id}/confirm`);
  const { student } = await api.call('POST', `/api/bookings/${booking.id}/links`);
  const id = linkId(student);
  const version = (url: string) => QRCode.create(url, { errorCorrectionLevel: 'M' }).version;
  const atSize = version(`${ORIGIN_30}/l/${id}`);

  // Alternate so that a busy moment of the machine falls on both alike.
  let health = 0;
  let lesson = 0;
  for (let round = 0; round < 2; round++) {
    health += await throughput(`${product.api}/health`, REQUESTS);
    lesson += await throughput(`${product.api}/api/lessons/${id}`, REQUESTS);
  }
  const ratio = lesson / health;
  return [
    { metric: 'Link id length', measured: `${id.length} characters`, target: '<= 24', ok: id.length <= 24 },
    {
      metric: `QR code of a student link, 30-character origin (${ORIGIN_30.length + 3 + id.length} characters), level M`,
      measured: `version ${atSize} (${17 + 4 * atSize}x${17 + 4 * atSize} modules)`,
      target: 'version <= 4',
      ok: atSize <= 4,
    },
    {
      metric: `Lesson read through a link, requests/s (${2 * REQUESTS}, 8 at a time)`,
      measured: `${(lesson / 2).toFixed(0)} /s`,
      target: 'info',
      ok: true,
    },
    {
      metric: `/health, requests/s (${2 * REQUESTS}, 8 at a time, same run)`,
      measured: `${(health / 2).toFixed(0)} /s`,
      target: 'info',
      ok: true,
    },
    { metric: 'Lesson read as a ratio of /health', measured: ratio.toFixed(2), target: '>= 0.5', ok: ratio >= 0.5 },
  ];
}
