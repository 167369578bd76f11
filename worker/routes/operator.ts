/** The operator API: bearer-authenticated, JSON in and out, every change through the lifecycle. */
import { Hono } from 'hono/tiny';
import { bodyLimit } from 'hono/body-limit';
import { BookingInput, BookingPatch, LinksInput, RescheduleInput, ServiceInput, TutorInput } from '../../shared/api';
import type { AppEnv } from '../app';
import { addService, addTutor, getTutor } from '../catalog';
import { jsonBody, operatorAuth, tooLarge } from '../http';
import { bookingDetail } from '../lesson-record';
import { bookingJson, serviceJson, tutorJson } from '../api-json';
import { requestOrigin } from './lessons';

export const operatorRoutes = new Hono<AppEnv>()
  .use('*', operatorAuth, bodyLimit({ maxSize: 64 * 1024, onError: tooLarge('64 KB') }))
  .post('/tutors', jsonBody(TutorInput), async (c) =>
    c.json(tutorJson(await addTutor(c.var.db, c.req.valid('json'))), 201),
  )
  .get('/tutors/:id', async (c) => c.json(tutorJson(await getTutor(c.var.db, c.req.param('id')))))
  .post('/services', jsonBody(ServiceInput), async (c) =>
    c.json(serviceJson(await addService(c.var.db, c.req.valid('json'))), 201),
  )
  .post('/bookings', jsonBody(BookingInput), async (c) =>
    c.json(bookingJson(await c.var.lifecycle.book(c.req.valid('json'))), 201),
  )
  .get('/bookings/:id', async (c) =>
    c.json(await bookingDetail(c.var.db, await c.var.lifecycle.get(c.req.param('id')), c.var.now())),
  )
  .post('/bookings/:id/confirm', async (c) => c.json(bookingJson(await c.var.lifecycle.confirm(c.req.param('id')))))
  .post('/bookings/:id/reschedule', jsonBody(RescheduleInput), async (c) => {
    const { start_at, duration_minutes } = c.req.valid('json');
    const row = await c.var.lifecycle.reschedule(c.req.param('id'), {
      startAt: new Date(start_at),
      durationMinutes: duration_minutes,
    });
    return c.json(bookingJson(row));
  })
  .post('/bookings/:id/cancel', async (c) => c.json(bookingJson(await c.var.lifecycle.cancel(c.req.param('id')))))
  .patch('/bookings/:id', jsonBody(BookingPatch), async (c) =>
    c.json(bookingJson(await c.var.lifecycle.changeMeeting(c.req.param('id'), c.req.valid('json')))),
  )
  .post('/bookings/:id/links', jsonBody(LinksInput, { optional: true }), async (c) => {
    const { expires_at } = c.req.valid('json');
    const links = await c.var.access.links(
      c.req.param('id'),
      requestOrigin(c.req.url),
      expires_at ? new Date(expires_at) : undefined,
    );
    return c.json(links, 201);
  });
