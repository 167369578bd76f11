/** Recordings kept: copied from the Zoom sandbox into local R2, shared by the tutor, served signed, retired on time. */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { RecordingLink } from '../../shared/api';
import { DAY, HOUR, MIN, lessonWorld, rows } from './after-lesson';

const SIZES = { MP4: 120_001, M4A: 40_000, CHAT: 1_500 };
/** Tests that run the cron many times over compressed days: more than the default 5 s on a busy machine. */
const MANY_SWEEPS = { timeout: 30_000 };

/** A lesson played just after its end, with a small cloud recording. */
async function recorded(options: Parameters<typeof lessonWorld>[0] = {}, script: object = {}) {
  const w = await lessonWorld(options);
  w.at(w.end + MIN);
  await w.play({ file_sizes: SIZES, ...script });
  return w;
}

const path = (url: string) => url.replace('https://lessons.test', '');

describe('recordings copied to R2', () => {
  it(
    "land within the minute with Zoom's exact bytes and length, and the tutor can play them",
    MANY_SWEEPS,
    async () => {
      const w = await recorded();
      expect((await w.detail()).recordings.map((r) => r.archive_state)).toEqual(['pending', 'pending', 'pending']);
      expect(await w.sweep()).toMatchObject({ copied: 3 });
      const detail = await w.detail();
      for (const file of detail.recordings) {
        const zoom = w.z.zoom.recordingBytes(file.id);
        expect(file).toMatchObject({ archive_state: 'copied', archived_size: zoom.length, file_size: zoom.length });
        const [stored] = await rows('select archive_key from recording_files where id = ?', file.id);
        const object = await env.RECORDINGS!.get(stored.archive_key);
        expect(object!.size).toBe(zoom.length);
        expect(new Uint8Array(await object!.arrayBuffer())).toEqual(zoom);
      }
      expect(detail.recordings[0]!.available_until).toBe(new Date(w.end + 90 * DAY).toISOString());

      // Through the Worker: the whole file, and a range of it for a player.
      const mp4 = detail.recording_links.find((l) => l.file_type === 'MP4')!;
      const whole = await w.app.fetch(new Request(mp4.download_url), w.env);
      expect(whole.status).toBe(200);
      expect(whole.headers.get('content-length')).toBe(String(SIZES.MP4));
      expect(whole.headers.get('content-disposition')).toMatch(/^attachment/);
      expect(new Uint8Array(await whole.arrayBuffer())).toEqual(w.z.zoom.recordingBytes(mp4.id));
      const part = await w.app.fetch(new Request(mp4.play_url, { headers: { range: 'bytes=100-199' } }), w.env);
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 100-199/${SIZES.MP4}`);
      expect(new Uint8Array(await part.arrayBuffer())).toEqual(w.z.zoom.recordingBytes(mp4.id).slice(100, 200));
      // Nothing of Zoom's own links or tokens reaches the tutor's view.
      expect(JSON.stringify(await w.view('tutor'))).not.toMatch(/zoom\.us\/rec|download_token|access_token/);
    },
  );

  it(
    'with downloads failing for 30 hours, a fresh token from Zoom fetches it, before the auto-delete date',
    MANY_SWEEPS,
    async () => {
      const w = await recorded({}, { auto_delete_days: 3 });
      const reported = w.now();
      w.z.zoom.addFault({ path: '/rec/download', status: 500, from: reported, until: reported + 30 * HOUR });
      const deleteDate = (await w.detail()).recording_auto_delete_date!;
      for (
        let i = 0;
        i < 200 &&
        (await rows("select 1 from recording_files where archive_state = 'pending' and booking_id = ?", w.booking.id))
          .length;
        i++
      ) {
        await w.sweep();
        w.at(w.now() + 30 * MIN);
      }
      const files = (await w.detail()).recordings;
      expect(files.map((f) => f.archive_state)).toEqual(['copied', 'copied', 'copied']);
      for (const f of files) {
        expect(Date.parse(f.archived_at!)).toBeGreaterThanOrEqual(reported + 30 * HOUR);
        expect(Date.parse(f.archived_at!)).toBeLessThan(Date.parse(`${deleteDate}T00:00:00Z`));
        const [stored] = await rows('select archive_key from recording_files where id = ?', f.id);
        expect(new Uint8Array(await (await env.RECORDINGS!.get(stored.archive_key))!.arrayBuffer())).toEqual(
          w.z.zoom.recordingBytes(f.id),
        );
      }
      const fresh = w.z.zoom
        .calls()
        .filter(
          (c) => /^\/v2\/meetings\/[^/]+\/recordings$/.test(c.path) && c.query?.includes('download_access_token'),
        );
      expect(fresh.length).toBeGreaterThan(0);
      expect(fresh.every((c) => Date.parse(c.at) >= reported + 23 * HOUR)).toBe(true);
      expect(
        w.z.zoom.calls().filter((c) => c.path.startsWith('/rec/download') && c.status === 500).length,
      ).toBeGreaterThan(10);
    },
  );

  it('is never fetched after Zoom deleted it: the copy is given up at the auto-delete date', MANY_SWEEPS, async () => {
    const w = await recorded({}, { auto_delete_days: 1 });
    w.z.zoom.addFault({ path: '/rec/download', status: 500, from: w.now(), until: w.now() + 30 * DAY });
    const deadline = Date.parse(`${(await w.detail()).recording_auto_delete_date}T00:00:00Z`);
    while (w.now() < deadline + 2 * HOUR) {
      await w.sweep();
      w.at(w.now() + 45 * MIN);
    }
    expect((await w.detail()).recordings.map((f) => f.archive_state)).toEqual(['expired', 'expired', 'expired']);
    const downloads = w.z.zoom.calls().filter((c) => c.path.startsWith('/rec/download'));
    expect(downloads.length).toBeGreaterThan(3);
    expect(downloads.every((c) => Date.parse(c.at) < deadline)).toBe(true);
  });

  it('is kept even when the service does not record (the tutor recorded by hand)', async () => {
    const w = await recorded({ service: { auto_recording: 'none' } }, { recording: true });
    expect((await w.sweep()).copied).toBe(3);
  });
});

describe('who may open a recording', () => {
  it(
    'the student gets none until the tutor shares it, then a signed URL that stops after 3 hours',
    MANY_SWEEPS,
    async () => {
      const w = await recorded();
      await w.sweep();
      for (const role of ['student', 'parent'] as const) {
        expect((await w.view(role)).recordings).toBeNull();
        expect(await w.page(role)).not.toContain('Recording');
      }
      const tutorView = await w.view('tutor');
      expect(tutorView).toMatchObject({ recording_ready: true, recording_shared: false });
      expect(tutorView.recordings).toHaveLength(3);

      // The tutor shares it from their page (a plain form).
      const shared = await w.send('POST', `/l/${w.idOf('tutor')}/recording-sharing`, {
        operator: false,
        body: 'shared=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      });
      expect(shared.status).toBe(303);
      expect(shared.headers.get('location')).toBe(`/l/${w.idOf('tutor')}`);
      expect((await w.view('tutor')).recording_shared).toBe(true);

      const links = (await w.view('student')).recordings as RecordingLink[];
      // The video and the audio; the chat file stays the tutor's.
      expect(links.map((l) => l.file_type).sort()).toEqual(['M4A', 'MP4']);
      const audio = links.find((l) => l.file_type === 'M4A')!;
      expect(Date.parse(audio.expires_at) - w.now()).toBe(3 * HOUR);
      expect(audio.play_url).toMatch(/^https:\/\/lessons\.test\/recordings\//);
      const open = () => w.send('GET', path(audio.play_url), { operator: false });
      expect((await open()).status).toBe(200);
      expect((await open()).headers.get('content-length')).toBe(String(SIZES.M4A));
      expect(await w.page('student')).toContain(audio.play_url.replaceAll('&', '&amp;'));

      w.at(w.now() + 3 * HOUR - 1000);
      expect((await open()).status).toBe(200);
      w.at(w.now() + 1000);
      const expired = await open();
      expect(expired.status).toBe(403);
      expect(expired.body.error.code).toBe('recording_link_expired');

      // A forged or altered URL opens nothing.
      const fresh = ((await w.view('student')).recordings as RecordingLink[])[0]!;
      for (const bad of [
        fresh.play_url.replace(/sig=[^&]+/, 'sig=AAAA'),
        fresh.play_url.replace('for=student', 'for=tutor'),
      ])
        expect((await w.send('GET', path(bad), { operator: false })).body.error.code).toBe('recording_link_invalid');

      // Unsharing stops the family's URLs at once; the tutor's keep working.
      const unshared = await w.send('PUT', `/api/bookings/${w.booking.id}/recording-sharing`, {
        json: { shared: false },
      });
      expect(unshared.body).toMatchObject({ shared: false });
      const refused = await w.send('GET', path(fresh.play_url), { operator: false });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('recording_not_shared');
      expect((await w.view('student')).recordings).toBeNull();
      const tutorLink = ((await w.view('tutor')).recordings as RecordingLink[])[0]!;
      expect((await w.send('GET', path(tutorLink.play_url), { operator: false })).status).toBe(200);
    },
  );

  it("sharing is the tutor's: a student's link cannot share", async () => {
    const w = await recorded();
    const res = await w.send('PUT', `/api/lessons/${w.idOf('student')}/recording-sharing`, {
      operator: false,
      json: { shared: true },
    });
    expect(res.status).toBe(403);
    expect(
      (
        await w.send('PUT', `/api/lessons/${w.idOf('tutor')}/recording-sharing`, {
          operator: false,
          json: { shared: true },
        })
      ).body.shared,
    ).toBe(true);
  });
});

describe('retention', () => {
  it("deletes the archived files on the day the tutor's retention ends", async () => {
    const w = await recorded({ tutor: { recording_retention_days: 30 } });
    await w.sweep();
    const keys = (await rows('select archive_key from recording_files where booking_id = ?', w.booking.id)).map(
      (r) => r.archive_key,
    );
    expect(keys).toHaveLength(3);
    const endedAt = Date.parse((await w.detail()).ended_at!);
    w.at(endedAt + 30 * DAY - MIN);
    expect((await w.sweep()).retired).toBe(0);
    expect(await env.RECORDINGS!.head(keys[0])).not.toBeNull();
    w.at(endedAt + 30 * DAY);
    expect((await w.sweep()).retired).toBe(3);
    for (const key of keys) expect(await env.RECORDINGS!.head(key)).toBeNull();
    expect((await w.detail()).recordings.map((f) => f.archive_state)).toEqual(['deleted', 'deleted', 'deleted']);
    expect((await w.view('tutor')).recordings).toEqual([]);
  });
});
