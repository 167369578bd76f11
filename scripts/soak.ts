/**
 * `npm run soak`: the product under the worst of an ordinary week, then settled. Against `npm start`
 * (the Worker in workerd on local D1, the Zoom sandbox): bookings paid with each Stripe event
 * delivered several times at once, a share of Zoom's API calls failing (500s, 429s with Retry-After
 * in seconds and as a date, 401/124, answers slower than the Worker waits, answers lost after Zoom
 * made the meeting), lessons cancelled and moved while Zoom fails, and the Worker killed and
 * started again on the same data mid-run. Then Zoom recovers, the waiting work is made due and the
 * sweep runs until it settles. It prints and checks: one meeting at Zoom per confirmed booking,
 * none for a cancelled or unknown one, no booking lost, one confirmation per person per booking.
 *
 * `npm run soak` runs the full size; `npm test` runs a smaller one (test/node/soak.test.ts).
 */
import { operatorApi, payBooking, newEventId, type OperatorApi } from '../demo/operator-api';
import type { Fault } from '../demo/zoom-sandbox/faults';
import { startProduct, type Running } from '../test/node/start';

export interface SoakSize {
  tutors: number;
  bookings: number;
  /** Deliveries of each paid event, sent at once. */
  deliveries: number;
  cancels: number;
  reschedules: number;
  /** Paid events for bookings that do not exist. */
  unknown: number;
  /** Times the Worker is killed mid-run. */
  crashes: number;
  /** Share of Zoom API calls that fail while faults are on. */
  faultShare: number;
}

export const FULL_SOAK: SoakSize = {
  tutors: 20,
  bookings: 200,
  deliveries: 5,
  cancels: 20,
  reschedules: 20,
  unknown: 10,
  crashes: 2,
  faultShare: 0.3,
};

export interface SoakReport {
  size: SoakSize;
  deliveries: { sent: number; answered200: number; resentAfterNetworkFailure: number; unknownAcknowledged: number };
  bookings: { confirmed: number; cancelled: number; lost: number };
  zoom: {
    callsFailed: number;
    calls: number;
    meetingsForConfirmed: number;
    confirmedWithoutOne: number;
    confirmedWithMore: number;
    forCancelled: number;
    forUnknown: number;
    /** Meetings at the sandbox that belong to no booking of this run. */
    strays: number;
  };
  /** Confirmation emails; `confirmedUntold`: confirmed bookings whose student, parent or tutor has none. */
  confirmations: { sent: number; duplicates: number; confirmedUntold: number };
  settledInSweeps: number;
  settledInSeconds: number;
  crashes: number;
}

interface SandboxMeeting {
  id: number;
  agenda?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends until the answer is not a network failure or a 5xx, as Stripe retries; counts the resends. */
async function delivered(send: () => Promise<Response>, resent: { count: number }): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const res = await send().catch(() => null);
    if (res && res.status < 500) return res;
    if (attempt > 60) throw new Error(`a delivery kept failing: ${res ? res.status : 'network'}`);
    resent.count++;
    await sleep(250 * Math.min(8, attempt + 1));
  }
}

