/** The operator API: bearer-authenticated, JSON in and out, every change through the lifecycle. */
import { Hono } from 'hono/tiny';
import { bodyLimit } from 'hono/body-limit';
import type { Context } from 'hono';
import {
  AttendanceExportQuery,
  BookingInput,
  BookingPatch,
  BookingQuery,
  LinkInput,
  LinkQuery,
  LinksInput,
  MessageQuery,
  NoteInput,
  RescheduleInput,
  ServiceInput,
  SharingInput,
  TutorInput,
  TutorPatch,
} from '../../shared/api';
import { recordingLinks } from '../access/recording-links';
import type { AppEnv } from '../app';
import { addService, addTutor, getTutor, updateTutor } from '../catalog';
import { listBookings } from '../booking-list';
import { capacityReport } from '../lifecycle/capacity';
import type { LinkRow } from '../db/schema';
import { jsonBody, operatorAuth, queryOf, tooLarge } from '../http';
import { bookingDetail } from '../lesson-record';
import { bookingJson, linkJson, messageJson, serviceJson, tutorJson } from '../api-json';
import { getMessage, listMessages, retryMessage } from '../outbox/list';
import { attendanceCsv, attendanceExport } from '../lesson-record/export';
import { shareRecording } from '../lesson-record/recordings';
import { requestOrigin } from './lessons';

const booking = (c: Context<AppEnv>) => c.var.lifecycle.get(c.req.param('id')!);

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
  .get('/bookings/:id', async (c) => {
    const now = c.var.now();
    const sign = (files: Parameters<typeof recordingLinks>[3]) =>
      recordingLinks(c.env.RECORDING_URL_SECRET, requestOrigin(c.req.url), 'tutor', files, now);
    return c.json(await bookingDetail(c.var.db, await booking(c), now, sign));
  })
  /** The tutor's note: a new body, or made final (a final note cannot change). */
  .put('/bookings/:id/note', jsonBody(NoteInput), async (c) =>
    c.json(await c.var.lifecycle.saveNote(await booking(c), c.req.valid('json'))),
  )
  /** Whether the student and the parent may open the lesson's recording. */
  .put('/bookings/:id/recording-sharing', jsonBody(SharingInput), async (c) =>
    c.json(await shareRecording(c.var.db, await booking(c), c.req.valid('json').shared, 'operator', c.var.now())),
  )
  .get('/tutors/:id/attendance', queryOf(AttendanceExportQuery), async (c) => {
    const q = c.req.valid('query');
    const tutor = await getTutor(c.var.db, c.req.param('id'));
    const lessons = await attendanceExport(c.var.db, tutor, new Date(q.from), new Date(q.to), c.var.now());
    if (q.format === 'json') return c.json({ tutor_id: tutor.id, from: q.from, to: q.to, lessons });
    c.header('content-disposition', `attachment; filename="attendance-${tutor.id}-${q.from.slice(0, 10)}.csv"`);
    return c.body(attendanceCsv(lessons), 200, { 'content-type': 'text/csv; charset=utf-8' });
  })
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
  .get('/bookings', queryOf(BookingQuery), async (c) => {
    const { rows, next } = await listBookings(c.var.db, c.req.valid('query'));
    return c.json({ bookings: rows.map(bookingJson), next_cursor: next });
  })
  .post('/bookings/:id/links', jsonBody(LinksInput, { optional: true }), async (c) => {
    const { expires_at } = c.req.valid('json');
    const made = await c.var.access.lessonLinks(c.req.param('id'), expires_at ? new Date(expires_at) : undefined);
    const shown = async (row: LinkRow) => linkJson(row, await c.var.links.url(requestOrigin(c.req.url), row));
    return c.json({
      tutor: await shown(made.tutor),
      student: await shown(made.student),
      parent: await shown(made.parent),
    });
  })
  /** A lesson's or a person's current link in one role; made if there is none (201), else the same one (200). */
  .post('/links', jsonBody(LinkInput), async (c) => {
    const { row, created } = await c.var.access.link(c.req.valid('json'));
    return c.json(linkJson(row, await c.var.links.url(requestOrigin(c.req.url), row)), created ? 201 : 200);
  })
  .get('/links', queryOf(LinkQuery), async (c) => {
    const q = c.req.valid('query');
    const rows = await c.var.links.list(q.booking_id ?? q.tutor_id ?? q.email!.toLowerCase());
    const origin = requestOrigin(c.req.url);
    const usable = (l: LinkRow) => !l.revokedAt && (!l.expiresAt || l.expiresAt.getTime() > c.var.now());
    return c.json({
      links: await Promise.all(rows.map(async (l) => linkJson(l, usable(l) ? await c.var.links.url(origin, l) : null))),
    });
  })
  .post('/links/:id/revoke', async (c) => c.json(linkJson(await c.var.links.revoke(c.req.param('id')), null)))
  .post('/links/:id/rotate', async (c) => {
    const row = await c.var.links.rotate(c.req.param('id'));
    return c.json(linkJson(row, await c.var.links.url(requestOrigin(c.req.url), row)), 201);
  })
  /** Each host's calls today and the lessons still waiting for a meeting, soonest first. */
  .get('/capacity', async (c) => c.json(await capacityReport(c.var.db, c.var.providers, c.var.now())))
  /** Every lesson waiting for its next attempt at a meeting is tried again by the next sweep (in a minute). */
  .post('/capacity/retry', async (c) => c.json(await c.var.lifecycle.retryNow()))
  /** The outbox: what was sent, skipped or failed (`?status=failed`: what needs the operator). */
  .get('/messages', queryOf(MessageQuery), async (c) =>
    c.json({ messages: (await listMessages(c.var.db, c.req.valid('query'))).map(messageJson) }),
  )
  .post('/messages/:id/retry', async (c) => {
    const row = await retryMessage(c.var.db, c.req.param('id'), c.var.now());
    await c.var.outbox.deliver(row.id);
    return c.json(messageJson(await getMessage(c.var.db, row.id)));
  })
  .patch('/tutors/:id', jsonBody(TutorPatch), async (c) =>
    c.json(tutorJson(await updateTutor(c.var.db, c.req.param('id'), c.req.valid('json')))),
  );
