/**
 * Calendar files read by pages (`<lesson-join>` makes its Google Calendar link from them): any site
 * may read a student's or parent's, in the card's language; a tutor's only where the tutor allowed,
 * while calendars and downloads (no Origin) keep getting it.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { harness } from './harness';

const pathOf = (url: string) => new URL(url).pathname;

async function lessonWithLinks() {
  const h = harness();
  const { tutor, booking } = await h.confirmedLesson({ start_at: '2030-05-01T16:00:00Z', parent_email: 'p@f.example' });
  const links = (await h.send('POST', `/api/bookings/${booking.id}/links`)).body as Record<
    'tutor' | 'student' | 'parent',
    { url: string }
  >;
  const read = (path: string, headers: Record<string, string> = {}) =>
    h.send('GET', path, { operator: false, headers });
  return { h, tutor, booking, links, read };
}

const summaryOf = (ics: string) => {
  const [event] = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
  return String(event!.getFirstPropertyValue('summary'));
};

describe('calendar files read from another site', () => {
  it("a student's and a parent's: any site, CORS open, in the language asked for, no host link", async () => {
    const { links, read } = await lessonWithLinks();
    for (const role of ['student', 'parent'] as const) {
      const res = await read(`${pathOf(links[role].url)}.ics`, {
        origin: 'https://public-page.example',
        'accept-language': 'es',
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
      expect(summaryOf(res.text)).toMatch(/ con /);
      expect(res.text).toContain(links[role].url);
      expect(res.text).not.toMatch(/zak=|\/s\/\d/);
    }
  });

  it("one lesson of a person's link, as the person's card links it", async () => {
    const { h, booking, read } = await lessonWithLinks();
    const person = (await h.send('POST', '/api/links', { json: { role: 'parent', email: 'p@f.example' } })).body;
    const res = await read(`${pathOf(person.url)}/${booking.id}.ics`, { origin: 'https://public-page.example' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.text).toContain(`${person.url}/${booking.id}`);
  });

  it("a tutor's: refused on a site the tutor did not allow, read on one they did and by calendars", async () => {
    const { h, tutor, links, read } = await lessonWithLinks();
    const file = `${pathOf(links.tutor.url)}.ics`;
    const elsewhere = await read(file, { origin: 'https://public-page.example' });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.code).toBe('link_private');
    expect(elsewhere.text).not.toContain('BEGIN:VCALENDAR');
    const dashboard = (await h.send('POST', '/api/links', { json: { role: 'tutor', tutor_id: tutor.id } })).body;
    const feed = await read(`${pathOf(dashboard.url)}/calendar.ics`, { origin: 'https://public-page.example' });
    expect(feed.status).toBe(403);

    await h.send('PATCH', `/api/tutors/${tutor.id}`, {
      json: { allowed_origins: ['https://rivera-tutoring.example'] },
    });
    const allowed = await read(file, { origin: 'https://rivera-tutoring.example' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('*');
    // A calendar app or a download sends no Origin.
    expect((await read(file)).status).toBe(200);
    expect((await read(`${pathOf(dashboard.url)}/calendar.ics`)).status).toBe(200);
  });
});
