/** Waiting in tests (workerd, Node, the browser): on an outcome, with a deadline that fails loudly. */

export interface WaitOptions {
  /** What the test waits for, as the error should say it: "the QR code", "the Spanish strings". */
  what: string;
  /** How long before giving up with an error, in ms. */
  timeout?: number;
  /** How often to check, in ms. */
  every?: number;
}

/**
 * Resolves with the first truthy value `check` returns, checked `every` 20 ms; throws once
 * `timeout` (5 s) has passed, naming what it waited for and what it saw last.
 * @example const svg = await waitFor(() => part(el, 'qr')?.querySelector('svg'), { what: 'the QR code' });
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  { what, timeout = 5_000, every = 20 }: WaitOptions,
): Promise<NonNullable<T>> {
  const deadline = performance.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (performance.now() > deadline)
      throw new Error(`Gave up after ${timeout} ms waiting for ${what} (last seen: ${JSON.stringify(value)}).`);
    await new Promise((r) => setTimeout(r, every));
  }
}
