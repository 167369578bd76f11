/**
 * Random lives of a lesson (book, pay, reschedule, switch provider, cancel) through the API, and
 * every calendar file and email they produce, read by an independent parser (ical.js): the right
 * instants whatever the lesson's zone, one UID for ever, a SEQUENCE that only goes up, the stable
 * link as URL and LOCATION, and nothing a student or parent receives that opens Zoom as host.
 */
import fc from 'fast-check';
import ICAL from 'ical.js';
import { expect, it } from 'vitest';
import { isHostLink } from '../../shared/urls';
import { harness } from './harness';
import { serviceInput, tutorInput } from '../suites/fixtures';

const ZONES = ['Europe/Madrid', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
const PROVIDERS = [
  { provider: 'zoom' },
  { provider: 'manual', meeting_url: 'https://whereby.com/ms-rivera' },
  { provider: 'google_meet', meeting_url: 'https://meet.google.com/abc-defg-hij' },
] as const;
const DAY = 24 * 3600_000;

type Step = { do: 'pay' } | { do: 'reschedule'; inDays: number } | { do: 'switch'; to: number } | { do: 'cancel' };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant({ do: 'pay' as const }),
  fc.record({ do: fc.constant('reschedule' as const), inDays: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ do: fc.constant('switch' as const), to: fc.integer({ min: 0, max: 2 }) }),
  fc.constant({ do: 'cancel' as const }),
);

interface Read {
  uid: string;
  sequence: number;
  method: string | null;
  start: number;
  end: number;
  url: string;
  location: string;
  status: string;
}

/** The one event of a lesson's calendar file, as ical.js reads it. */
function read(ics: string): Read {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const [vevent] = calendar.getAllSubcomponents('vevent');
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    sequence: event.sequence,
    method: (calendar.getFirstPropertyValue('method') as string | null) ?? null,
    start: event.startDate.toJSDate().getTime(),
    end: event.endDate.toJSDate().getTime(),
    url: String(vevent!.getFirstPropertyValue('url')),
    location: event.location,
    status: String(vevent!.getFirstPropertyValue('status')),
  };
}

