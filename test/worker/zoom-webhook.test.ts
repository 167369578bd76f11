import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { hmacHex } from '../../demo/zoom-sandbox/webhooks';
import { unseal } from '../../worker/crypto';
import vectors from '../fixtures/zoom/signature-test-vectors.json';
import docStarted from '../fixtures/zoom/webhooks/meeting.started.json';
import docEnded from '../fixtures/zoom/webhooks/meeting.ended.json';
import docJoined from '../fixtures/zoom/webhooks/meeting.participant_joined.json';
import docLeft from '../fixtures/zoom/webhooks/meeting.participant_left.json';
import docRecording from '../fixtures/zoom/webhooks/recording.completed.json';
import docDeauthorized from '../fixtures/zoom/webhooks/app_deauthorized.json';
import docValidation from '../fixtures/zoom/webhooks/endpoint.url_validation.json';
import { harness, ZOOM_WEBHOOK_SECRET } from './harness';

const TABLES = [
  'bookings',
  'attendance_events',
  'recordings',
  'recording_files',
  'transcription_jobs',
  'lesson_notes',
  'processed_events',
  'zoom_grants',
];
const counts = async () =>
  Object.fromEntries(
    await Promise.all(
      TABLES.map(async (t) => [t, (await env.DB.prepare(`select count(*) as n from ${t}`).first<{ n: number }>())!.n]),
    ),
  );
/** Points a booking at the meeting id a reference payload uses (its lesson may lie in the past). */
const setMeetingId = (bookingId: string, meetingId: string) =>
  env.DB.prepare("update bookings set meeting_provider = 'zoom', meeting_id = ?, provisioning = 'ready' where id = ?")
    .bind(meetingId, bookingId)
    .run();
const rows = async (sql: string, ...args: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...args)
      .all()
  ).results as any[];

