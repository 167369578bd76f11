/** A tutor removes the Zoom app without keeping their data: what came from their Zoom account is deleted in time. */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { DAY, MIN, lessonWorld, rows } from './after-lesson';

const EMAIL = 'ms.rivera@tutoring.example';

/** A lesson hosted in the tutor's own Zoom account, played with a recording and a transcript, and copied to R2. */
async function keptLesson() {
  const w = await lessonWorld({ ownZoom: EMAIL });
  expect(w.booking.meeting.state).toBe('ready');
  w.at(w.end + MIN);
  await w.play({
    student_email: 'sam@example.com',
    late_minutes: 4,
    file_sizes: { MP4: 5_000, M4A: 2_000, CHAT: 300 },
    transcript: true,
  });
  await w.sweep();
  const [grant] = await rows('select zoom_user_id from zoom_grants where tutor_id = ?', w.tutor.id);
  const sessions = w.z.zoom.recordings().map((r) => r.uuid);
  expect((await w.detail()).transcript).not.toBeNull();
  expect((await env.RECORDINGS!.list({ prefix: `lessons/${w.booking.id}/` })).objects).toHaveLength(4);
  return { w, zoomUser: grant.zoom_user_id as string, sessions };
}

/**
 * Every row of every table, as text. The development mailbox is left out: it stands for people's
 * inboxes, and a confirmation already sent (with its meeting ID) is the recipient's, not ours.
 */
async function everything(): Promise<string> {
  const tables = await rows(
    "select name from sqlite_master where type = 'table' and name not like '\\_%' escape '\\' and name not like 'sqlite%' and name not in ('d1_migrations', 'dev_mailbox')",
  );
  const dump: Record<string, unknown> = {};
  for (const { name } of tables) dump[name] = await rows(`select * from "${name}"`);
  return JSON.stringify(dump);
}

describe('forgetting on request', () => {
  it('uninstalled without data retention: the Zoom data goes from every table and R2 within ten days, and that is recorded', async () => {
    const { w, zoomUser, sessions } = await keptLesson();
    const verdictsBefore = (await w.detail()).attendance!;
    const meetingId = w.booking.meeting.id!;
    const zoomValues = [meetingId, zoomUser, ...sessions, w.booking.meeting.join_url!];
    const before = await everything();
    for (const v of zoomValues) expect(before).toContain(v);

    w.at(w.now() + DAY);
    const requested = w.now();
    expect(w.z.zoom.deauthorizeUser(EMAIL, { user_data_retention: false })).toBe(true);
    await w.z.zoom.settled();
    expect(w.z.zoom.deliveries().at(-1)).toMatchObject({ event: 'app_deauthorized', status: 200 });
    const [request] = await rows('select * from data_deletions where tutor_id = ?', w.tutor.id);
    expect(request).toMatchObject({ requested_at: requested, due_by: requested + 10 * DAY, done_at: null });
    // The tokens go at once; the rest on the sweep's schedule.
    expect(await rows('select * from zoom_grants where tutor_id = ?', w.tutor.id)).toEqual([]);

    w.at(requested + 3 * DAY);
    expect((await w.sweep()).forgotten).toBe(1);
    const after = await everything();
    for (const v of zoomValues) expect(after).not.toContain(v);
    expect(
      await rows('select email from attendance_events where booking_id = ? and email is not null', w.booking.id),
    ).toEqual([]);
    for (const table of ['recordings', 'recording_files', 'transcripts', 'transcription_jobs', 'processed_events'])
      expect(await rows(`select * from ${table} where booking_id = ?`, w.booking.id), table).toEqual([]);
    expect((await env.RECORDINGS!.list({ prefix: `lessons/${w.booking.id}/` })).objects).toEqual([]);
    expect(
      await rows('select meeting_id, meeting_host, join_url, passcode from bookings where id = ?', w.booking.id),
    ).toEqual([{ meeting_id: null, meeting_host: null, join_url: null, passcode: null }]);

    const [done] = await rows('select * from data_deletions where id = ?', request.id);
    expect(done.done_at).toBeLessThanOrEqual(request.due_by);
    expect(JSON.parse(done.deleted)).toEqual({
      lessons: 1,
      files: 4,
      objects: 4,
      transcripts: 1,
      attendance_events: 4,
    });
    // The lesson's record stays: who came and when, judged the same.
    const kept = (await w.detail()).attendance!;
    expect({ tutor: kept.tutor, student: kept.student }).toEqual({
      tutor: verdictsBefore.tutor,
      student: verdictsBefore.student,
    });
    expect((await w.sweep()).forgotten).toBe(0);
  });

  it('uninstalled keeping the data: only the connection goes', async () => {
    const { w } = await keptLesson();
    w.z.zoom.deauthorizeUser(EMAIL, { user_data_retention: true });
    await w.z.zoom.settled();
    expect(await rows('select * from data_deletions where tutor_id = ?', w.tutor.id)).toEqual([]);
    w.at(w.now() + 11 * DAY);
    await w.sweep();
    expect(await rows('select * from recording_files where booking_id = ?', w.booking.id)).toHaveLength(4);
  });
});