it('1,000 random lives of a lesson: every calendar file right, one UID, SEQUENCE rising, the stable link, no host link for students and parents', async () => {
  const h = harness();
  const tutor = (await h.send('POST', '/api/tutors', { json: tutorInput({ backup_link: null }) })).body;
  const service = (await h.send('POST', '/api/services', { json: serviceInput(tutor.id) })).body;
  let run = 0;
  const zonesSeen = new Set<string>();

  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...ZONES),
      fc.integer({ min: 2, max: 90 }),
      fc.array(step, { minLength: 1, maxLength: 4 }),
      async (zone, inDays, steps) => {
        const n = run++;
        const student = `student.${n}@example.com`;
        const parent = `parent.${n}@example.com`;
        const startAt = new Date(Math.floor((Date.now() + inDays * DAY) / 60_000) * 60_000);
        const booking = (
          await h.send('POST', '/api/bookings', {
            json: {
              tutor_id: tutor.id,
              service_id: service.id,
              student_name: 'Lucía',
              student_email: student,
              parent_email: parent,
              start_at: startAt.toISOString(),
              timezone: zone,
              duration_minutes: 50,
            },
          })
        ).body;
        zonesSeen.add(zone);
        const links = (await h.send('POST', `/api/bookings/${booking.id}/links`)).body;
        const ids = { student: links.student.url, parent: links.parent.url, tutor: links.tutor.url };
        let lastSequence = -1;
        let expected = { start: startAt.getTime(), end: startAt.getTime() + 50 * 60_000 };
        let provider = 'zoom';
        let wasCancelled = false;
        for (const s of steps) {
          // Whether this step changed what a calendar shows: then SEQUENCE must rise.
          let changed = false;
          if (s.do === 'pay') await h.send('POST', `/api/bookings/${booking.id}/confirm`);
          if (s.do === 'reschedule') {
            const to = new Date(Math.floor((Date.now() + s.inDays * DAY) / 60_000) * 60_000);
            const moved = await h.send('POST', `/api/bookings/${booking.id}/reschedule`, {
              json: { start_at: to.toISOString() },
            });
            if (moved.status === 200) expected = { start: to.getTime(), end: to.getTime() + 50 * 60_000 };
            changed = moved.status === 200;
          }
          if (s.do === 'switch') {
            const to = PROVIDERS[s.to]!;
            const switched = await h.send('PATCH', `/api/bookings/${booking.id}`, { json: to });
            changed = switched.status === 200 && (to.provider !== provider || to.provider !== 'zoom');
            if (switched.status === 200) provider = to.provider;
          }
          if (s.do === 'cancel') {
            const done = await h.send('POST', `/api/bookings/${booking.id}/cancel`);
            changed = done.status === 200 && !wasCancelled;
            wasCancelled ||= done.status === 200;
          }

          const shown = (await h.send('GET', `/api/bookings/${booking.id}`)).body;
          const cancelled = shown.status === 'cancelled';
          // The stable link's calendar file, as each person would download it now.
          for (const role of ['student', 'parent', 'tutor'] as const) {
            const file = await h.send('GET', `${new URL(ids[role]).pathname}.ics`, { operator: false });
            expect(file.status).toBe(200);
            const event = read(file.text);
            expect(event).toMatchObject({
              uid: `${booking.id}@lesson-join`,
              start: expected.start,
              end: expected.end,
              url: ids[role],
              location: ids[role],
              method: cancelled ? 'CANCEL' : 'REQUEST',
              status: cancelled ? 'CANCELLED' : shown.status === 'pending_payment' ? 'TENTATIVE' : 'CONFIRMED',
            });
            if (role === 'student') {
              if (changed) expect(event.sequence).toBeGreaterThan(lastSequence);
              else expect(event.sequence).toBeGreaterThanOrEqual(lastSequence);
              lastSequence = event.sequence;
            }
            if (role !== 'tutor') expect(file.text).not.toMatch(/zak=|\/s\/\d/);
          }
        }
        // Every email each person received: its calendar files in order, each newer than the last.
        const mail = (await h.send('GET', `/api/messages?booking_id=${booking.id}&limit=200`)).body.messages;
        expect(mail.filter((m: { status: string }) => m.status === 'failed')).toEqual([]);
        const { results } = await h.env.DB.prepare(
          'select message from dev_mailbox where json_extract(message, "$.to") in (?, ?) order by seq',
        )
          .bind(student, parent)
          .all<{ message: string }>();
        const sequences: Record<string, number[]> = {};
        for (const { message } of results) {
          const m = JSON.parse(message) as {
            to: string;
            html: string;
            text: string;
            attachments: { content: string }[];
          };
          const everything = [m.html, m.text, ...m.attachments.map((a) => atob(a.content))].join('\n');
          expect(everything).not.toContain('zak=');
          for (const url of everything.match(/https?:\/\/[^\s"<>]+/g) ?? []) expect(isHostLink(url)).toBe(false);
          const own = m.to === student ? ids.student : ids.parent;
          // A cancellation says so and links nowhere; every other message carries the person's own link.
          if (!everything.includes('METHOD:CANCEL')) expect(m.text).toContain(own);
          for (const a of m.attachments) {
            const event = read(new TextDecoder().decode(Uint8Array.from(atob(a.content), (c) => c.charCodeAt(0))));
            expect(event.uid).toBe(`${booking.id}@lesson-join`);
            expect(event.url).toBe(own);
            (sequences[m.to] ??= []).push(event.sequence);
          }
        }
        for (const seq of Object.values(sequences))
          for (let i = 1; i < seq.length; i++) expect(seq[i]).toBeGreaterThan(seq[i - 1]!);
      },
    ),
    { numRuns: 1000 },
  );
  expect(zonesSeen.size).toBeGreaterThanOrEqual(2);
}, 900_000);
