/**
 * The demo and the Worker's pages in real Chromium (playwright-core driving Debian's chromium)
 * against `npm start`, started here on free ports: the demo's story from booking to recording with
 * every page following it without a reload; screenshots of every page (phone and desktop, light and
 * dark) and axe on each; a student's Join link with JavaScript off; a student link's QR code read
 * back at 100 to 180 px on a 1× screen; a parent's three lessons, and a leak scan over everything
 * the browser received for students, parents and the public.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OperatorApi, operatorApi } from '../../demo/operator-api';
import type { Booking, BookingDetail, LessonLinks, Link } from '../../shared/api';
import { axeViolations, bothSchemes, everyLook, follow, launchChromium, readQrPng } from './chromium';
import { waitFor } from '../suites/wait-for';
import { type Running, startProduct } from './start';

// The functions given to page.evaluate run in the browser, with its globals (this project has no DOM types).
declare const document: any;

let product: Running;
let api: OperatorApi;
let browser: Browser;

beforeAll(async () => {
  [product, browser] = await Promise.all([startProduct(), launchChromium()]);
  api = operatorApi(product.api, product.operatorKey);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

/** What a page received: its HTML and JSON answers (scripts and styles are the same for everyone). */
type Received = { url: string; text: string };

/** A page that keeps what it received, for the leak scans. */
async function open(ctx: BrowserContext, url: string): Promise<{ page: Page; received: () => Promise<Received[]> }> {
  const page = await ctx.newPage();
  const answers: Promise<Received | null>[] = [];
  page.on('response', (r) => {
    if (/html|json/.test(r.headers()['content-type'] ?? ''))
      answers.push(
        r.text().then(
          (text) => ({ url: r.url(), text }),
          () => null,
        ),
      );
  });
  await page.goto(url);
  return { page, received: async () => (await Promise.all(answers)).filter((a) => a !== null) };
}

const textOf = (l: Locator) => l.textContent({ timeout: 500 }).catch(() => '');
const hrefOf = (l: Locator) => l.getAttribute('href', { timeout: 500 }).catch(() => null);

/** Every `<lesson-join>` on the page has said where its lesson stands (or why it cannot). */
const rendered = (page: Page) =>
  page.waitForFunction(() =>
    [...document.querySelectorAll('lesson-join')].every(
      (el) => el.shadowRoot?.querySelector('[part~="base"]')?.getAttribute('aria-busy') === 'false',
    ),
  );

/** The story's next step, from its page; done once the button says so. */
async function takeStep(story: Page, name: string) {
  await story.getByRole('button', { name, exact: true }).click();
  await story.getByRole('button', { name: `${name} ✓` }).waitFor({ timeout: 60_000 });
  expect(await story.getByRole('alert').count()).toBe(0);
}

