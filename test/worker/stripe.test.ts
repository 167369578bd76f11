import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../suites/wait-for';
import { harness } from './harness';

const eventsFor = async (bookingId: string) =>
  (
    await env.DB.prepare('select event_id, processed_at from processed_events where booking_id = ?')
      .bind(bookingId)
      .all()
  ).results;

const tableCounts = () =>
  env.DB.prepare(
    'select (select count(*) from bookings) as bookings, (select count(*) from processed_events) as events, (select count(*) from meeting_cleanups) as cleanups',
  ).first();

describe('Stripe webhook', () => {
  it('a paid checkout confirms the booking and it gets one Zoom meeting', async () => {
    const h = harness();
    const { booking } = await h.seed();
    const delivery = await h.stripeDelivery('checkout.session.completed', h.paidCheckout(booking.id));
    const res = await h.postStripe(delivery, false);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: true, handled: true, bookingId: booking.id });

    const value = await waitFor(
      async () => ((b) => b.meeting.state === 'ready' && b)((await h.send('GET', `/api/bookings/${booking.id}`)).body),
      { what: 'the paid booking to have its Zoom meeting' },
    );
    expect(value).toMatchObject({
      status: 'confirmed',
      meeting: { state: 'ready', join_url: expect.stringMatching(/^https:\/\/.+\/j\/\d+/) },
    });
    expect(h.z.creates()).toBe(1);
  });

  it('payment_intent.succeeded and async_payment_succeeded confirm too; an unpaid checkout does not', async () => {
    const h = harness();
    const a = (await h.seed()).booking;
    const b = (await h.seed()).booking;
    const c = (await h.seed()).booking;
    await h.postStripe(
      await h.stripeDelivery('payment_intent.succeeded', {
        id: 'pi_1',
        object: 'payment_intent',
        metadata: { booking_id: a.id },
      }),
    );
    await h.postStripe(
      await h.stripeDelivery('checkout.session.async_payment_succeeded', {
        ...h.paidCheckout(''),
        metadata: {},
        client_reference_id: b.id,
      }),
    );
    const unpaid = await h.postStripe(
      await h.stripeDelivery('checkout.session.completed', { ...h.paidCheckout(c.id), payment_status: 'unpaid' }),
    );
    expect(unpaid.body).toMatchObject({ received: true, handled: false, reason: 'not_a_payment' });

    const status = async (id: string) => (await h.send('GET', `/api/bookings/${id}`)).body.status;
    expect([await status(a.id), await status(b.id), await status(c.id)]).toEqual([
      'confirmed',
      'confirmed',
      'pending_payment',
    ]);
  });

  it('rejects missing, forged, tampered and replayed signatures with 400 and changes nothing', async () => {
    const h = harness();
    const { booking } = await h.seed();
    const good = await h.stripeDelivery('checkout.session.completed', h.paidCheckout(booking.id));
    const forged = await h.stripeDelivery('checkout.session.completed', h.paidCheckout(booking.id), {
      secret: 'whsec_attacker',
    });
    const old = await h.stripeDelivery('checkout.session.completed', h.paidCheckout(booking.id), {
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    const attempts = [
      { payload: good.payload },
      forged,
      { payload: good.payload.replace('"paid"', '"paid" '), signature: good.signature },
      old,
      { payload: good.payload, signature: 't=1,v1=deadbeef' },
    ];
    for (const attempt of attempts) {
      const res = await h.postStripe(attempt);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toMatch(/^signature_(missing|invalid)$/);
    }
    expect((await h.send('GET', `/api/bookings/${booking.id}`)).body.status).toBe('pending_payment');
    expect(await eventsFor(booking.id)).toEqual([]);
    expect(h.z.zoom.calls()).toEqual([]);
  });

  it('a signed body that is not JSON is a 400, not a crash', async () => {
    const h = harness();
    const payload = 'this is not json';
    const Stripe = (await import('stripe')).default;
    const signature = await Stripe.webhooks.generateTestHeaderStringAsync({
      payload,
      secret: 'whsec_test_only',
      cryptoProvider: Stripe.createSubtleCryptoProvider(),
    });
    const res = await h.postStripe({ payload, signature });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_event');
  });

  it('an event for an unknown booking is acknowledged and writes nothing', async () => {
    const h = harness();
    const before = (await env.DB.prepare('select count(*) as n from processed_events').first<{ n: number }>())!.n;
    const res = await h.postStripe(
      await h.stripeDelivery('checkout.session.completed', h.paidCheckout('bk_nobodybookedthis0000')),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: true, handled: false, reason: 'unknown_booking' });
    expect((await env.DB.prepare('select count(*) as n from processed_events').first<{ n: number }>())!.n).toBe(before);
    expect(h.z.zoom.calls()).toEqual([]);
  });

  it('20 concurrent deliveries of one event make one meeting and handle the event once', async () => {
    const h = harness();
    const { booking } = await h.seed();
    const delivery = await h.stripeDelivery('checkout.session.completed', h.paidCheckout(booking.id));
    const results = await Promise.all(Array.from({ length: 20 }, () => h.postStripe(delivery)));
    expect(results.filter((r) => r.body.handled)).toHaveLength(1);
    // The others were either told it is done, or (while it was being handled) to send it again.
    const others = results
      .filter((r) => !r.body.handled)
      .map((r) => (r.status === 200 ? r.body.reason : r.body.error.code));
    expect(others).toHaveLength(19);
    for (const o of others) expect(o).toBe('duplicate');
    expect(h.z.creates()).toBe(1);
    expect(await eventsFor(booking.id)).toHaveLength(1);
  });

  it('a delivery whose writes fail leaves no trace: the record of the event and the confirmation land together', async () => {
    const h = harness();
    const { booking } = await h.seed();
    const delivery = await h.stripeDelivery('checkout.session.completed', h.paidCheckout(booking.id), {
      id: `evt_torn_${Date.now()}`,
    });
    // The database refuses the confirmation (a disk gone, a constraint), after the event's record was written.
    await env.DB.prepare(
      "create trigger refuse_confirm before update of status on bookings begin select raise(abort, 'refused'); end",
    ).run();
    try {
      const failed = await h.postStripe(delivery);
      expect(failed.status).toBe(500);
    } finally {
      await env.DB.prepare('drop trigger refuse_confirm').run();
    }
    expect(await eventsFor(booking.id)).toHaveLength(0);
    expect((await h.send('GET', `/api/bookings/${booking.id}`)).body.status).toBe('pending_payment');

    // Stripe's retry does the whole work, and the one after it is a duplicate.
    expect((await h.postStripe(delivery)).body).toMatchObject({ handled: true });
    expect((await h.send('GET', `/api/bookings/${booking.id}`)).body).toMatchObject({
      status: 'confirmed',
      meeting: { state: 'ready' },
    });
    expect((await h.postStripe(delivery)).body).toMatchObject({ handled: false, reason: 'duplicate' });
    expect(h.z.creates()).toBe(1);
  });

  it('20 different paid events for one booking still make one meeting', async () => {
    const h = harness();
    const { booking } = await h.seed();
    const deliveries = await Promise.all(
      Array.from({ length: 20 }, () => h.stripeDelivery('checkout.session.completed', h.paidCheckout(booking.id))),
    );
    const results = await Promise.all(deliveries.map((d) => h.postStripe(d)));
    expect(results.every((r) => r.status === 200 && r.body.handled)).toBe(true);
    expect(h.z.creates()).toBe(1);
    expect((await h.send('GET', `/api/bookings/${booking.id}`)).body.meeting.state).toBe('ready');
    expect(await eventsFor(booking.id)).toHaveLength(20);
  });

  it('money for a cancelled lesson is acknowledged without reviving it', async () => {
    const h = harness();
    const { booking } = await h.seed();
    await h.send('POST', `/api/bookings/${booking.id}/cancel`);
    const res = await h.postStripe(await h.stripeDelivery('checkout.session.completed', h.paidCheckout(booking.id)));
    expect(res.body).toMatchObject({ received: true, handled: false, reason: 'booking_cancelled' });
    expect((await h.send('GET', `/api/bookings/${booking.id}`)).body.status).toBe('cancelled');
    expect(h.z.zoom.calls()).toEqual([]);
  });

  it('a Zoom outage during payment keeps the booking confirmed and its error visible', async () => {
    const h = harness();
    h.z.zoom.addFault({ method: 'POST', path: '/meetings', status: 502, times: 3 });
    const { booking } = await h.seed();
    const res = await h.postStripe(await h.stripeDelivery('checkout.session.completed', h.paidCheckout(booking.id)));
    expect(res.status).toBe(200);
    const shown = (await h.send('GET', `/api/bookings/${booking.id}`)).body;
    expect(shown).toMatchObject({ status: 'confirmed', meeting: { state: 'failed', attempts: 1, join_url: null } });
    expect(shown.meeting.last_error).toMatch(/502/);
    expect(Date.parse(shown.meeting.next_attempt_at)).toBeGreaterThan(Date.now());
  });

  it('signed bodies that are not paid events we can read are a 400 and write nothing', async () => {
    const h = harness();
    const { booking } = await h.seed();
    const Stripe = (await import('stripe')).default;
    const cryptoProvider = Stripe.createSubtleCryptoProvider();
    const signed = async (payload: string) => ({
      payload,
      signature: await Stripe.webhooks.generateTestHeaderStringAsync({
        payload,
        secret: 'whsec_test_only',
        cryptoProvider,
      }),
    });
    const event = (extra: Record<string, unknown>) =>
      JSON.stringify({
        id: `evt_${crypto.randomUUID().slice(0, 8)}`,
        object: 'event',
        type: 'checkout.session.completed',
        ...extra,
      });
    const bodies = [
      'null',
      '[]',
      '"evt"',
      event({}),
      event({ data: null }),
      event({ data: { object: null } }),
      event({ data: { object: { payment_status: 'paid', metadata: { booking_id: { $ne: '' } } } } }),
      event({ data: { object: { payment_status: 'paid', metadata: { booking_id: [booking.id] } } } }),
      JSON.stringify({ object: 'event', type: 'checkout.session.completed', data: { object: {} } }),
    ];
    const before = await tableCounts();
    for (const body of bodies) {
      const res = await h.postStripe(await signed(body));
      expect({ body, status: res.status, code: res.body?.error?.code }).toEqual({
        body,
        status: 400,
        code: 'invalid_event',
      });
    }
    expect(await tableCounts()).toEqual(before);
    expect((await h.send('GET', `/api/bookings/${booking.id}`)).body.status).toBe('pending_payment');
  });

  it('a signature dated more than five minutes ahead is refused like a stale one', async () => {
    const h = harness();
    const { booking } = await h.seed();
    const ahead = Math.floor(Date.now() / 1000) + 6 * 60;
    const early = await h.stripeDelivery('checkout.session.completed', h.paidCheckout(booking.id), {
      timestamp: ahead,
    });
    const res = await h.postStripe(early);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('signature_invalid');
    expect((await h.send('GET', `/api/bookings/${booking.id}`)).body.status).toBe('pending_payment');
    // Four minutes ahead (a clock slightly off) is still Stripe.
    const close = await h.stripeDelivery('checkout.session.completed', h.paidCheckout(booking.id), {
      timestamp: ahead - 2 * 60,
    });
    expect((await h.postStripe(close)).body).toMatchObject({ handled: true });
  });
});
