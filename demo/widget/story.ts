/**
 * The demo's booking system: what a tutoring business's own software would do around lesson-join.
 * It books a tutor, her services and a family's lessons through the operator API, makes each
 * lesson's links the moment it is booked (as a booking system stores them for its pages), takes
 * payment as Stripe would (a signed `checkout.session.completed`), and has the Zoom sandbox play
 * the lesson. Nothing is booked until someone first looks at the demo.
 */
import type { Booking, BookingDetail, LessonLinks, Link, Service, Tutor } from '../../shared/api';
import { operatorApi, payBooking } from '../operator-api';

export interface StoryOptions {
  /** The Worker, e.g. http://localhost:8787. */
  api: string;
  operatorKey: string;
  /** The Worker's STRIPE_WEBHOOK_SECRET: the demo pays as Stripe would. */
  stripeSecret?: string;
  /** The Zoom sandbox, when `npm start` runs one: it plays the lesson. */
  zoom?: string;
  /** This demo site's origin: the tutor's own site, where her private links may be read. */
  origin: string;
}

/** Where the story's own lesson stands: not booked, booked and unpaid, paid, live, ended. */
export type Step = 'ready' | 'booked' | 'paid' | 'live' | 'ended';

export interface Lesson {
  booking: Booking;
  links: LessonLinks;
  /** Whose lesson it is. */
  family: 'lucia' | 'max';
}

