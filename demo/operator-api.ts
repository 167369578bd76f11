/**
 * The operator API from Node, and Stripe's paid webhook signed as Stripe signs it: one client for
 * the demo, `npm run pay`, the bench and the tests that drive a running product over HTTP.
 * @example
 * const api = operatorApi('http://localhost:8787', 'dev-operator-key')
 * const { tutor, service } = await api.tutorWithService()
 * const booking = await api.book(tutor.id, service.id)
 * await payBooking('http://localhost:8787', 'whsec_dev_only', booking.id)
 */
import Stripe from 'stripe';
import type { Booking, BookingRequest, Service, Tutor, TutorRequest } from '../shared/api';

export interface Answer<T = any> {
  status: number;
  body: T;
}

export type OperatorApi = ReturnType<typeof operatorApi>;

/**
 * Each call has a connection of its own. workerd closes a connection that has been idle for five
 * seconds, and Node keeps one for reuse for four: on a busy machine a call sent on a connection at
 * the moment workerd closes it fails, although the Worker never saw it.
 */
const OWN_CONNECTION = { connection: 'close' };

export function operatorApi(base: string, key: string) {
  /** Any call; the answer as it came, for callers that check refusals. */
  async function send<T = any>(method: string, path: string, json?: unknown): Promise<Answer<T>> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...OWN_CONNECTION,
        authorization: `Bearer ${key}`,
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
    };
  }

  /** A call that must succeed; anything else throws with what the API said. */
  async function call<T = any>(method: string, path: string, json?: unknown): Promise<T> {
    const answer = await send<T>(method, path, json);
    if (answer.status >= 300)
      throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  let seq = 0;
  let slot = 0;
  return {
    base,
    send,
    call,
    /** A tutor with a unique email and one service. */
    async tutorWithService(tutor: Partial<TutorRequest> = {}, service: Record<string, unknown> = {}) {
      const n = `${Date.now().toString(36)}${(seq++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
      const email = `rivera.${n}@example.com`;
      const created = await call<Tutor>('POST', '/api/tutors', {
        name: 'Ms Rivera',
        email,
        timezone: 'Europe/Madrid',
        zoom_user_id: email,
        ...tutor,
      });
      const svc = await call<Service>('POST', '/api/services', {
        tutor_id: created.id,
        name: 'Chemistry',
        duration_minutes: 50,
        auto_recording: true,
        ...service,
      });
      return { tutor: created, service: svc };
    },
    /**
     * An unpaid lesson for Lucía; unless `start_at` says otherwise, in the next free slot from two
     * days ahead, two hours apart (a tutor's host runs one meeting at a time).
     */
    book(tutorId: string, serviceId: string, extra: Partial<BookingRequest> = {}) {
      const hour = Math.floor(Date.now() / 3600_000) * 3600_000;
      return call<Booking>('POST', '/api/bookings', {
        tutor_id: tutorId,
        service_id: serviceId,
        student_name: 'Lucía',
        student_email: 'lucia@example.com',
        start_at: new Date(hour + 2 * 86400_000 + slot++ * 2 * 3600_000).toISOString(),
        ...extra,
      });
    },
  };
}

/**
 * Delivers a paid `checkout.session.completed` for the booking, signed with the official `stripe`
 * package's test-header helper, as Stripe would deliver it. Pass `eventId` to deliver the same event again.
 */
export async function payBooking(base: string, secret: string, bookingId: string, eventId = newEventId()) {
  const payload = JSON.stringify({
    id: eventId,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: {
      object: {
        id: `cs_test_${eventId.slice(4, 16)}`,
        object: 'checkout.session',
        payment_status: 'paid',
        metadata: { booking_id: bookingId },
      },
    },
  });
  const signature = await Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret });
  return fetch(`${base}/api/stripe/webhook`, {
    method: 'POST',
    headers: { ...OWN_CONNECTION, 'content-type': 'application/json', 'stripe-signature': signature },
    body: payload,
  });
}

export const newEventId = () => `evt_${crypto.randomUUID().replaceAll('-', '')}`;

/** The id in a link's URL (`https://…/l/{id}`): what `<lesson-join>` takes. */
export const linkId = (link: { url: string | null }) => link.url?.split('/l/')[1] ?? '';