describe('Zoom webhook: the reference vectors', () => {
  const at = Number(vectors.cases[0]!['x-zm-request-timestamp']) * 1000;

  it('accepts each signed vector as sent and applies it to the lesson', async () => {
    let clock = at;
    const h = harness({ env: { ZOOM_WEBHOOK_SECRET_TOKEN: vectors.secret_token }, now: () => clock });
    const { booking } = await h.confirmedLesson({ student_name: 'Sam Student', start_at: '2026-03-10T15:00:00Z' });
    await setMeetingId(booking.id, '85746065432');
    for (const v of vectors.cases) {
      clock = Number(v['x-zm-request-timestamp']) * 1000 + 1500; // delivered a moment after signing
      const res = await h.send('POST', '/api/zoom/webhook', {
        body: v.raw_body,
        operator: false,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'x-zm-request-timestamp': v['x-zm-request-timestamp'],
          'x-zm-signature': v['x-zm-signature'],
        },
      });
      expect(res.status, v.event).toBe(200);
      expect(res.body).toMatchObject({ received: true, handled: true, bookingId: booking.id });
    }
    const detail = (await h.send('GET', `/api/bookings/${booking.id}`)).body;
    expect(detail.status).toBe('in_progress');
    expect(detail.started_at).toBe('2026-03-10T14:58:41.000Z');
    expect(detail.attendance.participants).toEqual([
      expect.objectContaining({
        name: 'Sam Student',
        role: 'student',
        minutes_late: 1,
        intervals: [{ joined_at: '2026-03-10T15:01:12.000Z', left_at: null }],
      }),
    ]);
    expect(detail.recordings.map((r: { file_type: string }) => r.file_type).sort()).toEqual(['CHAT', 'M4A', 'MP4']);
    expect(detail.recording_auto_delete_date).toBe('2026-06-08');
  });

  it('refuses the re-serialised body that carries the original signature', async () => {
    const h = harness({ env: { ZOOM_WEBHOOK_SECRET_TOKEN: vectors.secret_token }, now: () => at });
    const before = await counts();
    const n = vectors.negative_reserialized_body;
    const res = await h.send('POST', '/api/zoom/webhook', {
      body: n.raw_body,
      operator: false,
      headers: {
        'content-type': 'application/json',
        'x-zm-request-timestamp': n['x-zm-request-timestamp'],
        'x-zm-signature': n['x-zm-signature'],
      },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('signature_invalid');
    expect(await counts()).toEqual(before);
  });

  it('answers endpoint.url_validation with the expected encryptedToken', async () => {
    const h = harness({ env: { ZOOM_WEBHOOK_SECRET_TOKEN: vectors.secret_token } });
    const res = await h.postZoom(
      JSON.stringify({
        payload: { plainToken: vectors.url_validation.plainToken },
        event_ts: Date.now(),
        event: 'endpoint.url_validation',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual(vectors.url_validation.expected_response);
  });
});

describe("Zoom webhook: Zoom's documented payloads", () => {
  it('meeting and participant events with a string id, recordings with a number id', async () => {
    const h = harness();
    const { booking } = await h.confirmedLesson({ start_at: '2021-07-13T21:45:00Z' });
    await setMeetingId(booking.id, '1234567890');
    for (const doc of [docStarted, docJoined, docLeft, docEnded, docRecording]) {
      const res = await h.postZoom(JSON.stringify(doc));
      expect(res.status, doc.event).toBe(200);
      expect(res.body.handled, `${doc.event} ${JSON.stringify(res.body)}`).toBe(true);
    }
    const detail = (await h.send('GET', `/api/bookings/${booking.id}`)).body;
    expect(detail).toMatchObject({
      status: 'completed',
      started_at: '2021-07-13T21:44:51.000Z',
      ended_at: '2021-07-13T23:00:51.000Z',
    });
    // Jill Chill signed in as a user other than the host (x1yCz…): a guest, not the host.
    expect(detail.attendance.participants).toEqual([
      expect.objectContaining({ name: 'Jill Chill', role: 'guest', email: 'jchill@example.com' }),
    ]);
    expect(detail.attendance.no_show).toBe(true);
    expect(detail.note.status).toBe('draft');
    expect(detail.recordings.map((r: { file_type: string }) => r.file_type).sort()).toEqual(['M4A', 'MP4']);
    const jobs = await rows('select recording_file_id from transcription_jobs where booking_id = ?', booking.id);
    expect(jobs).toEqual([{ recording_file_id: 'ed6c2f27-2ae7-42f4-b3d0-835b493e4fa8' }]); // the audio-only file
  });

  it('app_deauthorized (event_ts inside payload, as a string) removes the tutor’s Zoom tokens', async () => {
    const h = harness();
    const { tutor } = await h.confirmedLesson();
    await env.DB.prepare(
      "insert into zoom_grants (tutor_id, zoom_user_id, refresh_token, updated_at) values (?, 'abcD3ojfdbjfg', 'v1.sealed.token', 0)",
    )
      .bind(tutor.id)
      .run();
    await env.DB.prepare("update tutors set zoom_connection = 'connected' where id = ?").bind(tutor.id).run();
    const res = await h.postZoom(JSON.stringify(docDeauthorized));
    expect(res.status).toBe(200);
    expect(await rows('select * from zoom_grants where tutor_id = ?', tutor.id)).toEqual([]);
    expect(await rows('select zoom_connection from tutors where id = ?', tutor.id)).toEqual([
      { zoom_connection: 'needs_reconnect' },
    ]);
    const again = await h.postZoom(
      JSON.stringify({ ...docDeauthorized, payload: { ...docDeauthorized.payload, user_id: 'someone-else' } }),
    );
    expect(again.body).toMatchObject({ handled: false, reason: 'unknown_user' });
  });

  it('answers the documented url_validation example under our secret', async () => {
    const h = harness();
    const res = await h.postZoom(JSON.stringify(docValidation));
    expect(res.body).toEqual({
      plainToken: docValidation.payload.plainToken,
      encryptedToken: await hmacHex(ZOOM_WEBHOOK_SECRET, docValidation.payload.plainToken),
    });
  });
});

describe('Zoom webhook: a lesson played by the sandbox', () => {
  it('ends completed, with minutes attended, minutes late, a note draft and the recording', async () => {
    const h = harness();
    const { booking } = await h.confirmedLesson({
      student_name: 'Sam Student',
      start_at: '2030-03-10T15:00:00Z',
      duration_minutes: 60,
    });
    const deliveries = await h.z.zoom.playLesson(booking.meeting.id!, {
      student_name: 'Sam',
      late_minutes: 7,
      attend_minutes: 40,
    });
    expect(deliveries.map((d) => `${d.event} ${d.status}`)).toEqual([
      'meeting.started 200',
      'meeting.participant_joined 200',
      'meeting.participant_joined 200',
      'meeting.participant_left 200',
      'meeting.participant_left 200',
      'meeting.ended 200',
      'recording.completed 200',
    ]);
    const res = await h.send('GET', `/api/bookings/${booking.id}`);
    const detail = res.body;
    expect(detail.status).toBe('completed');
    expect(detail.attendance).toMatchObject({ student_minutes_attended: 40, student_minutes_late: 7, no_show: false });
    expect(
      detail.attendance.participants.map((p: { role: string; minutes_attended: number }) => [
        p.role,
        p.minutes_attended,
      ]),
    ).toEqual([
      ['host', 61],
      ['student', 40],
    ]);
    expect(detail.note.body).toContain('Sam Student: 40 min, joined 7 min late.');
    expect(detail.note.body).toContain('Duration: 61 min (booked 60 min)');
    expect(detail.recordings).toHaveLength(3);
    expect(detail.recordings[0].play_url).toMatch(/^https:\/\/us06web\.zoom\.us\/rec\/play\//);

    // The download token is kept sealed, with its 24 h expiry, and never shown; nor are Zoom's download links.
    const raw = JSON.stringify(detail);
    expect(raw).not.toMatch(/download_token|\/rec\/download\/|eyJ/);
    const [stored] = await rows(
      'select download_token, download_token_expires_at, received_at, meeting_uuid from recordings where booking_id = ?',
      booking.id,
    );
    expect(stored.download_token).toMatch(/^v1\./);
    expect(stored.download_token_expires_at - stored.received_at).toBe(24 * 3600_000);
    const token = await unseal(
      env.DATA_ENCRYPTION_KEY!,
      stored.download_token,
      `recording:${booking.id}:${stored.meeting_uuid}`,
    );
    expect(token).toMatch(/^eyJ/);
    expect(await rows('select status from transcription_jobs where booking_id = ?', booking.id)).toEqual([
      { status: 'queued' },
    ]);
  });

  it('a student who never joins is a no-show in the summary and the note', async () => {
    const h = harness();
    const { booking } = await h.confirmedLesson({ student_name: 'Lucía Pérez' });
    await h.z.zoom.playLesson(booking.meeting.id!, { no_show: true });
    const detail = (await h.send('GET', `/api/bookings/${booking.id}`)).body;
    expect(detail.attendance).toMatchObject({ no_show: true, student_minutes_attended: 0, student_minutes_late: null });
    expect(detail.note.body).toContain('Lucía Pérez did not join (no-show).');
  });

  it('a recording the tutor started by hand is kept, though the service does not record (and asks no transcript)', async () => {
    const h = harness();
    const { booking } = await h.confirmedLesson({}, { auto_recording: 'none' });
    const deliveries = await h.z.zoom.playLesson(booking.meeting.id!, { recording: true });
    expect(deliveries.at(-1)).toMatchObject({ event: 'recording.completed', status: 200 });
    const detail = (await h.send('GET', `/api/bookings/${booking.id}`)).body;
    expect(detail.recordings.map((r: { file_type: string }) => r.file_type).sort()).toEqual(['CHAT', 'M4A', 'MP4']);
    expect(detail.recordings.every((r: { archive_state: string }) => r.archive_state === 'pending')).toBe(true);
    expect(await rows('select * from recordings where booking_id = ?', booking.id)).toHaveLength(1);
    expect(await rows('select * from transcription_jobs where booking_id = ?', booking.id)).toEqual([]);
  });
});
