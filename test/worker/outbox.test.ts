/**
 * The outbox inside workerd with a clock the test moves: which reminders a lesson gets and when,
 * what a reschedule or a cancellation does to them, and that every message leaves once through
 * the Resend stand-in however the transport fails (500, 429, an answer lost after sending).
 */
import { describe, expect, it } from 'vitest';
import { createEmailSandbox, type EmailSandbox } from '../../demo/email-sandbox';
import { sweepFor } from '../../worker/app';
import { MAX_ATTEMPTS } from '../../worker/outbox/sender';
import { bookingInput, serviceInput, testClock, tutorInput } from '../suites/fixtures';
import { harness } from './harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function world(opts: { email?: EmailSandbox } = {}) {
  const clock = testClock();
  const email = opts.email ?? createEmailSandbox();
  const h = harness({ now: clock.now, email });
  const sweep = () => sweepFor(h.env, h.appOptions);
  /** Moves the clock and runs the every-minute sweep, as the platform would. */
  const at = async (instant: number) => {
    clock.advance(instant - clock.now());
    return sweep();
  };
  const messages = async (bookingId: string) =>
    (await h.send('GET', `/api/messages?booking_id=${bookingId}&limit=200`)).body.messages as {
      kind: string;
      role: string;
      status: string;
      last_error: string | null;
      attempts: number;
    }[];
  /** What the stand-in accepted for this lesson, as `kind:role` by subject line's start. */
  const sentTo = (address: string) => email.emails().filter((e) => e.to.includes(address));
  return { h, clock, email, sweep, at, messages, sentTo };
}

const STUDENT = 'sam@example.com';
const PARENT = 'parent.of.sam@example.com';
const kinds = (rows: { kind: string; role: string; status: string }[], status = 'sent') =>
  rows
    .filter((r) => r.status === status)
    .map((r) => `${r.kind}:${r.role}`)
    .sort();

describe('the tutor is told when a lesson has no meeting yet', () => {
  for (const backup of [null, 'https://meet.google.com/abc-defg-hij']) {
    it(`30 minutes ahead, with Zoom still failing: ${backup ? 'the backup link will take over' : 'no backup link, so act'}`, async () => {
      const w = world();
      const tutor = (await w.h.send('POST', '/api/tutors', { json: { ...tutorInput(), backup_link: backup } })).body;
      const service = (await w.h.send('POST', '/api/services', { json: serviceInput(tutor.id) })).body;
      const start = w.clock.now() + 3 * HOUR;
      const created = (
        await w.h.send('POST', '/api/bookings', {
          json: bookingInput(tutor.id, service.id, { start_at: new Date(start).toISOString() }),
        })
      ).body;
      w.h.z.zoom.addFault({ method: 'POST', path: '/meetings', status: 503, until: start });
      expect((await w.h.send('POST', `/api/bookings/${created.id}/confirm`)).body.meeting.state).toBe('failed');
      await w.at(start - 30 * MINUTE);
      const alerts = w.sentTo(tutor.email).filter((e) => e.subject.startsWith('No meeting link yet'));
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.text).toContain(
        backup ? 'your backup link takes over 15 minutes before the start' : 'Set a backup link',
      );
      // Students are not alarmed: they hear from the lesson only when its link is there.
      expect(w.sentTo(STUDENT).filter((e) => e.subject.startsWith('No meeting'))).toEqual([]);
    });
  }
});

describe('reminders, on a clock the test moves', () => {
  it('a lesson booked 20 minutes ahead gets only the "joining is open" reminder', async () => {
    const w = world();
    const start = w.clock.now() + 20 * MINUTE;
    const { booking } = await w.h.confirmedLesson({ start_at: new Date(start).toISOString() });
    await w.at(start - 10 * MINUTE);
    await w.at(start + 5 * MINUTE);
    const rows = await w.messages(booking.id);
    expect(kinds(rows)).toEqual([
      'confirmation:parent',
      'confirmation:student',
      'confirmation:tutor',
      'reminder_join:parent',
      'reminder_join:student',
    ]);
    expect(rows.filter((r) => r.kind === 'reminder_day' || r.kind === 'reminder_hour')).toEqual([]);
    expect(w.sentTo(STUDENT).map((e) => e.subject)).toEqual([
      expect.stringMatching(/^Booked: Algebra II/),
      'Join now: Algebra II',
    ]);
  });

  it('a lesson moved from tomorrow to next week has its reminders planned again, and sent once each', async () => {
    const w = world();
    const tomorrow = w.clock.now() + 26 * HOUR;
    const nextWeek = w.clock.now() + 7 * 24 * HOUR;
    const { booking } = await w.h.confirmedLesson({ start_at: new Date(tomorrow).toISOString() });
    const moved = await w.h.send('POST', `/api/bookings/${booking.id}/reschedule`, {
      json: { start_at: new Date(nextWeek).toISOString() },
    });
    expect(moved.status).toBe(200);
    // Tomorrow's moments pass with nothing sent: those reminders were dropped by the move.
    for (const lead of [24 * HOUR, HOUR, 10 * MINUTE]) await w.at(tomorrow - lead);
    expect(w.sentTo(STUDENT).map((e) => e.subject)).toEqual([
      expect.stringMatching(/^Booked: /),
      expect.stringMatching(/^Changed: /),
    ]);
    for (const lead of [24 * HOUR, HOUR, 10 * MINUTE]) {
      await w.at(nextWeek - lead);
      await w.sweep();
    }
    expect(w.sentTo(STUDENT).map((e) => e.subject.split(':')[0])).toEqual([
      'Booked',
      'Changed',
      'Tomorrow',
      'In one hour',
      'Join now',
    ]);
    expect(w.sentTo(PARENT)).toHaveLength(5);
    expect(kinds(await w.messages(booking.id), 'dropped')).toEqual([
      'no_link_alert:tutor',
      'reminder_day:parent',
      'reminder_day:student',
      'reminder_hour:parent',
      'reminder_hour:student',
      'reminder_join:parent',
      'reminder_join:student',
    ]);
  });

  it('a cancelled lesson gets no reminder, and one cancellation each', async () => {
    const w = world();
    const start = w.clock.now() + 3 * 24 * HOUR;
    const { booking } = await w.h.confirmedLesson({ start_at: new Date(start).toISOString() });
    expect((await w.h.send('POST', `/api/bookings/${booking.id}/cancel`)).status).toBe(200);
    for (const lead of [24 * HOUR, HOUR, 10 * MINUTE, 0]) await w.at(start - lead);
    expect(w.sentTo(STUDENT).map((e) => e.subject.split(':')[0])).toEqual(['Booked', 'Cancelled']);
    expect(kinds(await w.messages(booking.id))).toEqual([
      'cancellation:parent',
      'cancellation:student',
      'cancellation:tutor',
      'confirmation:parent',
      'confirmation:student',
      'confirmation:tutor',
    ]);
  });

  it('a tutor who switched the hour reminder off: their students get the other two', async () => {
    const w = world();
    const start = w.clock.now() + 2 * 24 * HOUR;
    const { tutor, booking } = await w.h.confirmedLesson({ start_at: new Date(start).toISOString() });
    await w.h.send('PATCH', `/api/tutors/${tutor.id}`, { json: { reminders: { hour_before: false } } });
    for (const lead of [24 * HOUR, HOUR, 10 * MINUTE]) await w.at(start - lead);
    expect(w.sentTo(STUDENT).map((e) => e.subject.split(':')[0])).toEqual(['Booked', 'Tomorrow', 'Join now']);
    const skipped = (await w.messages(booking.id)).filter((r) => r.status === 'skipped' && r.kind !== 'no_link_alert');
    expect(skipped.map((r) => [r.kind, r.last_error])).toEqual([
      ['reminder_hour', 'the tutor switched this reminder off'],
      ['reminder_hour', 'the tutor switched this reminder off'],
    ]);
  });
});