export interface Cast {
  tutor: Tutor;
  services: Service[];
  /** Each person's own link (all their lessons), for the pages lesson-join serves itself. */
  people: { tutor: Link; student: Link; parent: Link };
  student: { name: string; email: string };
  parent: { email: string };
  /** Every lesson of the story, in start order. */
  lessons: Lesson[];
  /** The lesson the story books, pays and plays. */
  current: Lesson | null;
  step: Step;
  /** What the last action said went wrong, if it did. */
  problem: string | null;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export function createStory(options: StoryOptions) {
  const api = operatorApi(options.api, options.operatorKey);
  const { call } = api;
  let cast: Promise<Cast> | undefined;

  async function lessonFor(
    family: Lesson['family'],
    c: Pick<Cast, 'tutor' | 'services' | 'student' | 'parent'>,
    at: number,
    service = c.services[0]!,
  ) {
    const who =
      family === 'lucia'
        ? { student_name: c.student.name, student_email: c.student.email, parent_email: c.parent.email }
        : {
            student_name: 'Max',
            student_email: `max.${c.tutor.id}@example.com`,
            parent_email: `okafor.${c.tutor.id}@example.com`,
          };
    const booking = await api.book(c.tutor.id, service.id, { ...who, start_at: new Date(at).toISOString() });
    // The booking system makes the lesson's links as it books it, and keeps them for its pages.
    const links = await call<LessonLinks>('POST', `/api/bookings/${booking.id}/links`);
    return { booking, links, family };
  }

  async function setUp(): Promise<Cast> {
    const n = Math.random().toString(36).slice(2, 6);
    const { tutor, service: chemistry } = await api.tutorWithService(
      {
        allowed_origins: [options.origin],
        public_slug: `ms-rivera-${n}`,
        booking_url: `${options.origin}/`,
      },
      { name: 'Chemistry', duration_minutes: 50, waiting_room: true, auto_recording: 'cloud' },
    );
    const physics = await call<Service>('POST', '/api/services', {
      tutor_id: tutor.id,
      name: 'Physics',
      duration_minutes: 50,
      waiting_room: false,
    });
    const family = {
      tutor,
      services: [chemistry, physics],
      student: { name: 'Lucía', email: `lucia.${n}@example.com` },
      parent: { email: `ana.${n}@example.com` },
    };
    const hour = Math.floor(Date.now() / (60 * MINUTE)) * 60 * MINUTE;
    // Two more of Lucía's lessons and one of another family; the story's own lesson comes first and ends first.
    const next = await lessonFor('lucia', family, hour + 3 * DAY, physics);
    const later = await lessonFor('lucia', family, hour + 7 * DAY);
    const other = await lessonFor('max', family, hour + 2 * DAY);
    for (const l of [next, later, other]) await call('POST', `/api/bookings/${l.booking.id}/confirm`);
    const person = (json: object) => call<Link>('POST', '/api/links', json);
    const people = {
      tutor: await person({ role: 'tutor', tutor_id: tutor.id }),
      student: await person({ role: 'student', email: family.student.email }),
      parent: await person({ role: 'parent', email: family.parent.email }),
    };
    return { ...family, people, lessons: byStart([next, other, later]), current: null, step: 'ready', problem: null };
  }

  async function meetingOf(l: Lesson): Promise<string> {
    const detail = await call<BookingDetail>('GET', `/api/bookings/${l.booking.id}`);
    if (!detail.meeting.id || detail.meeting.provider !== 'zoom')
      throw new Error('The lesson has no Zoom meeting yet: pay for it, then wait a moment.');
    return detail.meeting.id;
  }

  async function play(l: Lesson, script: object, path = 'play') {
    if (!options.zoom)
      throw new Error('The Zoom sandbox is off (.dev.vars points at a real Zoom): play the lesson in Zoom.');
    const res = await fetch(`${options.zoom}/__sandbox/meetings/${await meetingOf(l)}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(script),
    });
    if (!res.ok) throw new Error(`The Zoom sandbox said ${res.status}: ${await res.text()}`);
  }

  const byStart = (lessons: Lesson[]) =>
    [...lessons].sort((a, b) => Date.parse(a.booking.start_at) - Date.parse(b.booking.start_at));

  /** Runs one step of the story; what goes wrong is kept for the story page to say. */
  async function act(work: (c: Cast) => Promise<Step>): Promise<void> {
    const c = await get();
    try {
      c.step = await work(c);
      c.problem = null;
    } catch (e) {
      c.problem = (e as Error).message;
    }
  }

  function get(): Promise<Cast> {
    cast ??= setUp().catch((e) => {
      cast = undefined;
      throw e;
    });
    return cast;
  }

  return {
    get,
    /** A Chemistry lesson for Lucía starting this minute, so it can be played at once; unpaid. */
    book: () =>
      act(async (c) => {
        if (c.current) throw new Error('The story has its lesson already: pay for it, or start over.');
        const start = Math.floor(Date.now() / MINUTE) * MINUTE;
        c.current = await lessonFor('lucia', c, start);
        c.lessons = byStart([...c.lessons, c.current]);
        return 'booked';
      }),
    /** Stripe's paid checkout for the lesson, signed by the `stripe` package as Stripe signs it. */
    pay: () =>
      act(async (c) => {
        if (!c.current) throw new Error('Book the lesson first.');
        if (!options.stripeSecret) throw new Error('STRIPE_WEBHOOK_SECRET is not set in .dev.vars.');
        const res = await payBooking(options.api, options.stripeSecret, c.current.booking.id);
        if (!res.ok) throw new Error(`The Worker answered the payment with ${res.status}: ${await res.text()}`);
        return 'paid';
      }),
    /** Zoom's events of a lesson under way: the tutor starts it, Lucía joins two minutes late. */
    start: () =>
      act(async (c) => {
        if (!c.current || c.step !== 'paid') throw new Error('Pay for the lesson first.');
        await play(c.current, {
          student_name: c.student.name,
          late_minutes: 2,
          attend_minutes: 45,
          pause_when_live: true,
        });
        return 'live';
      }),
    /** The rest: Lucía leaves, the tutor ends the meeting, the recording is ready. */
    end: () =>
      act(async (c) => {
        if (!c.current || c.step !== 'live') throw new Error('Start the lesson first.');
        await play(c.current, {}, 'resume');
        return 'ended';
      }),
    /** A new tutor and family, from the beginning. */
    startOver: async () => {
      cast = undefined;
      await get();
    },
  };
}

export type Story = ReturnType<typeof createStory>;