describe('the demo, in Chromium', () => {
  it('tells one lesson’s story: booked, paid, live, ended, each page following without a reload', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const story = await open(ctx, product.demo);
    await takeStep(story.page, 'Book a lesson');
    const own = async (label: string) =>
      (await story.page.locator(`li:has-text("${label}") > a`).getAttribute('href'))!;
    const lesson = { tutor: await own('Tutor ('), student: await own('Student:'), parent: await own('Parent:') };
    const person = async (name: string) =>
      (await story.page.getByRole('link', { name, exact: true }).getAttribute('href'))!;
    const people = {
      tutor: await person("The tutor's dashboard"),
      student: await person("Lucía's lessons"),
      parent: await person("The family's lessons"),
    };

    // The tutor's site embeds each lesson's own link; lesson-join's pages the person's link and the lesson.
    const onSite = (role: keyof typeof lesson) => (page: Page) => page.locator(`lesson-join[link="${lesson[role]}"]`);
    const first = (page: Page) => page.locator('lesson-join').first();
    const watched = [
      { name: 'dashboard', url: `${product.demo}dashboard`, card: onSite('tutor'), tutor: true },
      { name: 'portal', url: `${product.demo}portal`, card: onSite('student') },
      { name: 'family', url: `${product.demo}family`, card: onSite('parent') },
      { name: 'lesson-join tutor dashboard', url: people.tutor, card: first, tutor: true },
      { name: 'lesson-join student portal', url: people.student, card: first },
      { name: 'lesson-join parent page', url: people.parent, card: first },
    ];
    const pages = await Promise.all(watched.map(async (w) => ({ ...w, ...(await open(ctx, w.url)) })));
    const bio = await open(ctx, `${product.demo}bio`);
    const bookingId = (await first(pages[4]!.page).getAttribute('link'))!.split('/')[1]!;
    const booked = await api.call<BookingDetail>('GET', `/api/bookings/${bookingId}`);
    expect(booked).toMatchObject({ status: 'pending_payment', student_name: 'Lucía' });

    const everyPage = (what: string, check: (p: (typeof pages)[number]) => Promise<boolean>) =>
      Promise.all(pages.map((p) => follow(p.page, `${p.name}: ${what}`, () => check(p))));
    const state = (p: (typeof pages)[number]) => textOf(p.card(p.page).locator('[part~="state"]'));
    await everyPage('the lesson awaiting payment', async (p) => (await state(p))!.includes('Awaiting payment'));
    for (const p of pages) expect(await p.card(p.page).locator('a[part~="join"]').count()).toBe(0);

    await takeStep(story.page, 'Pay for it');
    // Each card gets its own link to the lesson: students and parents Join, the tutor Start.
    const expectedHref = async (p: (typeof pages)[number]) => {
      const link = (await p.card(p.page).getAttribute('link'))!;
      return link.startsWith('http') ? link : `${product.api}/l/${link}`;
    };
    await everyPage('the Join or Start link', async (p) => {
      const join = p.card(p.page).locator('a[part~="join"]');
      return (await hrefOf(join)) === (await expectedHref(p)) && (await join.isVisible());
    });
    for (const p of pages)
      expect(await textOf(p.card(p.page).locator('a[part~="join"]'))).toBe(p.tutor ? 'Start lesson' : 'Join lesson');
    const paid = await api.call<BookingDetail>('GET', `/api/bookings/${bookingId}`);
    expect(paid).toMatchObject({ status: 'confirmed', meeting: { state: 'ready', provider: 'zoom' } });

    // Without JavaScript the same pages still have a working Join: the link pasted inside the card,
    // and lesson-join's own page in plain HTML. Each leads into the meeting.
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    await noScript.route(/^https:\/\/[\w.]*zoom\.us\//, (r) =>
      r.fulfill({ status: 200, contentType: 'text/html', body: '<title>Zoom</title>' }),
    );
    for (const [url, join] of [
      [`${product.demo}portal`, (p: Page) => p.locator(`lesson-join[link="${lesson.student}"] > a`)],
      [people.student, (p: Page) => p.locator('lesson-join').first().getByRole('link', { name: 'Join the lesson' })],
    ] as const) {
      const page = await noScript.newPage();
      await page.goto(url);
      await expect.poll(() => join(page).isVisible(), { timeout: 10_000 }).toBe(true);
      await join(page).click();
      await page.waitForURL(paid.meeting.join_url!);
    }
    await noScript.close();

    // Every page of the demo, as people see it once the link is there.
    const cards = await open(ctx, `${product.demo}cards`);
    await rendered(cards.page);
    const problems: string[] = [];
    for (const [name, page] of [
      ['demo-story', story.page],
      ['demo-dashboard', pages[0]!.page],
      ['demo-portal', pages[1]!.page],
      ['demo-family', pages[2]!.page],
      ['demo-bio', bio.page],
      ['demo-cards', cards.page],
    ] as const) {
      await rendered(page);
      problems.push(...(await everyLook(page, name)));
    }
    expect(problems).toEqual([]);

    await takeStep(story.page, 'Start the lesson in Zoom');
    await everyPage('"Live now"', async (p) => p.card(p.page).locator('[part~="live"]').isVisible());
    expect((await api.call<BookingDetail>('GET', `/api/bookings/${bookingId}`)).status).toBe('in_progress');

    await takeStep(story.page, 'End the lesson');
    await everyPage('the lesson ended (the recording ready, for the tutor)', async (p) => {
      const words = (await state(p))!;
      return words.includes('This lesson has ended.') && (!p.tutor || words.includes('recording is ready'));
    });
    const ended = await api.call<BookingDetail>('GET', `/api/bookings/${bookingId}`);
    expect(ended.status).toBe('completed');
    expect(ended.recordings.length).toBeGreaterThan(0);

    // The parent's page, opened again: the next lesson first, then the later one, then the one just played.
    const family = (
      await api.call<{ bookings: Booking[] }>(
        'GET',
        `/api/bookings?parent_email=${encodeURIComponent(ended.parent_email!)}`,
      )
    ).bookings;
    expect(family.map((b) => b.id)[0]).toBe(bookingId);
    const [, next, later] = family;
    const parentPage = await open(ctx, people.parent);
    const order = await parentPage.page
      .locator('article time')
      .evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
    expect(order).toEqual([next!.start_at, later!.start_at, ended.start_at]);
    expect(await parentPage.page.locator('lesson-join').first().getAttribute('link')).toBe(
      `${people.parent.split('/l/')[1]}/${next!.id}`,
    );
    // The lesson just played, as a past lesson: its attendance on the parent's page; on the tutor's
    // dashboard the attendance and, once the every-minute sweep has copied it, the recording.
    const played = (page: Page) => page.locator('li', { has: page.locator(`time[datetime="${ended.start_at}"]`) });
    expect(await textOf(played(parentPage.page))).toMatch(/Attendance: [^·]+: [^·]+ · Lucía: /);
    expect(await played(parentPage.page).locator('a[href*="/recordings/"]').count()).toBe(0);
    const dashboard = await open(ctx, people.tutor);
    await waitFor(
      async () => {
        if ((await played(dashboard.page).locator('a[href*="/recordings/"]').count()) > 0) return true;
        await dashboard.page.reload();
        return false;
      },
      { what: "the recording's links on the tutor's dashboard", timeout: 150_000, every: 5_000 },
    );
    expect(await textOf(played(dashboard.page))).toMatch(/Attendance: [^·]+: [^·]+ · Lucía: /);

    // Nothing a student, a parent or the public received holds a host link or another family's lesson.
    const max = (
      await api.call<{ bookings: Booking[] }>('GET', `/api/bookings?tutor_id=${ended.tutor_id}`)
    ).bookings.filter((b) => b.student_name === 'Max');
    expect(max).toHaveLength(1);
    const theirLinks = (await api.call<{ links: Link[] }>('GET', `/api/links?booking_id=${max[0]!.id}`)).links;
    const secrets = [max[0]!.id, ...theirLinks.map((l) => l.url!.split('/l/')[1]!), lesson.tutor.split('/l/')[1]!];
    const received = [
      ...(await pages[1]!.received()),
      ...(await pages[2]!.received()),
      ...(await pages[4]!.received()),
      ...(await pages[5]!.received()),
      ...(await parentPage.received()),
      ...(await bio.received()),
    ];
    expect(received.length).toBeGreaterThan(20);
    for (const { url, text } of received) {
      expect(text, url).not.toMatch(/zak=|start_url|\/s\/\d{9}|\/l\/[\w-]+(\/\w+)?\/start|\bMax\b/);
      for (const secret of secrets) expect(text, url).not.toContain(secret);
    }
    for (const { url, text } of await bio.received()) expect(text, url).not.toContain('/l/');
    await ctx.close();
  }, 450_000);
});

