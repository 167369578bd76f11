/** Transcripts beside the note (Zoom's, or the transcription service's), the note made final, the family's summary. */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../worker/db';
import { summaryOf } from '../../worker/lesson-record/summary';
import { HOUR, MIN, lessonWorld, rows } from './after-lesson';
import { TRANSCRIBER_URL } from './harness';

const SIZES = { MP4: 20_000, M4A: 12_345, CHAT: 500 };

describe('transcripts', () => {
  it("Zoom's transcript is copied with the recording and put beside the note; its job is done", async () => {
    const w = await lessonWorld();
    w.at(w.end + MIN);
    await w.play({
      file_sizes: SIZES,
      transcript: true,
      transcript_download_token: false,
      transcript_lines: ['Tutor: Today, quadratic equations.', 'Sam Student: Can we start with question three?'],
    });
    expect((await w.detail()).transcript).toBeNull();
    await w.sweep();
    const detail = await w.detail();
    expect(detail.transcript).toBe(
      'Tutor: Today, quadratic equations.\nSam Student: Can we start with question three?',
    );
    expect(detail.note).toMatchObject({ status: 'draft' });
    const vtt = detail.recordings.find((r) => r.file_type === 'TRANSCRIPT')!;
    expect(vtt.archive_state).toBe('copied');
    const [stored] = await rows('select archive_key from recording_files where id = ?', vtt.id);
    expect(await (await env.RECORDINGS!.get(stored.archive_key))!.text()).toMatch(/^WEBVTT/);
    expect(await rows('select status from transcription_jobs where booking_id = ?', w.booking.id)).toEqual([
      { status: 'done' },
    ]);
  });

  it('without one from Zoom, the audio goes to the transcription service after three hours, retried until it answers', {
    timeout: 30_000,
  }, async () => {
    const w = await lessonWorld({
      harness: { env: { TRANSCRIPTION_URL: TRANSCRIBER_URL, TRANSCRIPTION_TOKEN: 'transcriber-key' } },
    });
    w.at(w.end + MIN);
    await w.play({ file_sizes: SIZES });
    await w.sweep();
    expect(w.transcriber.requests()).toEqual([]);
    w.transcriber.failNext(2);
    for (let i = 0; i < 30 && !(await w.detail()).transcript; i++) {
      w.at(w.now() + 30 * MIN);
      await w.sweep();
    }
    expect((await w.detail()).transcript).toBe(
      `Tutor: This transcript was made from ${SIZES.M4A} bytes of audio/mp4.\nStudent: Thank you.`,
    );
    const asked = w.transcriber.requests();
    expect(asked).toHaveLength(3);
    expect(asked.every((r) => r.bytes === SIZES.M4A && r.authorization === 'Bearer transcriber-key')).toBe(true);
    const [job] = await rows('select status, attempts from transcription_jobs where booking_id = ?', w.booking.id);
    expect(job).toEqual({ status: 'done', attempts: 2 });
    expect(await rows('select source from transcripts where booking_id = ?', w.booking.id)).toEqual([
      { source: 'service' },
    ]);
  });

  it("the service is not asked when Zoom's transcript comes first", async () => {
    const w = await lessonWorld({ harness: { env: { TRANSCRIPTION_URL: TRANSCRIBER_URL } } });
    w.at(w.end + MIN);
    await w.play({ file_sizes: SIZES, transcript: true });
    await w.sweep();
    w.at(w.now() + 4 * HOUR);
    await w.sweep();
    expect(w.transcriber.requests()).toEqual([]);
  });
});

describe('the note and the lesson summary', () => {
  it('the tutor finishes the note and marks it final; the parent’s page shows the summary', async () => {
    const w = await lessonWorld();
    w.at(w.end + MIN);
    await w.play({ late_minutes: 8 });
    w.at(w.end + 10 * MIN);
    expect((await w.view('parent')).summary).toBeNull();
    expect(await w.page('parent')).not.toContain('Lesson summary');

    const edited = await w.send('PUT', `/api/bookings/${w.booking.id}/note`, {
      json: { body: 'We covered quadratic equations.\nHomework: page 12.' },
    });
    expect(edited.body).toMatchObject({ status: 'draft', finalized_at: null });
    expect((await w.view('tutor')).note).toMatchObject({ status: 'draft', body: expect.stringContaining('quadratic') });
    expect((await w.view('parent')).summary).toBeNull();

    // The tutor marks it final from their page.
    const final = await w.send('POST', `/l/${w.idOf('tutor')}/note`, {
      operator: false,
      body: new URLSearchParams({
        body: 'We covered quadratic equations.\r\nHomework: page 12.',
        final: '1',
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    });
    expect(final.status).toBe(303);
    const note = (await w.detail()).note!;
    expect(note).toMatchObject({ status: 'final', body: 'We covered quadratic equations.\nHomework: page 12.' });
    expect(note.finalized_at).toBe(new Date(w.now()).toISOString());

    const parent = await w.view('parent');
    expect(parent.summary).toMatchObject({
      booking_id: w.booking.id,
      note: 'We covered quadratic equations.\nHomework: page 12.',
      attendance: { final: true, student: { verdict: 'late', late_minutes: 8 }, tutor: { verdict: 'on_time' } },
    });
    const page = await w.page('parent');
    expect(page).toContain('Lesson summary');
    expect(page).toContain('Homework: page 12.');
    expect(page).toContain('Sam Student: 8 min late');
    expect((await w.view('student')).summary).toBeNull();
    // What the email about the lesson will say is the same summary.
    expect(await summaryOf(openDatabase(env), w.booking.id, w.now())).toEqual(parent.summary);

    // A final note does not change again, by the API or by Zoom's late events.
    const again = await w.send('PUT', `/api/bookings/${w.booking.id}/note`, { json: { body: 'Changed.' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('note_final');
    expect((await w.detail()).note!.body).toBe('We covered quadratic equations.\nHomework: page 12.');
  });

  it('only the tutor’s link may edit the note', async () => {
    const w = await lessonWorld();
    const res = await w.send('PUT', `/api/lessons/${w.idOf('parent')}/note`, {
      operator: false,
      json: { final: true },
    });
    expect(res.status).toBe(403);
    expect((await w.send('PUT', `/api/bookings/${w.booking.id}/note`, { json: {} })).status).toBe(422);
  });
});
