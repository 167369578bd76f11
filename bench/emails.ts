/**
 * The outbox against `npm start`: how long from Stripe's paid event to the confirmation being in
 * the development mailbox, beside what one `/health` takes in the same run (the Worker's floor).
 */
import { newEventId, payBooking } from '../demo/operator-api';
import { runningProduct } from './product';
import type { Row } from './worker';

const LESSONS = 10;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function emailFigures(): Promise<Row[]> {
  const { product, api } = await runningProduct();
  const { tutor, service } = await api.tutorWithService();
  const paidToMailbox: number[] = [];
  const health: number[] = [];
  for (let i = 0; i < LESSONS; i++) {
    const student = `bench.${Date.now().toString(36)}.${i}@example.com`;
    const booking = await api.book(tutor.id, service.id, { student_email: student });
    const began = performance.now();
    await payBooking(product.api, product.stripeSecret, booking.id, newEventId());
    for (let polls = 0; ; polls++) {
      const mail = (await (await fetch(`${product.api}/__dev/mailbox.json`)).json()) as { to: string }[];
      if (mail.some((m) => m.to === student)) break;
      if (polls > 2_000) throw new Error(`No confirmation reached ${student} in the mailbox`);
      await new Promise((r) => setTimeout(r, 5));
    }
    paidToMailbox.push(performance.now() - began);
    // /health alternates with the lessons, so a busy moment of the machine falls on both.
    const t0 = performance.now();
    await (await fetch(`${product.api}/health`)).arrayBuffer();
    health.push(performance.now() - t0);
  }
  const ratio = median(paidToMailbox) / median(health);
  return [
    {
      metric: `Paid event → confirmation in the mailbox, median of ${LESSONS}`,
      measured: `${median(paidToMailbox).toFixed(0)} ms`,
      target: 'info',
      ok: true,
    },
    { metric: '/health, median (same run)', measured: `${median(health).toFixed(1)} ms`, target: 'info', ok: true },
    {
      metric: 'Paid → mailbox as a ratio of /health',
      measured: `${ratio.toFixed(0)}x`,
      target: 'info',
      ok: true,
    },
  ];
}