describe('sending through a transport that fails', () => {
  it('a reminder is sent once even when the sender loses the answer after sending', async () => {
    const w = world();
    const start = w.clock.now() + 2 * 24 * HOUR;
    const { booking } = await w.h.confirmedLesson({ start_at: new Date(start).toISOString() });
    // The student's day reminder goes first: Resend accepts it and the answer never arrives.
    w.email.fail('drop');
    await w.at(start - 24 * HOUR);
    const day = (await w.messages(booking.id)).filter((r) => r.kind === 'reminder_day');
    expect(day.map((r) => r.status).sort()).toEqual(['pending', 'sent']);
    await w.at(start - 23 * HOUR);
    expect(w.sentTo(STUDENT).filter((e) => e.subject.startsWith('Tomorrow'))).toHaveLength(1);
    expect((await w.messages(booking.id)).filter((r) => r.kind === 'reminder_day' && r.status === 'sent')).toHaveLength(
      2,
    );
    // The same message was offered twice under one key; Resend kept one.
    const keys = w.email.calls().map((c) => c.idempotencyKey);
    expect(keys.length - new Set(keys).size).toBe(1);
  });

  it('500, then 429, delay the messages; each still arrives exactly once', async () => {
    const w = world();
    w.email.fail(500, 429);
    const { booking } = await w.h.confirmedLesson();
    const first = await w.messages(booking.id);
    expect(
      first
        .filter((r) => r.kind === 'confirmation')
        .map((r) => r.status)
        .sort(),
    ).toEqual(['pending', 'pending', 'sent']);
    await w.at(w.clock.now() + 2 * MINUTE);
    const after = (await w.messages(booking.id)).filter((r) => r.kind === 'confirmation');
    expect(after.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    for (const address of [STUDENT, PARENT])
      expect(w.sentTo(address).filter((e) => e.subject.startsWith('Booked'))).toHaveLength(1);
    expect(w.email.calls().map((c) => c.status)).toEqual([500, 429, 200, 200, 200]);
  });

  it('a message that keeps failing is marked failed after its attempts, listed for the operator, and can be sent again', async () => {
    const w = world();
    w.email.failAlways(500);
    const { booking } = await w.h.confirmedLesson();
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) await w.at(w.clock.now() + 2 * HOUR);
    const failed = (await w.h.send('GET', '/api/messages?status=failed')).body.messages.filter(
      (m: { subject: string }) => m.subject === booking.id,
    );
    expect(failed.map((m: { kind: string }) => m.kind)).toEqual(['confirmation', 'confirmation', 'confirmation']);
    expect(failed[0]).toMatchObject({
      attempts: MAX_ATTEMPTS,
      last_error: expect.stringMatching(/Resend answered 500/),
    });
    w.email.failAlways(null);
    const retried = await w.h.send('POST', `/api/messages/${failed[0].id}/retry`);
    expect(retried.body).toMatchObject({ status: 'sent', provider_message_id: expect.stringMatching(/^re_msg_/) });
  });

  it('an unverified sender domain is said plainly, as Resend says it', async () => {
    const w = world({ email: createEmailSandbox({ verifiedDomains: ['other.example'] }) });
    const { booking } = await w.h.confirmedLesson();
    const [row] = (await w.messages(booking.id)).filter((r) => r.kind === 'confirmation');
    expect(row).toMatchObject({
      status: 'pending',
      last_error:
        'Resend answered 403 validation_error: The lessons.test domain is not verified. Please, add and verify your domain.',
    });
  });
});
