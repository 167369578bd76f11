/**
 * The messages of a lesson as people get them from a running `npm start`, read from the
 * development mailbox over HTTP: one confirmation each however often Stripe delivers the payment,
 * one update each on a reschedule (same UID, higher SEQUENCE), one cancellation each.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEventId, operatorApi, payBooking, type OperatorApi } from '../../demo/operator-api';
import { waitFor } from '../suites/wait-for';
import { startProduct, type Running } from './start';

interface Mail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; content_type: string; content: string }[];
}

let product: Running;
let api: OperatorApi;
beforeAll(async () => {
  product = await startProduct();
  api = operatorApi(product.api, product.operatorKey);
});
afterAll(async () => {
  await product?.stop();
});

const mailbox = async (): Promise<Mail[]> =>
  (await fetch(`${product.api}/__dev/mailbox.json`)).json() as Promise<Mail[]>;
/** Every message due now goes out (what the cron does), so "exactly one" is checked after all were sent. */
const sweep = async () => expect((await fetch(`${product.api}/__dev/sweep`, { method: 'POST' })).status).toBe(200);
const calendarOf = (m: Mail) => {
  const a = m.attachments.find((x) => x.filename.endsWith('.ics'));
  if (!a) throw new Error(`${m.subject} to ${m.to} has no calendar file`);
  const ics = Buffer.from(a.content, 'base64').toString('utf8');
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  return { uid: event.uid, sequence: event.sequence, method: calendar.getFirstPropertyValue('method') };
};

let n = 0;
async function paidLesson(deliveries = 1) {
  const { tutor, service } = await api.tutorWithService();
  const k = `${Date.now().toString(36)}${n++}`;
  const people = { student: `lucia.${k}@example.com`, parent: `familia.${k}@example.com`, tutor: tutor.email };
  const booking = await api.book(tutor.id, service.id, { student_email: people.student, parent_email: people.parent });
  const event = newEventId();
  const answers = await Promise.all(
    Array.from({ length: deliveries }, () => payBooking(product.api, product.stripeSecret, booking.id, event)),
  );
  expect(answers.every((r) => r.status === 200 || r.status === 503)).toBe(true);
  return { booking, people };
}

/** Waits until each person has `count` messages whose subject starts with `prefix`, and returns them. */
async function arrived(people: Record<string, string>, prefix: string, count = 1) {
  return waitFor(
    async () => {
      const all = await mailbox();
      const each = Object.values(people).map((to) => all.filter((m) => m.to === to && m.subject.startsWith(prefix)));
      return each.every((m) => m.length >= count) ? each : null;
    },
    { what: `"${prefix}" in the mailbox for ${Object.values(people).join(', ')}`, timeout: 15_000, every: 100 },
  );
}

describe('emails from npm start, read over HTTP', () => {
  it('a paid booking with a parent: one confirmation each to the student, the parent and the tutor', async () => {
    const { people } = await paidLesson();
    await arrived(people, 'Booked:');
    await sweep();
    const all = await mailbox();
    for (const to of Object.values(people))
      expect(all.filter((m) => m.to === to && m.subject.startsWith('Booked:'))).toHaveLength(1);
    const page = await fetch(`${product.api}/__dev/mailbox`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(people.parent);
  });

  it('20 concurrent deliveries of the same Stripe event still make one confirmation each', async () => {
    const { people } = await paidLesson(20);
    await arrived(people, 'Booked:');
    await sweep();
    const all = await mailbox();
    for (const to of Object.values(people))
      expect(all.filter((m) => m.to === to && m.subject.startsWith('Booked:'))).toHaveLength(1);
  });

  it('a reschedule: one update each, same UID, higher SEQUENCE; a cancellation: one each, METHOD:CANCEL', async () => {
    const { booking, people } = await paidLesson();
    const booked = await arrived(people, 'Booked:');
    const moved = new Date(Date.parse(booking.start_at) + 7 * 24 * 3600_000).toISOString();
    await api.call('POST', `/api/bookings/${booking.id}/reschedule`, { start_at: moved });
    const updates = await arrived(people, 'Changed:');
    await sweep();
    updates.forEach((mails, i) => {
      expect(mails).toHaveLength(1);
      const before = calendarOf(booked[i]![0]!);
      const after = calendarOf(mails[0]!);
      expect(after.uid).toBe(before.uid);
      expect(after.sequence).toBeGreaterThan(before.sequence);
      expect(after.method).toBe('REQUEST');
    });
    await api.call('POST', `/api/bookings/${booking.id}/cancel`);
    const cancellations = await arrived(people, 'Cancelled:');
    await sweep();
    for (const mails of cancellations) {
      expect(mails).toHaveLength(1);
      expect(calendarOf(mails[0]!)).toMatchObject({ uid: `${booking.id}@lesson-join`, method: 'CANCEL' });
    }
    const again = await mailbox();
    for (const to of Object.values(people))
      expect(again.filter((m) => m.to === to && m.subject.startsWith('Cancelled:'))).toHaveLength(1);
  });
});