/** The same, for the operator's calls (a cancel or a move the network lost is sent again). */
async function operated(api: OperatorApi, method: string, path: string, json?: unknown) {
  for (let attempt = 0; ; attempt++) {
    const answer = await api.send(method, path, json).catch(() => null);
    if (answer && answer.status < 500) return answer;
    if (attempt > 60) throw new Error(`${method} ${path} kept failing: ${answer ? answer.status : 'network'}`);
    await sleep(250 * Math.min(8, attempt + 1));
  }
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function pool<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

/** Zoom's failures, each a share of the calls so that together about `share` of them fail. */
function flakyZoom(share: number, until: number): Fault[] {
  // Six kinds, each taking its part of what the ones before it let through.
  const each = 1 - (1 - share) ** (1 / 6);
  const window = { path: '/v2/', share: each, until };
  const perSecond = {
    code: 429,
    message: 'You have reached the maximum per-second rate limit for this API. Try again later.',
  };
  return [
    { ...window, status: 500, body: { code: 500, message: 'Internal server error.' } },
    { ...window, status: 429, body: perSecond, retryAfter: 2 },
    { ...window, status: 429, body: perSecond, retryAfter: new Date(Date.now() + 5_000).toUTCString() },
    { ...window, status: 401, body: { code: 124, message: 'Invalid access token.' } },
    // Slower than the Worker waits (8 s): Zoom applies it, nobody hears the answer.
    { ...window, delayMs: 9_000 },
    { ...window, method: 'POST', drop: true, afterEffect: true },
  ];
}

export async function soak(size: SoakSize, say: (line: string) => void = console.log): Promise<SoakReport> {
  const product: Running = await startProduct();
  const api = operatorApi(product.api, product.operatorKey);
  const zoom = (path: string, init?: RequestInit) =>
    fetch(`${product.zoom}${path}`, { ...init, headers: { 'content-type': 'application/json', connection: 'close' } });
  try {
    const tutors = await Promise.all(
      Array.from({ length: size.tutors }, () => api.tutorWithService({ backup_link: null })),
    );
    const bookings = await Promise.all(
      Array.from({ length: size.bookings }, (_, i) => {
        const { tutor, service } = tutors[i % tutors.length]!;
        return api.book(tutor.id, service.id, { parent_email: `parent.${i}@example.com` });
      }),
    );
    const cancelled = new Set(bookings.slice(0, size.cancels).map((b) => b.id));
    const moved = new Set(bookings.slice(size.cancels, size.cancels + size.reschedules).map((b) => b.id));
    const unknown = Array.from({ length: size.unknown }, (_, i) => `bk_soak${String(i).padStart(13, '0')}`);
    say(`${bookings.length} bookings for ${tutors.length} tutors; Zoom fails ${size.faultShare * 100}% of its calls.`);

    await zoom('/__sandbox/calls', { method: 'DELETE' });
    await zoom('/__sandbox/faults', {
      method: 'POST',
      body: JSON.stringify({ faults: flakyZoom(size.faultShare, Date.now() + 24 * 3600_000) }),
    });

    const resent = { count: 0 };
    let answered200 = 0;
    let unknownAcknowledged = 0;
    let crashes = 0;
    const crashAt = new Set(
      Array.from({ length: size.crashes }, (_, i) => Math.floor(((i + 1) * size.bookings) / (size.crashes + 1))),
    );
    const crashing: Promise<void>[] = [];
    let slot = 0;
    const later = Math.floor(Date.now() / 3600_000) * 3600_000 + 40 * 86400_000;

    await pool(bookings, 10, async (b, i) => {
      if (crashAt.has(i)) {
        crashes++;
        say(`Killing the Worker (${crashes} of ${size.crashes}) with payments in flight.`);
        crashing.push(product.crashWorker());
      }
      const eventId = newEventId();
      const answers = await Promise.all(
        Array.from({ length: size.deliveries }, () =>
          delivered(() => payBooking(product.api, product.stripeSecret, b.id, eventId), resent),
        ),
      );
      answered200 += answers.filter((r) => r.status === 200).length;
      if (cancelled.has(b.id)) await operated(api, 'POST', `/api/bookings/${b.id}/cancel`);
      if (moved.has(b.id))
        await operated(api, 'POST', `/api/bookings/${b.id}/reschedule`, {
          start_at: new Date(later + slot++ * 2 * 3600_000).toISOString(),
        });
    });
    await pool(unknown, 5, async (id) => {
      const eventId = newEventId();
      const answers = await Promise.all(
        Array.from({ length: size.deliveries }, () =>
          delivered(() => payBooking(product.api, product.stripeSecret, id, eventId), resent),
        ),
      );
      answered200 += answers.filter((r) => r.status === 200).length;
      for (const a of answers) {
        const body = (await a.json()) as { reason?: string };
        if (a.status === 200 && body.reason === 'unknown_booking') unknownAcknowledged++;
      }
    });
    await Promise.all(crashing);
    say(`Payments done: ${answered200} deliveries answered 200, ${resent.count} sent again after a failure.`);

    // Zoom recovers; what waits for its next attempt is made due, and the sweep runs until settled.
    await zoom('/__sandbox/faults', { method: 'DELETE' });
    await zoom('/__sandbox/held/release', { method: 'POST', body: '{}' });
    const confirmedIds = bookings.filter((b) => !cancelled.has(b.id)).map((b) => b.id);
    const began = Date.now();
    let sweeps = 0;
    let meetings: SandboxMeeting[] = [];
    const ownerOf = (m: SandboxMeeting) => /booking (bk_\w+)/.exec(m.agenda ?? '')?.[1];
    const settled = () => {
      const count = new Map<string, number>();
      for (const m of meetings) count.set(ownerOf(m) ?? '', (count.get(ownerOf(m) ?? '') ?? 0) + 1);
      return (
        confirmedIds.every((id) => count.get(id) === 1) &&
        [...cancelled, ...unknown].every((id) => !count.has(id)) &&
        meetings.every((m) => ownerOf(m))
      );
    };
    const confirmationsOf = async (id: string) => {
      const { messages } = await api.call('GET', `/api/messages?booking_id=${id}&limit=200`);
      return (messages as { kind: string; role: string; status: string }[]).filter(
        (m) => m.kind === 'confirmation' && m.status === 'sent',
      );
    };
    /** Every confirmed booking's student, parent and tutor have their confirmation. */
    const told = async () =>
      (
        await Promise.all(confirmedIds.map(async (id) => new Set((await confirmationsOf(id)).map((m) => m.role)).size))
      ).every((roles) => roles === 3);
    const unsettled = () => {
      const count = new Map<string, number>();
      for (const m of meetings) count.set(ownerOf(m) ?? '', (count.get(ownerOf(m) ?? '') ?? 0) + 1);
      const none = confirmedIds.filter((id) => !count.has(id)).length;
      const more = confirmedIds.filter((id) => (count.get(id) ?? 0) > 1).length;
      const gone = [...cancelled, ...unknown].filter((id) => count.has(id)).length;
      return `${none} confirmed without a meeting, ${more} with more than one, ${gone} cancelled with one`;
    };
    // The outage is over: every waiting lesson is due now, as an operator would ask after Zoom comes back.
    await operated(api, 'POST', '/api/capacity/retry');
    for (;;) {
      const swept = await fetch(`${product.api}/__dev/sweep`, { method: 'POST', headers: { connection: 'close' } });
      if (swept.status !== 200) throw new Error(`the sweep answered ${swept.status}: ${await swept.text()}`);
      sweeps++;
      meetings = (await (await zoom('/__sandbox/meetings')).json()) as SandboxMeeting[];
      const inStep = settled();
      const everyoneTold = inStep && (await told());
      if (inStep && everyoneTold) break;
      if (sweeps % 10 === 0) say(`  sweep ${sweeps}: ${inStep ? 'meetings in step, emails pending' : unsettled()}`);
      if (Date.now() - began > 5 * 60_000) break;
      await sleep(1_000);
    }
    const settledInSeconds = (Date.now() - began) / 1000;
    const calls = (await (await zoom('/__sandbox/calls')).json()) as { path: string; status: number }[];
    const api2 = calls.filter((c) => c.path.startsWith('/v2/'));

    const shown = await Promise.all(bookings.map((b) => api.call('GET', `/api/bookings/${b.id}`)));
    const perBooking = new Map<string, number>();
    for (const m of meetings) {
      const id = ownerOf(m) ?? 'none';
      perBooking.set(id, (perBooking.get(id) ?? 0) + 1);
    }
    const ours = new Set([...bookings.map((b) => b.id), ...unknown]);
    let sent = 0;
    let duplicates = 0;
    let untold = 0;
    for (const b of bookings) {
      const confirmations = await confirmationsOf(b.id);
      sent += confirmations.length;
      const roles = new Set(confirmations.map((m) => m.role));
      duplicates += confirmations.length - roles.size;
      if (!cancelled.has(b.id) && roles.size < 3) untold++;
    }
    const report: SoakReport = {
      size,
      deliveries: {
        sent: (size.bookings + size.unknown) * size.deliveries,
        answered200,
        resentAfterNetworkFailure: resent.count,
        unknownAcknowledged,
      },
      bookings: {
        confirmed: shown.filter((b) => b.status === 'confirmed').length,
        cancelled: shown.filter((b) => b.status === 'cancelled').length,
        lost: shown.filter((b) => (cancelled.has(b.id) ? b.status !== 'cancelled' : b.status !== 'confirmed')).length,
      },
      zoom: {
        calls: api2.length,
        callsFailed: api2.filter((c) => c.status >= 400).length,
        meetingsForConfirmed: confirmedIds.filter((id) => perBooking.has(id)).length,
        confirmedWithoutOne: confirmedIds.filter((id) => !perBooking.has(id)).length,
        confirmedWithMore: confirmedIds.filter((id) => (perBooking.get(id) ?? 0) > 1).length,
        forCancelled: [...cancelled].reduce((n, id) => n + (perBooking.get(id) ?? 0), 0),
        forUnknown: unknown.reduce((n, id) => n + (perBooking.get(id) ?? 0), 0),
        strays: meetings.filter((m) => !ours.has(ownerOf(m) ?? '')).length,
      },
      confirmations: { sent, duplicates, confirmedUntold: untold },
      settledInSweeps: sweeps,
      settledInSeconds,
      crashes,
    };
    return report;
  } finally {
    await product.stop();
  }
}

/** What must hold, as lines that say what went wrong (none when the run passed). */
export function soakProblems(r: SoakReport): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => ok || problems.push(what);
  expect(
    r.deliveries.answered200 === r.deliveries.sent,
    `${r.deliveries.sent - r.deliveries.answered200} deliveries never got a 200`,
  );
  expect(
    r.deliveries.unknownAcknowledged === r.size.unknown * r.size.deliveries,
    'an unknown booking was not acknowledged as unknown',
  );
  expect(r.bookings.lost === 0, `${r.bookings.lost} bookings lost (not confirmed, or not cancelled)`);
  expect(
    r.zoom.confirmedWithoutOne === 0,
    `${r.zoom.confirmedWithoutOne} confirmed bookings without a meeting at Zoom`,
  );
  expect(r.zoom.confirmedWithMore === 0, `${r.zoom.confirmedWithMore} confirmed bookings with more than one meeting`);
  expect(r.zoom.forCancelled === 0, `${r.zoom.forCancelled} meetings at Zoom for cancelled bookings`);
  expect(r.zoom.forUnknown === 0, `${r.zoom.forUnknown} meetings at Zoom for unknown bookings`);
  expect(r.zoom.strays === 0, `${r.zoom.strays} meetings at Zoom that belong to no booking`);
  expect(r.confirmations.duplicates === 0, `${r.confirmations.duplicates} confirmations sent twice`);
  expect(
    r.confirmations.confirmedUntold === 0,
    `${r.confirmations.confirmedUntold} confirmed bookings not confirmed to everyone`,
  );
  return problems;
}

