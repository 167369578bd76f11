/**
 * How long a page of 20 `<lesson-join>` cards takes to show them all, against a page of one, in
 * Chromium (puppeteer-core driving Debian's /usr/bin/chromium, no download) against `npm start`:
 * the script from the Worker, the page on another origin, as on a tutor's site. Time to last render
 * is from the start of navigation until every card shows its lesson or its list and that frame is
 * painted, read in the page. The two pages alternate, so that a busy moment of the machine falls on
 * both alike; the figures are medians.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { runningProduct } from './product';
import type { Row } from './worker';

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const ROUNDS = 9;
const RATIO_TARGET = 1.5;

/**
 * In the page: when the last card has drawn its lesson or its list (each card's shadow root is
 * watched, so nothing polls), and the frame that shows it has been painted.
 */
const TIMING = `<script>
  const drawn = (el) => el.shadowRoot.querySelector('[lang][aria-busy="false"] :is([part~="heading"], [part~="list"])');
  customElements.whenDefined('lesson-join').then(() => {
    const waiting = new Set(document.querySelectorAll('lesson-join'));
    for (const el of waiting)
      new MutationObserver((_, observer) => {
        if (!drawn(el)) return;
        observer.disconnect();
        waiting.delete(el);
        if (!waiting.size) requestAnimationFrame(() => setTimeout(() => (window.rendered = performance.now())));
      }).observe(el.shadowRoot, { subtree: true, childList: true, attributes: true, characterData: true });
  });
</script>`;

const card = (url: string) => `<lesson-join link="${url}"><a href="${url}">Join the lesson</a></lesson-join>`;

export async function widgetRender(): Promise<Row[]> {
  const { product, api } = await runningProduct();
  const pages = new Map<string, string>();
  const server = createServer((req, res) => {
    const html = pages.get(req.url ?? '');
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html ?? 'Not found');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // A tutor's dashboard of lessons, as tutors paste it: their own link (this origin allowed), a
  // student's and a parent's, and the three links of each lesson.
  const { tutor, service } = await api.tutorWithService({ allowed_origins: [origin] });
  const family = { student_email: `lucia.${Date.now()}@example.com`, parent_email: `ana.${Date.now()}@example.com` };
  const lessonLinks: string[] = [];
  for (let i = 0; i < 6; i++) {
    const booking = await api.book(tutor.id, service.id, family);
    await api.call('POST', `/api/bookings/${booking.id}/confirm`);
    const links = await api.call('POST', `/api/bookings/${booking.id}/links`);
    lessonLinks.push(links.student.url, links.parent.url, links.tutor.url);
  }
  const person = async (json: unknown) => (await api.call('POST', '/api/links', json)).url as string;
  const people = [
    await person({ role: 'tutor', tutor_id: tutor.id }),
    await person({ role: 'student', email: family.student_email }),
    await person({ role: 'parent', email: family.parent_email }),
  ];
  const page = (urls: string[]) =>
    `<!doctype html><html lang="en"><meta charset="utf-8">${TIMING}` +
    `<script type="module" src="${product.api}/widget/lesson-join.js"></script>` +
    `<body>${urls.map(card).join('')}</body></html>`;
  pages.set('/one', page([lessonLinks[0]!]));
  pages.set('/twenty', page([...people, ...lessonLinks].slice(0, 20)));

  const profile = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const load = async (path: string) => {
      const tab = await browser.newPage();
      try {
        await tab.goto(`${origin}${path}`);
        await tab.waitForFunction('window.rendered', { timeout: 30_000 });
        // In the page: its globals are the browser's.
        const [ms, requests, failed] = (await tab.evaluate(`[
          window.rendered,
          performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname === '/api/lessons').length,
          [...document.querySelectorAll('lesson-join')].filter((el) => el.shadowRoot.querySelector('[part~="message"]')).length,
        ]`)) as number[];
        if (failed) throw new Error(`${failed} card(s) of ${path} showed an error instead of a lesson.`);
        return { ms: ms!, requests: requests! };
      } finally {
        await tab.close();
      }
    };
    // One round first, unmeasured: the script and its chunks come from the browser's cache after it.
    await load('/one');
    await load('/twenty');
    const one: number[] = [];
    const twenty: number[] = [];
    let requests = 0;
    for (let round = 0; round < ROUNDS; round++) {
      one.push((await load('/one')).ms);
      const page20 = await load('/twenty');
      twenty.push(page20.ms);
      requests = Math.max(requests, page20.requests);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(twenty) / median(one);
    return [
      {
        metric: `<lesson-join> time to last render, 1 card (median of ${ROUNDS}, Chromium, npm start)`,
        measured: `${median(one).toFixed(0)} ms`,
        target: 'info',
        ok: true,
      },
      {
        metric: '<lesson-join> time to last render, 20 cards: 3 person links, 17 lesson links (same run)',
        measured: `${median(twenty).toFixed(0)} ms`,
        target: 'info',
        ok: true,
      },
      {
        metric: '<lesson-join> 20 cards against 1, time to last render',
        measured: ratio.toFixed(2),
        target: `<= ${RATIO_TARGET}`,
        ok: ratio <= RATIO_TARGET,
      },
      { metric: 'Lesson requests of the page of 20', measured: String(requests), target: '1', ok: requests === 1 },
    ];
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
    await new Promise<void>((ok) => server.close(() => ok()));
  }
}
