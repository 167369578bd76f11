/**
 * Zoom's limits, spent where they matter: 100 creates and updates per host user per UTC day,
 * counted before each call and kept for the soonest lessons; one meeting at a time per host, so a
 * tutor's overlapping lessons go to other hosts of their pool (or the platform's).
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { hostUsage } from '../../worker/db/schema';
import { type Store, worldOf } from './world';

const HOUR = 3600_000;

export function capacitySuite(engine: string, open: () => Promise<Store>) {
  const world = worldOf(open);

  describe(`host capacity on ${engine}`, () => {
    it("counts each create before it is made and stops at the host's daily cap without meeting Zoom's 429", async () => {
      const { z, lessons, clock, book, tutor, db } = await world({ sandbox: { dailyCap: 100 } });
      // 105 ten-minute lessons tomorrow, one after another (all close: none waits for other days' calls).
      const booked = [];
      for (let i = 0; i < 105; i++)
        booked.push(
          await book({
            start_at: new Date(clock.now() + 20 * HOUR + i * 12 * 60_000).toISOString(),
            duration_minutes: 10,
          }),
        );
      const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const states = [];
      for (const b of booked) states.push((await lessons.confirm(b.id)).provisioning);
      warned.mockRestore();
      expect(states.filter((s) => s === 'ready')).toHaveLength(100);
      expect(states.slice(100)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
      expect(z.creates()).toBe(100);
      // Zoom never had to say no: the count said it first.
      expect(z.zoom.calls().filter((c) => c.status === 429)).toEqual([]);
      const [usage] = await db.select().from(hostUsage).where(eq(hostUsage.host, tutor.zoomUserId!));
      expect(usage).toMatchObject({ used: 100 });
      const waiting = await lessons.get(booked[104]!.id);
      expect(waiting.lastError).toMatch(/after midnight UTC/);
    });

    it('keeps the last calls of the day for lessons that are close; one far away waits for tomorrow', async () => {
      const { lessons, clock, book, db, tutor } = await world({ sandbox: { dailyCap: 100 } });
      await db.insert(hostUsage).values({
        provider: 'zoom',
        host: tutor.zoomUserId!,
        day: new Date(clock.now()).toISOString().slice(0, 10),
        used: 85,
      });
      const far = await book({ start_at: new Date(clock.now() + 5 * 24 * HOUR).toISOString() });
      const close = await book({ start_at: new Date(clock.now() + 3 * HOUR).toISOString() });
      const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
      expect((await lessons.confirm(far.id)).provisioning).toBe('failed');
      warned.mockRestore();
      expect((await lessons.confirm(close.id)).provisioning).toBe('ready');
      // After midnight the far lesson gets its meeting.
      const midnight = new Date(clock.now());
      midnight.setUTCHours(24, 0, 1, 0);
      clock.advance(midnight.getTime() - clock.now());
      await lessons.sweep();
      expect((await lessons.get(far.id)).provisioning).toBe('ready');
    });

    it('gives a host back the call it counted when the call never reached Zoom (no token to send it with)', async () => {
      const { z, lessons, clock, book, db, tutor } = await world();
      const usedToday = async () =>
        (await db.select().from(hostUsage).where(eq(hostUsage.host, tutor.zoomUserId!)))[0]?.used ?? 0;
      // Zoom's token endpoint is down; the Worker has no token yet.
      z.zoom.addFault({ path: '/oauth/token', status: 503, times: 1000 });
      const booking = await book({ start_at: new Date(clock.now() + 20 * HOUR).toISOString() });
      const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
      expect((await lessons.confirm(booking.id)).provisioning).toBe('failed');
      for (let i = 0; i < 5; i++) {
        clock.advance(HOUR);
        await lessons.sweep();
      }
      warned.mockRestore();
      expect((await lessons.get(booking.id)).attempts).toBeGreaterThan(3);
      expect(z.creates()).toBe(0);
      expect(await usedToday()).toBe(0);
      z.zoom.clearFaults();
      clock.advance(HOUR);
      await lessons.sweep();
      expect((await lessons.get(booking.id)).provisioning).toBe('ready');
      expect(await usedToday()).toBe(1);
    });

    it('after an outage, the lessons waiting out long backoffs get their meetings a minute after the first lesson does', async () => {
      const { z, lessons, clock, book } = await world();
      z.zoom.addFault({ method: 'POST', path: '/meetings', status: 500, times: 100_000 });
      // One lesson soon (near its start it is tried every minute) and two tomorrow (each waits out its own backoff).
      const soon = await book({ start_at: new Date(clock.now() + 100 * 60_000).toISOString() });
      const tomorrow = [];
      for (let i = 0; i < 2; i++)
        tomorrow.push(await book({ start_at: new Date(clock.now() + (20 + i) * HOUR).toISOString() }));
      const booked = [soon, ...tomorrow];
      const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
      for (const b of booked) expect((await lessons.confirm(b.id)).provisioning).toBe('failed');
      // Ninety minutes down, swept every minute: the lessons of tomorrow's next tries are up to an hour away.
      for (let minute = 0; minute < 90; minute++) {
        clock.advance(60_000);
        await lessons.sweep();
      }
      const waiting = await Promise.all(tomorrow.map((b) => lessons.get(b.id)));
      expect(waiting.map((l) => l.provisioning)).toEqual(['failed', 'failed']);
      expect(Math.min(...waiting.map((l) => l.syncDueAt!.getTime() - clock.now()))).toBeGreaterThan(5 * 60_000);
      z.zoom.clearFaults();
      // Zoom is back: the soon lesson's next try (a minute on) finds it so, and tomorrow's follow in the next sweep.
      const states = [];
      for (let minute = 0; minute < 3; minute++) {
        clock.advance(60_000);
        await lessons.sweep();
        states.push((await Promise.all(booked.map((b) => lessons.get(b.id)))).map((l) => l.provisioning));
      }
      warned.mockRestore();
      expect(states[0]![0]).toBe('ready');
      expect(states[2]).toEqual(['ready', 'ready', 'ready']);
      const meetings = (await Promise.all(booked.map((b) => lessons.get(b.id)))).map((l) => l.meetingId);
      expect(new Set(meetings).size).toBe(3);
    });

    it("puts a tutor's overlapping lessons on other hosts of the pool, then the platform's; no host has two at once", async () => {
      const { z, lessons, book, clock, db } = await world({
        tutor: { zoom_hosts: ['second.host@example.com'] },
        env: { ZOOM_PLATFORM_HOSTS: 'pool.one@example.com, pool.two@example.com' },
      });
      const at = new Date(clock.now() + 6 * HOUR).toISOString();
      const made = [];
      for (let i = 0; i < 4; i++) made.push(await lessons.confirm((await book({ start_at: at })).id));
      expect(made.map((b) => b.provisioning)).toEqual(['ready', 'ready', 'ready', 'ready']);
      expect(new Set(made.map((b) => b.meetingHost)).size).toBe(4);
      expect(made[1]!.meetingHost).toBe('second.host@example.com');
      expect(
        made
          .slice(2)
          .map((b) => b.meetingHost)
          .sort(),
      ).toEqual(['pool.one@example.com', 'pool.two@example.com']);
      // A fifth at the same time finds every host taken: it waits (and gets the backup link near the start).
      const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const fifth = await lessons.confirm((await book({ start_at: at })).id);
      warned.mockRestore();
      expect(fifth.provisioning).toBe('failed');
      expect(fifth.lastError).toMatch(/another lesson at this time/);
      expect(z.zoom.hostOverlaps().scheduled).toEqual([]);

      // Moved to a free time, a lesson stays with its host and keeps its link.
      const moved = await lessons.reschedule(made[3]!.id, { startAt: new Date(clock.now() + 30 * HOUR) });
      expect(moved).toMatchObject({ meetingHost: made[3]!.meetingHost, joinUrl: made[3]!.joinUrl });
      // Moved onto a time its host already has, it gets a meeting on a free host; the old one goes.
      const later = await lessons.confirm(
        (await book({ start_at: new Date(clock.now() + 40 * HOUR).toISOString() })).id,
      );
      expect(later.meetingHost).toBe(made[0]!.meetingHost);
      const clash = await lessons.reschedule(made[0]!.id, { startAt: new Date(clock.now() + 40 * HOUR) });
      expect(clash.provisioning).toBe('ready');
      expect(clash.meetingHost).not.toBe(made[0]!.meetingHost);
      expect(clash.meetingId).not.toBe(made[0]!.meetingId);
      clock.advance(60_000);
      await lessons.sweep();
      expect(z.zoom.meeting(made[0]!.meetingId!)).toBeUndefined();
      expect(z.zoom.hostOverlaps().scheduled).toEqual([]);
      expect(await db.select().from(hostUsage)).not.toEqual([]);
    });
  });
}
