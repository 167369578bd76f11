/** How fast the Worker answers Zoom's webhooks: lessons played by the sandbox against `npm start`. */
import { runningProduct } from './product';
import type { Row } from './worker';

const LESSONS = 20;

export async function webhookLatency(): Promise<Row[]> {
  const { product, api } = await runningProduct();
  const { tutor, service } = await api.tutorWithService({ timezone: 'UTC' });
  const times: number[] = [];
  for (let i = 0; i < LESSONS; i++) {
    const booking = await api.book(tutor.id, service.id);
    const confirmed = await api.call('POST', `/api/bookings/${booking.id}/confirm`);
    const res = await fetch(`${product.zoom}/__sandbox/meetings/${confirmed.meeting.id}/play`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ student_name: 'Lucía', late_minutes: 3 }),
    });
    const deliveries: { status: number; ms: number }[] = await res.json();
    if (deliveries.some((d) => d.status !== 200)) throw new Error(`a delivery failed: ${JSON.stringify(deliveries)}`);
    times.push(...deliveries.map((d) => d.ms));
  }
  times.sort((a, b) => a - b);
  const pick = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return [
    {
      metric: `Zoom webhook answer, p50 / p95 / max (${times.length} deliveries, npm start)`,
      measured: `${pick(0.5)} / ${pick(0.95)} / ${times.at(-1)} ms`,
      target: '< 3000 ms',
      ok: times.at(-1)! < 3000,
    },
  ];
}
