/** Test data from the tutoring world, shared by the suites that run on D1 (workerd) and libSQL (Node). */
import type { BookingRequest, ServiceRequest, TutorRequest } from '../../shared/api';
import { createZoomSandbox, type SandboxAccount, type SandboxOptions } from '../../demo/zoom-sandbox';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export const tutorInput = (over: Partial<TutorRequest> = {}): TutorRequest => {
  const u = unique();
  return {
    name: 'Alex Rivera',
    email: `alex.${u}@example.com`,
    timezone: 'America/New_York',
    zoom_user_id: `alex.${u}@example.com`,
    default_provider: 'zoom',
    backup_link: null,
    ...over,
  };
};

export const serviceInput = (tutorId: string, over: Partial<ServiceRequest> = {}): ServiceRequest => ({
  tutor_id: tutorId,
  name: 'Algebra II',
  duration_minutes: 60,
  auto_recording: 'cloud',
  waiting_room: true,
  ...over,
});

/**
 * Lessons booked without a time get the next free slot, two hours apart from three days ahead: a
 * tutor's host runs one meeting at a time, so default lessons must not overlap.
 */
let slot = 0;
const nextSlot = () => {
  const hour = Math.floor(Date.now() / 3600_000) * 3600_000;
  return new Date(hour + 3 * 24 * 3600_000 + slot++ * 2 * 3600_000).toISOString();
};

export const bookingInput = (
  tutorId: string,
  serviceId: string,
  over: Partial<BookingRequest> = {},
): BookingRequest => ({
  tutor_id: tutorId,
  service_id: serviceId,
  student_name: 'Sam Student',
  student_email: 'sam@example.com',
  parent_email: 'parent.of.sam@example.com',
  start_at: over.start_at ?? nextSlot(),
  ...over,
});

/** A Zoom sandbox with an S2S app of its own, so token caches of other tests never meet it. */
export function freshZoom(options: SandboxOptions = {}) {
  const account: SandboxAccount = {
    accountId: `acct_${unique()}`,
    clientId: `client_${unique()}`,
    clientSecret: `secret_${unique()}`,
  };
  const zoom = createZoomSandbox({ accounts: [account], ...options });
  const env = {
    ZOOM_ACCOUNT_ID: account.accountId,
    ZOOM_CLIENT_ID: account.clientId,
    ZOOM_CLIENT_SECRET: account.clientSecret,
    ZOOM_API_BASE: 'https://zoom.sandbox/v2',
    ZOOM_OAUTH_BASE: 'https://zoom.sandbox',
  };
  const count = (method: string, pattern: RegExp) =>
    zoom.calls().filter((c) => c.method === method && pattern.test(c.path)).length;
  return {
    zoom,
    env,
    creates: () => count('POST', /^\/v2\/users\/[^/]+\/meetings$/),
    patches: () => count('PATCH', /^\/v2\/meetings\/\d+$/),
    deletes: () => count('DELETE', /^\/v2\/meetings\/\d+$/),
    tokens: () => count('POST', /^\/oauth\/token$/),
  };
}

/** A clock tests can move forward, for backoff and lease expiry. */
export function testClock(start = Date.now()) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}
