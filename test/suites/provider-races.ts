/**
 * What must hold whatever Zoom does and whenever it does it: no error parks a lesson past the moment
 * its backup link would take over, a create that lands after the caller gave up never outlives its
 * booking, no booking keeps two meetings, and the soonest lesson's work goes first.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { bookings, meetingCleanups } from '../../worker/db/schema';
import { FALLBACK_WINDOW_MS } from '../../worker/lifecycle/schedule';
import { waitFor } from './wait-for';
import { type Store, worldOf } from './world';

const MIN = 60_000;

export function providerRaceSuite(engine: string, open: () => Promise<Store>) {
  const world = worldOf(open);
  const quiet = () => vi.spyOn(console, 'warn').mockImplementation(() => {});

  describe(`provider failures and races on ${engine}`, () => {
    it('a token Zoom refuses twice is asked for again and the create retried within a minute', async () => {
      const { z, lessons, clock, book } = await world();
      const booking = await book({ start_at: new Date(clock.now() + 30 * MIN).toISOString() });
      z.zoom.addFault({
        method: 'POST',
        path: '/meetings',
        status: 401,
        body: { code: 124, message: 'Invalid access token.' },
        times: 2,
      });
      const warned = quiet();
      const failed = await lessons.confirm(booking.id);
      warned.mockRestore();
      expect(failed.provisioning).toBe('failed');
      expect(failed.syncDueAt!.getTime() - clock.now()).toBeLessThanOrEqual(MIN);
      clock.advance(MIN);
      await lessons.sweep();
      expect((await lessons.get(booking.id)).provisioning).toBe('ready');
    });

    it('no error parks a lesson past the moment its backup link would take over; close to it, a minute apart', async () => {
      const { z, lessons, clock, book } = await world();
      const soon = await book({ start_at: new Date(clock.now() + 40 * MIN).toISOString() });
      // A problem only a person can fix, and Zoom's daily cap (come back at midnight): both cut short.
      z.zoom.addFault({
        method: 'POST',
        path: '/meetings',
        status: 404,
        body: { code: 1001, message: 'User does not exist: x@y.z.' },
        times: 1,
      });
      const warned = quiet();
      const refused = await lessons.confirm(soon.id);
      expect(refused.syncDueAt!.getTime()).toBe(soon.startAt.getTime() - FALLBACK_WINDOW_MS);
      // (Another time: a tutor's host runs one lesson at a time.)
      const capped = await book({ start_at: new Date(clock.now() + 110 * MIN).toISOString() });
      z.zoom.addFault({
        method: 'POST',
        path: '/meetings',
        status: 429,
        retryAfter: new Date(clock.now() + 12 * 3600_000).toUTCString(),
        times: 1,
      });
      expect((await lessons.confirm(capped.id)).syncDueAt!.getTime()).toBe(
        capped.startAt.getTime() - FALLBACK_WINDOW_MS,
      );
      // Inside the last stretch, Zoom still failing: at most a minute between attempts.
      clock.advance(26 * MIN);
      z.zoom.addFault({ method: 'POST', path: '/meetings', status: 503, times: 2 });
      await lessons.sweep();
      const close = await lessons.get(soon.id);
      expect(close.provisioning).toBe('failed');
      expect(close.syncDueAt!.getTime() - clock.now()).toBeLessThanOrEqual(MIN);
      warned.mockRestore();
    });

    it('a lesson cancelled or switched while its create is held by Zoom ends with no meeting at Zoom, 20 times each', {
      timeout: 120_000,
    }, async () => {
      const { z, lessons, clock, book } = await world({ timeoutMs: 200 });
      const warned = quiet();
      for (const change of ['cancel', 'switch'] as const) {
        for (let i = 0; i < 20; i++) {
          const booking = await book();
          z.zoom.addFault({ method: 'POST', path: '/meetings', hold: true, times: 1 });
          const creating = lessons.confirm(booking.id);
          // Zoom has the request; the caller gives up after 200 ms. Half the time the change comes first.
          await waitFor(() => z.zoom.held().length === 1, { what: 'Zoom to hold the create' });
          if (i % 2) await creating;
          if (change === 'cancel') await lessons.cancel(booking.id);
          else
            await lessons.changeMeeting(booking.id, {
              provider: 'manual',
              meeting_url: 'https://whereby.com/ms-rivera',
            });
          await creating;
          // Zoom applies it after all.
          await z.zoom.release();
        }
      }
      clock.advance(MIN);
      await lessons.sweep();
      clock.advance(5 * MIN);
      await lessons.sweep();
      warned.mockRestore();
      expect(z.zoom.meetings()).toEqual([]);
    });

    it('a booking whose first create lands late keeps one meeting, the one it points at', async () => {
      const { z, lessons, clock, book, db } = await world({ timeoutMs: 200 });
      const booking = await book();
      z.zoom.addFault({ method: 'POST', path: '/meetings', hold: true, times: 1 });
      const warned = quiet();
      const lost = await lessons.confirm(booking.id);
      expect(lost.createInFlight).toBe(true);
      // The retry looks first, finds nothing (Zoom has not applied the first create), and creates.
      clock.advance(2 * 3600_000);
      await lessons.sweep();
      const ready = await lessons.get(booking.id);
      expect(ready.provisioning).toBe('ready');
      // Now the first create lands: two meetings carry the booking's reference for a moment.
      await z.zoom.release();
      expect(z.zoom.meetings()).toHaveLength(2);
      clock.advance(MIN);
      await lessons.sweep();
      warned.mockRestore();
      expect(z.zoom.meetings().map((m) => String(m.id))).toEqual([ready.meetingId]);
      expect((await db.select().from(bookings).where(eq(bookings.id, booking.id)))[0]!.meetingId).toBe(ready.meetingId);
      expect(await db.select().from(meetingCleanups).where(eq(meetingCleanups.bookingId, booking.id))).toHaveLength(1);
    });

    it('with a thousand bookings waiting, a lesson 30 minutes away is ready before its join window opens', {
      timeout: 120_000,
    }, async () => {
      const { z, lessons, clock, book, db } = await world();
      // An outage: everything paid is waiting for Zoom, the oldest failures first in line by time.
      z.zoom.addFault({ method: 'POST', path: '/meetings', status: 503 });
      const later = await Promise.all(
        Array.from({ length: 1000 }, (_, i) =>
          book({ start_at: new Date(clock.now() + (2 + (i % 72)) * 3600_000).toISOString() }),
        ),
      );
      await db
        .update(bookings)
        .set({ status: 'confirmed', provisioning: 'failed', attempts: 3, syncDueAt: new Date(clock.now()) })
        .where(eq(bookings.tutorId, later[0]!.tutorId));
      const warned = quiet();
      const urgent = await book({ start_at: new Date(clock.now() + 30 * MIN).toISOString() });
      expect((await lessons.confirm(urgent.id)).provisioning).toBe('failed');
      z.zoom.clearFaults();
      // The next minute's sweep takes the soonest lessons first.
      clock.advance(MIN);
      await lessons.sweep();
      warned.mockRestore();
      const shown = await lessons.get(urgent.id);
      expect(shown.provisioning).toBe('ready');
      expect(clock.now()).toBeLessThan(urgent.startAt.getTime() - 10 * MIN);
    });
  });
}
