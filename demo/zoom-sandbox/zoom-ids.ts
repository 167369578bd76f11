/** Identifiers and secrets shaped like Zoom's: 11-digit meeting ids, base64 uuids, `<32>.1` passcodes, JWT-looking tokens. */

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Zoom's API error body: `{ code, message }`, with `errors` on validation failures. */
export const zoomError = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
  code,
  message,
  ...extra,
});

export function randomString(length: number, alphabet = ALNUM): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export function meetingNumber(): number {
  // 11 digits, as Zoom's scheduled meetings have: below 2^53, above int32.
  return 80_000_000_000 + Math.floor(Math.random() * 19_999_999_999);
}

export function meetingUuid(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

const base64url = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A token with Zoom's JWT look; nobody verifies its signature, the sandbox looks tokens up instead. */
export function jwtLike(payload: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  return `${header}.${base64url(JSON.stringify(payload))}.${base64url(randomString(24))}`;
}

export function trackingId(): string {
  return `v=2.0;clid=us06;rid=${randomString(20)}`;
}

/** `yyyy-MM-ddTHH:mm:ssZ`, as Zoom echoes times. */
export function zoomTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Reads a Zoom `start_time`: with Z it is UTC; without, wall time in `timezone` (UTC when none). */
export function parseStartTime(value: string, timezone: string | undefined): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(value)) return null;
  if (/Z|[+-]\d{2}:\d{2}$/.test(value)) return Date.parse(value);
  const asUtc = Date.parse(`${value}Z`);
  if (!timezone || timezone === 'UTC') return asUtc;
  // The zone's offset at that wall time, found by formatting the UTC guess in the zone.
  const offset = (at: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(at);
    const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - at;
  };
  const first = asUtc - offset(asUtc);
  return asUtc - offset(first);
}

export function nextUtcMidnight(now: number): number {
  const d = new Date(now);
  d.setUTCHours(24, 0, 0, 0);
  return d.getTime();
}

/** A seeded PRNG (mulberry32) in [0, 1): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
