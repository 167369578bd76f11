/**
 * The scale simulation (`npm run bench -- scale`): 500 tutors, 10,000 bookings a day, lessons from
 * ten minutes to three weeks ahead, through the real lifecycle and the Zoom sandbox on one
 * simulated clock. Each scenario runs in a process of its own, side by side; the sweep's cost at
 * rest is measured meanwhile, at 100,000 bookings against 10.
 */
import { fork } from 'node:child_process';
import { Miniflare } from 'miniflare';
import { LEAD_TIMES } from './scale-demand';
import { SCENARIOS, type ScenarioName } from './scale-scenarios';
import { START, type Outcome } from './scale-world';
import { sweepCost } from './sweep-cost';
import type { Row } from './worker';

function runScenario(name: ScenarioName): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./scale-case.ts', import.meta.url), [name], { stdio: 'inherit' });
    let outcome: Outcome | undefined;
    child.on('message', (m) => (outcome = m as Outcome));
    child.on('error', reject);
    child.on('exit', (code) =>
      outcome ? resolve(outcome) : reject(new Error(`The ${name} scenario ended (${code}) without an outcome.`)),
    );
  });
}

const n = (x: number) => x.toLocaleString('en-US');
const duration = (ms: number) => {
  const minutes = Math.round(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
};
const info = (metric: string, measured = ''): Row => ({ metric, measured, target: 'info', ok: true });

/** The rows every scenario prints: the promises, each beside its target. */
function promises(o: Outcome, worstTarget: { label: string; ms: number }): Row[] {
  return [
    {
      metric: '  lessons without a working link at their start',
      measured: `${o.withoutLink.length} of ${n(o.started)}`,
      target: '0',
      ok: o.withoutLink.length === 0 && o.started === o.booked,
    },
    { metric: "  Zoom's daily-cap 429s", measured: String(o.dailyCap429s), target: '0', ok: o.dailyCap429s === 0 },
    {
      metric: '  host overlaps (at Zoom / among all lessons in the database)',
      measured: `${o.overlapsAtZoom} / ${o.overlapsInDb}`,
      target: '0 / 0',
      ok: o.overlapsAtZoom + o.overlapsInDb === 0,
    },
    {
      metric: '  worst payment → ready meeting, lesson starting within 24 h',
      measured: `${duration(o.worstPaidToReadyMs)}${o.neverReady ? ` (${o.neverReady} had none: backup link)` : ''}`,
      target: worstTarget.label,
      ok: o.worstPaidToReadyMs <= worstTarget.ms,
    },
  ];
}

/** Lessons that started on a backup link: how many, whose, and why. */
function backups(list: Outcome['onBackup'], centres: number): string {
  if (!list.length) return '0';
  const groups = new Map<string, number>();
  for (const b of list) {
    const key = `${who(b.tutor, centres)}, ${reason(b.lastError)}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  const parts = [...groups].sort((a, b) => b[1] - a[1]).map(([key, count]) => `${count} ${key}`);
  return `${list.length}: ${parts.slice(0, 4).join('; ')}${parts.length > 4 ? '; …' : ''}`;
}

const who = (tutor: number, centres: number) => (tutor < centres ? `centre ${tutor + 1}` : 'people');
/** The Worker's last error, said short: what kept the lesson from a meeting. */
const reason = (lastError: string | null) =>
  /another lesson at this time/.test(lastError ?? '')
    ? 'no Zoom user free'
    : /calls (left|to spare)/.test(lastError ?? '')
      ? 'no calls left today'
      : /Zoom answered .* with 5\d\d|could not be reached|did not answer|token endpoint failed/.test(lastError ?? '')
        ? 'Zoom down'
        : (lastError ?? 'no error').slice(0, 50);

function zoomLine(o: Outcome): Row {
  return info(
    "  calls to Zoom (token requests included); busiest host's creates and updates in a UTC day (Zoom counted / Worker reserved, of 100); lessons left for the next day's calls",
    `${n(o.zoomCalls)}; ${o.busiestHostCalls} / ${o.busiestHostReserved}; ${o.waitedForTomorrow}`,
  );
}

export async function scaleSimulation(): Promise<Row[]> {
  const began = performance.now();
  const running = {
    even: runScenario('even'),
    skewed: runScenario('skewed'),
    outage: runScenario('outage'),
  };
  const mf = new Miniflare({
    modules: true,
    script: 'export default {}',
    kvNamespaces: ['TOKENS'],
    r2Buckets: ['RECORDINGS'],
  });
  const cost = await sweepCost({
    TOKENS: (await mf.getKVNamespace('TOKENS')) as unknown as KVNamespace,
    RECORDINGS: (await mf.getR2Bucket('RECORDINGS')) as unknown as R2Bucket,
  }).finally(() => mf.dispose());
  const [even, skewed, outage] = await Promise.all([running.even, running.skewed, running.outage]);

  const centres = SCENARIOS.skewed.demand.centres;
  const platform = SCENARIOS.skewed.demand.platformHosts;
  const { from, hours } = SCENARIOS.outage.outage;
  const leads = LEAD_TIMES.map((l) => `${Math.round(l.share * 100)}% ${l.label}`).join(', ');
  const MINUTE = 60_000;
  // Zoom back, a lesson near its start (tried every minute) finds it so within the sweep's minute;
  // its success makes every lesson of the next two days waiting out a backoff due at once, and the
  // sweep takes them 100 a minute: at worst every lesson paid in the case.
  const retryBound = MINUTE + Math.ceil(outage.booked / 100) * MINUTE;
  const outageBound = hours * 60 * MINUTE + retryBound;
  const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;
  const withoutMeeting = (o: Outcome) => o.onBackup.length;
  const outageEnd = START + (from + hours) * 3_600_000;

  return [
    info(
      `scale: 500 tutors, 10,000 bookings a day paid at random moments; lessons ${leads} ahead, 30-60 min; every tutor has a backup link`,
    ),
    info(
      `even: 500 people, one Zoom user each; bookings 00:00-${pad(SCENARIOS.even.hours)} UTC simulated`,
      `${n(even.booked)} paid`,
    ),
    ...promises(even, { label: '≤ 1 min', ms: MINUTE }),
    zoomLine(even),
    info(
      `skewed: 5 centres of ${centres[0]!.teachers} teachers take ${n(centres.reduce((s, c) => s + c.perDay, 0))} a day (4 with ${centres[0]!.hosts} Zoom users, 1 with only ${centres[4]!.hosts}), ${platform} platform users; a whole day of bookings simulated`,
      `${n(skewed.booked)} paid, ${n(skewed.existing)} booked before`,
    ),
    ...promises(skewed, { label: '≤ 1 min', ms: MINUTE }),
    info('  lessons on the backup link at their start', backups(skewed.onBackup, centres.length)),
    {
      metric: '    of those, listed at risk by GET /api/capacity before their start',
      measured: `${skewed.listedAtRisk} of ${withoutMeeting(skewed)}`,
      target: 'all',
      ok: skewed.listedAtRisk === withoutMeeting(skewed),
    },
    zoomLine(skewed),
    info(
      `outage: skewed demand, Zoom answers 500s (1 call in 5: no answer) ${pad(from)}-${pad(from + hours)} UTC; bookings ${pad(SCENARIOS.outage.from)}-${pad(SCENARIOS.outage.from + SCENARIOS.outage.hours)} simulated`,
      `${n(outage.booked)} paid`,
    ),
    ...promises(outage, { label: `≤ ${duration(outageBound)}`, ms: outageBound }),
    {
      metric: '  Zoom back: the last lesson waiting then (starting within 24 h) has its meeting after',
      measured: duration(outage.recoveryMs),
      target: `≤ ${duration(retryBound)}`,
      ok: outage.recoveryMs <= retryBound,
    },
    {
      metric: '  worst payment → ready meeting, paid after Zoom came back',
      measured: duration(outage.worstPaidToReadyAfterOutageMs),
      target: '≤ 1 min',
      ok: outage.worstPaidToReadyAfterOutageMs <= MINUTE,
    },
    info('  lessons on the backup link at their start', backups(outage.onBackup, centres.length)),
    info(
      '    of those, starting after Zoom came back',
      backups(
        outage.onBackup.filter((b) => b.start > outageEnd),
        centres.length,
      ),
    ),
    zoomLine(outage),
    {
      metric: `sweep with nothing due at ${n(cost.bookings)} bookings (${n(cost.recordingFiles)} recording files kept), as a ratio to 10 (same run)`,
      measured: `${(cost.large / cost.small).toFixed(2)}x (${cost.large.toFixed(2)} / ${cost.small.toFixed(2)} ms)`,
      target: '≤ 2x',
      ok: cost.large / cost.small <= 2,
    },
    info(
      'scale simulation: wall time (scenarios side by side); CPU time of even / skewed / outage',
      `${((performance.now() - began) / 1000).toFixed(0)} s; ${[even, skewed, outage].map((o) => (o.cpuMs / 1000).toFixed(0)).join(' / ')} s`,
    ),
  ];
}
