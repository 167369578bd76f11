/**
 * A webhook event claimed by a handler that died (the Worker killed mid-request) is not lost, and
 * its redeliveries wait at most 30 seconds for it: before then they are told to come back (503),
 * after it the next delivery does the work.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../worker/db';
import { LessonError } from '../../worker/errors';
import { once } from '../../worker/webhooks/once';

describe('a claim whose handler died', () => {
  it('is taken over by the first delivery 30 seconds later, and the event is handled once', async () => {
    const db = openDatabase(env);
    const event = { source: 'zoom' as const, eventId: `evt_${crypto.randomUUID()}`, type: 'meeting.started' };
    const t0 = Date.parse('2030-03-10T15:00:00Z');
    let handled = 0;
    // The first delivery claims the event and never comes back from its handler (its Worker died).
    void once(db, event, t0, () => new Promise<never>(() => {}));
    await expect
      .poll(
        async () =>
          (
            await env.DB.prepare('select processed_at from processed_events where event_id = ?')
              .bind(event.eventId)
              .all()
          ).results,
      )
      .toEqual([{ processed_at: null }]);

    const at29 = await once(db, event, t0 + 29_000, async () => ++handled).catch((e: LessonError) => e);
    expect(at29).toBeInstanceOf(LessonError);
    expect((at29 as LessonError).status).toBe(503);

    expect(await once(db, event, t0 + 31_000, async () => ++handled)).toEqual({ duplicate: false, value: 1 });
    expect(await once(db, event, t0 + 32_000, async () => ++handled)).toEqual({ duplicate: true });
    expect(handled).toBe(1);
  });
});
