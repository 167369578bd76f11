/** A lifecycle on the caller's SQL engine, with a tutor, a service, the Zoom sandbox and a clock to move. */
import type { SandboxOptions } from '../../demo/zoom-sandbox';
import { BookingInput, ServiceInput, TutorInput, type TutorRequest } from '../../shared/api';
import { addService, addTutor } from '../../worker/catalog';
import { isNotNull } from 'drizzle-orm';
import type { Db } from '../../worker/db';
import { bookings, meetingCleanups } from '../../worker/db/schema';
import { createLifecycle } from '../../worker/lifecycle';
import { providerRegistry } from '../../worker/providers';
import { bookingInput, freshZoom, serviceInput, testClock, tutorInput } from './fixtures';

export interface Store {
  db: Db;
  kv: KVNamespace;
}

export interface WorldOptions {
  sandbox?: SandboxOptions;
  tutor?: Partial<TutorRequest>;
  timeoutMs?: number;
  /** Provider settings to add, e.g. `ZOOM_PLATFORM_HOSTS`. */
  env?: Record<string, string>;
}

export function worldOf(open: () => Promise<Store>) {
  return async (opts: WorldOptions = {}) => {
    const { db, kv } = await open();
    // The suites share one database: what earlier tests left due is not this test's to sweep.
    await db.batch([
      db.update(bookings).set({ syncDueAt: null }).where(isNotNull(bookings.syncDueAt)),
      db.delete(meetingCleanups),
    ]);
    const z = freshZoom(opts.sandbox);
    const clock = testClock();
    const providers = providerRegistry(
      { TOKENS: kv, ...z.env, ...opts.env },
      { fetch: z.zoom.fetch, timeoutMs: opts.timeoutMs },
    );
    const lessons = createLifecycle({ db, providers, now: clock.now });
    // Inputs go through the API's own schemas, defaults and all.
    const tutor = await addTutor(db, TutorInput.parse(tutorInput(opts.tutor)));
    const service = await addService(db, ServiceInput.parse(serviceInput(tutor.id)));
    const book = (over = {}) => lessons.book(BookingInput.parse(bookingInput(tutor.id, service.id, over)));
    return { db, z, clock, lessons, tutor, service, book };
  };
}