export function printSoak(r: SoakReport, say: (line: string) => void = console.log) {
  const rows: [string, string | number][] = [
    [`deliveries sent (each event at once ×${r.size.deliveries})`, r.deliveries.sent],
    ['  answered 200', r.deliveries.answered200],
    ['  sent again after a network failure or 5xx (as Stripe retries)', r.deliveries.resentAfterNetworkFailure],
    ['  unknown bookings acknowledged, nothing made', r.deliveries.unknownAcknowledged],
    ['Worker killed and restarted mid-run', r.crashes],
    ['Zoom API calls / failed', `${r.zoom.calls} / ${r.zoom.callsFailed}`],
    ['bookings confirmed / cancelled / lost', `${r.bookings.confirmed} / ${r.bookings.cancelled} / ${r.bookings.lost}`],
    ['confirmed bookings with exactly one meeting at Zoom', r.zoom.meetingsForConfirmed - r.zoom.confirmedWithMore],
    [
      'confirmed bookings with none / with more than one',
      `${r.zoom.confirmedWithoutOne} / ${r.zoom.confirmedWithMore}`,
    ],
    [
      'meetings for cancelled / unknown bookings / strays',
      `${r.zoom.forCancelled} / ${r.zoom.forUnknown} / ${r.zoom.strays}`,
    ],
    [
      'confirmations sent (student, parent, tutor) / duplicates / bookings untold',
      `${r.confirmations.sent} / ${r.confirmations.duplicates} / ${r.confirmations.confirmedUntold}`,
    ],
    ['settled after faults off', `${r.settledInSweeps} sweeps, ${r.settledInSeconds.toFixed(0)} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) say(`${k.padEnd(width)}  ${v}`);
}

if (process.argv[1] && import.meta.filename === (await import('node:path')).resolve(process.argv[1])) {
  const report = await soak(FULL_SOAK);
  printSoak(report);
  const problems = soakProblems(report);
  for (const p of problems) console.error(`FAILED: ${p}`);
  process.exitCode = problems.length ? 1 : 0;
  if (!problems.length) console.log('Soak passed.');
}
