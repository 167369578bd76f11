/**
 * The lesson lifecycle against the Zoom sandbox, on whichever SQL engine the caller opens:
 * D1 inside workerd (test/worker) and libSQL in Node (test/node) run these same tests.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { bookings, meetingCleanups, processedEvents } from '../../worker/db/schema';
import { waitFor } from './wait-for';
import { type Store, worldOf } from './world';

export type { Store } from './world';

export function lifecycleSuite(engine: string, open: () => Promise<Store>) {
  const world = worldOf(open);

  describe(`lesson lifecycle on ${engine}`, () => {
    it('confirming creates one Zoom meeting under the tutor, at the booked instant, with the service settings', async () => {
      const { z, lessons, tutor, book } = await world();
      const booking = await book({
        start_at: '2030-03-10T15:00:00.000Z',
        duration_minutes: 45,
        timezone: 'Europe/Madrid',
      });
      const done = await lessons.confirm(booking.id);

      expect(done.status).toBe('confirmed');
      expect(done.provisioning).toBe('ready');
      expect(done.joinUrl).toMatch(/^https:\/\/us06web\.zoom\.us\/j\/\d{11}\?pwd=/);
      expect(done.passcode).toMatch(/^[A-Za-z0-9]{8}$/);
      const [meeting] = z.zoom.meetings();
      expect(z.zoom.meetings()).toHaveLength(1);
      expect(meeting!.topic).toBe('Algebra II with Sam Student');
      expect(meeting!.start_time).toBe('2030-03-10T15:00:00Z');
      expect(meeting!.duration).toBe(45);
      expect(meeting!.timezone).toBe('Europe/Madrid');
      expect(meeting!.password).toBe(done.passcode);
      expect(meeting!.host_email).toBe(tutor.zoomUserId);
      expect(meeting!.settings).toMatchObject({ waiting_room: true, join_before_host: false, auto_recording: 'cloud' });
      expect(String(meeting!.id)).toBe(done.meetingId);
      expect(z.creates()).toBe(1);
    });

    it('20 concurrent confirmations make exactly one meeting', async () => {
      const { z, lessons, book } = await world();
      const booking = await book();
      const results = await Promise.all(Array.from({ length: 20 }, () => lessons.confirm(booking.id)));
      expect(z.creates()).toBe(1);
      expect(new Set(results.map((r) => r.status))).toEqual(new Set(['confirmed']));
      expect((await lessons.get(booking.id)).provisioning).toBe('ready');
    });

    it('rescheduling moves the meeting with one PATCH and keeps the join link', async () => {
      const { z, lessons, book } = await world();
      const booking = await book();
      const before = await lessons.confirm(booking.id);
      const after = await lessons.reschedule(booking.id, {
        startAt: new Date('2031-01-05T09:30:00Z'),
        durationMinutes: 90,
      });

      expect(z.patches()).toBe(1);
      expect(after.joinUrl).toBe(before.joinUrl);
      expect(after.meetingVersion).toBe(after.scheduleVersion);
      expect(after.syncDueAt).toBeNull();
      expect(z.zoom.meeting(before.meetingId!)).toMatchObject({ start_time: '2031-01-05T09:30:00Z', duration: 90 });
    });

    it('cancelling deletes the meeting once; cancelling after Zoom lost it still cancels', async () => {
      const { z, lessons, book } = await world();
      const first = await book();
      const ready = await lessons.confirm(first.id);
      const cancelled = await lessons.cancel(first.id);
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.joinUrl).toBeNull();
      expect(z.deletes()).toBe(1);
      expect(z.zoom.meeting(ready.meetingId!)).toBeUndefined();

      const second = await book();
      const lost = await lessons.confirm(second.id);
      z.zoom.deleteMeeting(lost.meetingId!);
      expect((await lessons.cancel(second.id)).status).toBe('cancelled');
      expect(
        z.zoom
          .calls()
          .filter((c) => c.method === 'DELETE')
          .map((c) => c.status),
      ).toEqual([204, 404]);
      const { db } = await open();
      expect(await db.select().from(meetingCleanups).where(eq(meetingCleanups.bookingId, second.id))).toEqual([]);
    });

    it('manual, Google Meet and Microsoft Teams lessons never call Zoom', async () => {
      const { z, lessons, book } = await world();
      const manual = await book({ provider: 'manual', meeting_url: 'https://whereby.com/ms-rivera' });
      const meet = await book({ provider: 'google_meet', meeting_url: 'https://meet.google.com/abc-defg-hij' });
      const teams = await book({
        provider: 'teams',
        meeting_url: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_N2Q1%40thread.v2/0?context=%7b%7d',
      });
      const personal = await book({ provider: 'teams', meeting_url: 'https://teams.live.com/meet/9387654321012' });
      for (const b of [manual, meet, teams, personal]) {
        const done = await lessons.confirm(b.id);
        expect(done.provisioning).toBe('ready');
        expect(done.joinUrl).toBe(b.meetingUrl);
        await lessons.reschedule(b.id, { startAt: new Date(Date.now() + 86400_000) });
        await lessons.cancel(b.id);
      }
      expect(z.zoom.calls()).toEqual([]);
    });

    it('refuses links that are not https, and Meet or Teams links that are not theirs', async () => {
      const { lessons, book } = await world();
      await expect(book({ provider: 'google_meet', meeting_url: 'https://example.com/room' })).rejects.toMatchObject({
        status: 422,
      });
      await expect(book({ provider: 'manual' })).rejects.toMatchObject({ status: 422, code: 'meeting_url_invalid' });
      const b = await book();
      await expect(
        lessons.changeMeeting(b.id, { provider: 'manual', meeting_url: 'http://example.com/x' }),
      ).rejects.toMatchObject({
        status: 422,
      });
      expect((await lessons.get(b.id)).provider).toBe('zoom');
      for (const link of [
        'https://meet.google.com/abc-defg-hij',
        'https://teams.microsoft.com/meet/123',
        'https://evil.example/l/meetup-join/x',
      ])
        await expect(book({ provider: 'teams', meeting_url: link })).rejects.toMatchObject({
          status: 422,
          message: expect.stringContaining('Microsoft Teams link'),
        });
    });

    it('a Zoom outage leaves the booking confirmed and failed, then the sweep finishes it', async () => {
      const { z, lessons, clock, book } = await world();
      z.zoom.addFault({ method: 'POST', path: '/meetings', status: 503, times: 2 });
      const booking = await book();
      const failed = await lessons.confirm(booking.id);
      expect(failed.status).toBe('confirmed');
      expect(failed.provisioning).toBe('failed');
      expect(failed.lastError).toMatch(/503/);
      expect(failed.attempts).toBe(1);
      expect(failed.syncDueAt!.getTime()).toBeGreaterThan(clock.now());

      expect(await lessons.sweep()).toEqual({ provisioned: 0, cleaned: 0, missed: 0 }); // not due yet
      clock.advance(60_000);
      await lessons.sweep();
      expect((await lessons.get(booking.id)).attempts).toBe(2);
      clock.advance(5 * 60_000);
      await lessons.sweep();
      const ready = await lessons.get(booking.id);
      expect(ready).toMatchObject({ provisioning: 'ready', attempts: 0, lastError: null, syncDueAt: null });
      expect(z.zoom.meetings()).toHaveLength(1);
    });

    it('a create whose answer was lost is looked up, not sent twice', async () => {
      const { z, lessons, clock, book } = await world({ timeoutMs: 200 });
      z.zoom.addFault({ method: 'POST', path: '/meetings', delayMs: 400, status: 504, afterEffect: true });
      const booking = await book();
      const lost = await lessons.confirm(booking.id);
      expect(lost.provisioning).toBe('failed');
      expect(lost.createInFlight).toBe(true);
      await waitFor(() => z.zoom.meetings().length === 1, { what: 'the slow create to land at Zoom' });

      clock.advance(2 * 3600_000);
      await lessons.sweep();
      const found = await lessons.get(booking.id);
      expect(found.provisioning).toBe('ready');
      expect(z.zoom.meetings()).toHaveLength(1);
      expect(found.meetingId).toBe(String(z.zoom.meetings()[0]!.id));
      expect(z.creates()).toBe(1);
    });

    it('a lesson cancelled after a create whose answer was lost leaves no meeting at Zoom', async () => {
      const { z, lessons, clock, book, db } = await world({ timeoutMs: 200 });
      z.zoom.addFault({ method: 'POST', path: '/meetings', delayMs: 400, status: 504, afterEffect: true });
      const booking = await book();
      expect((await lessons.confirm(booking.id)).createInFlight).toBe(true);
      await waitFor(() => z.zoom.meetings().length === 1, { what: 'the create to land at Zoom after all' });

      await lessons.cancel(booking.id);
      clock.advance(60_000);
      await lessons.sweep();
      expect(z.zoom.meetings()).toEqual([]);
      // It keeps looking for a while (a create can land late), then forgets the booking.
      expect(await db.select().from(meetingCleanups).where(eq(meetingCleanups.bookingId, booking.id))).toHaveLength(1);
      clock.advance(16 * 60_000);
      await lessons.sweep();
      expect(await db.select().from(meetingCleanups).where(eq(meetingCleanups.bookingId, booking.id))).toEqual([]);
    });

    it("honours Zoom's Retry-After, as seconds or as a date", async () => {
      const { z, lessons, clock, book } = await world();
      z.zoom.addFault({ method: 'POST', path: '/meetings', status: 429, retryAfter: 120 });
      const a = await book();
      expect((await lessons.confirm(a.id)).syncDueAt!.getTime()).toBe(clock.now() + 120_000);

      const until = new Date(Date.now() + 3 * 3600_000);
      z.zoom.addFault({ method: 'POST', path: '/meetings', status: 429, retryAfter: until.toUTCString() });
      const b = await book();
      const due = (await lessons.confirm(b.id)).syncDueAt!.getTime();
      expect(Math.abs(due - (clock.now() + (until.getTime() - Date.now())))).toBeLessThan(2_000);
    });

    it('the per-host daily cap delays creation until midnight UTC without losing the booking', async () => {
      const { lessons, clock, book } = await world({ sandbox: { dailyCap: 1 } });
      const [a, b] = [await book(), await book()];
      expect((await lessons.confirm(a.id)).provisioning).toBe('ready');
      const capped = await lessons.confirm(b.id);
      expect(capped).toMatchObject({ status: 'confirmed', provisioning: 'failed' });
      expect(capped.lastError).toMatch(/daily rate limit \(1\)/);
      const midnight = new Date(clock.now());
      midnight.setUTCHours(24, 0, 0, 0);
      expect(Math.abs(capped.syncDueAt!.getTime() - midnight.getTime())).toBeLessThan(2_000);
    });

    it('refreshes an invalidated token once and retries once', async () => {
      const { z, lessons, book } = await world();
      const a = await book();
      await lessons.confirm(a.id);
      z.zoom.invalidateTokens();
      const b = await book();
      expect((await lessons.confirm(b.id)).provisioning).toBe('ready');
      expect(z.tokens()).toBe(2);
      expect(z.zoom.calls().map((c) => `${c.method} ${c.status}`)).toEqual([
        'POST 200', // token
        'POST 201', // first meeting
        'POST 401', // token invalidated
        'POST 200', // one refresh
        'POST 201', // one retry
      ]);
    });

    it('switching from Zoom to a manual link deletes the Zoom meeting and serves the link', async () => {
      const { z, lessons, book } = await world();
      const booking = await book();
      const zoomed = await lessons.confirm(booking.id);
      const switched = await lessons.changeMeeting(booking.id, {
        provider: 'manual',
        meeting_url: 'https://whereby.com/ms-rivera',
      });
      expect(switched).toMatchObject({
        provider: 'manual',
        provisioning: 'ready',
        joinUrl: 'https://whereby.com/ms-rivera',
        meetingId: null,
      });
      expect(z.zoom.meeting(zoomed.meetingId!)).toBeUndefined();
      expect(z.deletes()).toBe(1);
    });

    it('switching survives Zoom refusing the delete: the link changes now, the delete is retried', async () => {
      const { z, lessons, clock, book } = await world();
      const booking = await book();
      const zoomed = await lessons.confirm(booking.id);
      z.zoom.addFault({ method: 'DELETE', status: 500 });
      const switched = await lessons.changeMeeting(booking.id, {
        provider: 'google_meet',
        meeting_url: 'https://meet.google.com/abc-defg-hij',
      });
      expect(switched.joinUrl).toBe('https://meet.google.com/abc-defg-hij');
      expect(z.zoom.meeting(zoomed.meetingId!)).toBeDefined();
      clock.advance(3600_000);
      expect((await lessons.sweep()).cleaned).toBe(1);
      expect(z.zoom.meeting(zoomed.meetingId!)).toBeUndefined();
    });

    it('a meeting deleted inside Zoom is made again on the next reschedule', async () => {
      const { z, lessons, book } = await world();
      const booking = await book();
      const first = await lessons.confirm(booking.id);
      z.zoom.deleteMeeting(first.meetingId!);
      const moved = await lessons.reschedule(booking.id, { startAt: new Date('2031-02-01T10:00:00Z') });
      expect(moved.provisioning).toBe('ready');
      expect(moved.meetingId).not.toBe(first.meetingId);
      expect(z.zoom.meeting(moved.meetingId!)!.start_time).toBe('2031-02-01T10:00:00Z');
    });

    it("falls back to the tutor's backup link when Zoom fails close to the start", async () => {
      const { z, lessons, book } = await world({ tutor: { backup_link: 'https://meet.google.com/bac-kupl-ink' } });
      z.zoom.addFault({ method: 'POST', path: '/meetings', status: 500, times: 5 });
      const soon = await book({ start_at: new Date(Date.now() + 5 * 60_000).toISOString() });
      const fallback = await lessons.confirm(soon.id);
      expect(fallback).toMatchObject({
        status: 'confirmed',
        provisioning: 'fallback',
        joinUrl: 'https://meet.google.com/bac-kupl-ink',
      });
      expect(fallback.syncDueAt).not.toBeNull(); // Zoom is still retried until the lesson starts

      const later = await book();
      expect((await lessons.confirm(later.id)).provisioning).toBe('failed');
    });

    it('stops trying once the lesson is over, and says so', async () => {
      const { lessons, clock, book } = await world({ sandbox: { users: ['somebody-else@example.com'] } });
      const booking = await book({ start_at: new Date(clock.now() + 30 * 60_000).toISOString(), duration_minutes: 30 });
      const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const failed = await lessons.confirm(booking.id);
      expect(failed.lastError).toMatch(/User does not exist: \{email\}/);
      expect(failed.lastError).toMatch(/zoom_user_id/);
      // Neither the stored error nor the log carries the tutor's email.
      expect(failed.lastError).not.toContain('@');
      expect(JSON.stringify(warned.mock.calls)).toMatch(/meeting\.failed/);
      expect(JSON.stringify(warned.mock.calls)).not.toContain('@');
      warned.mockRestore();
      clock.advance(2 * 3600_000);
      await lessons.sweep();
      const over = await lessons.get(booking.id);
      expect(over).toMatchObject({ status: 'confirmed', provisioning: 'failed', syncDueAt: null });
      expect(over.lastError).toMatch(/^The lesson ended before a meeting could be made/);
    });

    it('gives up deleting a retired meeting after about two days of refusals', async () => {
      const { z, lessons, clock, book, db } = await world();
      const booking = await book();
      const ready = await lessons.confirm(booking.id);
      z.zoom.addFault({
        method: 'DELETE',
        status: 400,
        body: { code: 3003, message: 'You are not the meeting host.' },
        times: 100,
      });
      await lessons.cancel(booking.id);
      for (let i = 0; i < 60; i++) {
        clock.advance(3600_000);
        await lessons.sweep();
      }
      expect(await db.select().from(meetingCleanups).where(eq(meetingCleanups.bookingId, booking.id))).toEqual([]);
      expect(z.deletes()).toBe(50);
      expect(z.zoom.meeting(ready.meetingId!)).toBeDefined();
    });

    it('forgets webhook ids after 30 days', async () => {
      const { lessons, clock, db } = await world();
      const key = { source: 'stripe' as const, eventId: `evt_old_${clock.now()}`, type: 'checkout.session.completed' };
      await db.insert(processedEvents).values({
        ...key,
        receivedAt: new Date(clock.now() - 31 * 86400_000),
        processedAt: new Date(clock.now() - 31 * 86400_000),
      });
      await db
        .insert(processedEvents)
        .values({ ...key, eventId: `${key.eventId}_new`, receivedAt: new Date(clock.now()) });
      await lessons.sweep();
      const left = await db
        .select({ id: processedEvents.eventId })
        .from(processedEvents)
        .where(eq(processedEvents.type, key.type));
      expect(left.map((r) => r.id)).toContain(`${key.eventId}_new`);
      expect(left.map((r) => r.id)).not.toContain(key.eventId);
    });

    it('however long the backoff, the backup link takes over when the lesson is 15 minutes away', async () => {
      const { lessons, clock, book } = await world({
        sandbox: { users: ['nobody@example.com'] },
        tutor: { backup_link: 'https://meet.google.com/bac-kupl-ink' },
      });
      const start = clock.now() + 150 * 60_000;
      const booking = await book({ start_at: new Date(start).toISOString(), duration_minutes: 30 });
      expect((await lessons.confirm(booking.id)).provisioning).toBe('failed'); // Zoom: user does not exist (waits an hour)
      for (let minute = 0; minute < 150; minute += 5) {
        clock.advance(5 * 60_000);
        await lessons.sweep();
        const now = await lessons.get(booking.id);
        if (now.provisioning === 'fallback') {
          expect(clock.now()).toBeGreaterThanOrEqual(start - 15 * 60_000);
          expect(clock.now()).toBeLessThanOrEqual(start - 10 * 60_000);
          expect(now.joinUrl).toBe('https://meet.google.com/bac-kupl-ink');
          return;
        }
      }
      throw new Error('the backup link never took over');
    });

    it('a lesson cancelled while its meeting is being created ends with no meeting at Zoom', async () => {
      const { z, lessons, clock, book } = await world();
      z.zoom.addFault({ method: 'POST', path: '/meetings', delayMs: 150 });
      const booking = await book();
      const creating = lessons.confirm(booking.id);
      // Cancel once the create is on its way to Zoom (the booking says so before it is sent).
      await waitFor(async () => (await lessons.get(booking.id)).createInFlight, { what: 'the create to be sent' });
      await lessons.cancel(booking.id);
      const after = await creating;
      expect(after.status).toBe('cancelled');
      expect(after.joinUrl).toBeNull();
      clock.advance(1000);
      await lessons.sweep();
      expect(z.zoom.meetings()).toEqual([]);
      const { db } = await open();
      expect((await db.select().from(bookings).where(eq(bookings.id, booking.id)))[0]!.leaseToken).toBeNull();
    });
  });
}