describe("lesson-join's own pages, in Chromium", () => {
  it('pass axe in every state, light and dark', async () => {
    const { tutor, service } = await api.tutorWithService({
      public_slug: 'ms-rivera',
      booking_url: 'https://rivera.example/book',
    });
    // A second tutor (another Zoom host) for the lesson played now, which overlaps the open one.
    const other = await api.tutorWithService();
    const lesson = async (minutes: number, then: 'confirm' | 'cancel' | 'play' | null, who = { tutor, service }) => {
      const booking = await api.book(who.tutor.id, who.service.id, {
        start_at: new Date(Date.now() + minutes * 60_000).toISOString(),
        parent_email: 'ana@family.example',
      });
      if (then) await api.call('POST', `/api/bookings/${booking.id}/confirm`);
      const links = await api.call<LessonLinks>('POST', `/api/bookings/${booking.id}/links`);
      if (then === 'cancel') await api.call('POST', `/api/bookings/${booking.id}/cancel`);
      if (then === 'play') {
        const { meeting } = await api.call<BookingDetail>('GET', `/api/bookings/${booking.id}`);
        const played = await fetch(`${product.zoom}/__sandbox/meetings/${meeting.id}/play`, {
          method: 'POST',
          body: JSON.stringify({ student_name: 'Lucía', late_minutes: 3 }),
        });
        expect(played.status).toBe(200);
      }
      return links;
    };
    const upcoming = await lesson(3 * 24 * 60, 'confirm');
    const open = await lesson(5, 'confirm');
    const ended = await lesson(2, 'play', other);
    const unpaid = await lesson(4 * 24 * 60, null);
    const cancelled = await lesson(5 * 24 * 60, 'cancel');
    const person = async (json: object) => (await api.call<Link>('POST', '/api/links', json)).url!;
    const paths = {
      root: `${product.api}/`,
      'tutor-page': `${product.api}/t/ms-rivera`,
      'tutor-page-missing': `${product.api}/t/nobody-here`,
      'link-invalid': `${product.api}/l/AAAAAAAAAAAAAAAAAAAAAA`,
      'lesson-upcoming': upcoming.student.url!,
      'lesson-upcoming-parent': upcoming.parent.url!,
      'lesson-tutor-open': open.tutor.url!,
      'lesson-ended': ended.student.url!,
      'lesson-ended-tutor': ended.tutor.url!,
      'lesson-unpaid': unpaid.student.url!,
      'lesson-cancelled': cancelled.student.url!,
      'person-tutor': await person({ role: 'tutor', tutor_id: tutor.id }),
      'person-tutor-past': await person({ role: 'tutor', tutor_id: other.tutor.id }),
      'person-student': await person({ role: 'student', email: 'lucia@example.com' }),
      'person-parent': await person({ role: 'parent', email: 'ana@family.example' }),
    };
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const problems: string[] = [];
    for (const [name, url] of Object.entries(paths)) {
      await page.goto(url);
      await rendered(page);
      problems.push(...(await bothSchemes(page, name)));
    }
    expect(problems).toEqual([]);
    // The Spanish pages too (their words are longer).
    for (const url of [paths['person-parent'], paths['tutor-page'], paths.root]) {
      const es = await browser.newContext({ locale: 'es-ES', extraHTTPHeaders: { 'accept-language': 'es' } });
      const p = await es.newPage();
      await p.goto(url);
      await rendered(p);
      expect(await p.locator('html').getAttribute('lang')).toBe('es');
      expect(await axeViolations(p)).toEqual([]);
      await es.close();
    }
    await ctx.close();
  }, 240_000);

  it("a student link's QR code reads back at 100, 110, 160 and 180 px on a 1× screen", async () => {
    const { tutor, service } = await api.tutorWithService();
    const booking = await api.book(tutor.id, service.id);
    await api.call('POST', `/api/bookings/${booking.id}/confirm`);
    const { student } = await api.call<LessonLinks>('POST', `/api/bookings/${booking.id}/links`);
    const ctx = await browser.newContext({ deviceScaleFactor: 1, viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    const reader = await ctx.newPage();
    await page.goto(student.url!);
    await rendered(page);
    const card = page.locator('lesson-join');
    await card.locator('button[part~="qr-toggle"]').click();
    const svg = card.locator('[part~="qr"] svg');
    await svg.waitFor();
    const read: Record<number, string | null> = {};
    for (const size of [100, 110, 160, 180]) {
      await card.evaluate((el, px) => (el as any).style.setProperty('--lesson-join-qr-size', `${px}px`), size);
      await expect.poll(async () => Math.round((await svg.boundingBox())!.width), { timeout: 5_000 }).toBe(size);
      read[size] = await readQrPng(reader, await svg.screenshot());
    }
    expect(read).toEqual({ 100: student.url, 110: student.url, 160: student.url, 180: student.url });
    await ctx.close();
  }, 120_000);
});
