/**
 * Recording files, served from R2 behind URLs the Worker signed (`access/recording-links.ts`):
 * whole or by `Range` (for players), inline for playing or as an attachment for downloading.
 */
import { Hono } from 'hono/tiny';
import type { AppEnv } from '../app';
import { mayOpen, verifyRecordingUrl } from '../access/recording-links';
import { LessonError } from '../errors';
import { archivedFile } from '../lesson-record/recordings';

const gone = () =>
  new LessonError(404, 'recording_not_found', 'This recording is no longer kept. Ask your tutor about it.');

export const recordingRoutes = new Hono<AppEnv>().get('/recordings/:file', async (c) => {
  const file = c.req.param('file');
  const now = c.var.now();
  const asked = await verifyRecordingUrl(c.env.RECORDING_URL_SECRET, file, (name) => c.req.query(name), now);
  const found = await archivedFile(c.var.db, file);
  if (!found?.file.archiveKey || !c.env.RECORDINGS) throw gone();
  if (!mayOpen(asked.role, found.file.fileType)) throw gone();
  if (asked.role !== 'tutor' && !found.sharedAt)
    throw new LessonError(403, 'recording_not_shared', 'The tutor has not shared this recording. Ask them about it.');
  const object = await c.env.RECORDINGS.get(found.file.archiveKey, { range: c.req.raw.headers });
  if (!object) throw gone();

  const headers = new Headers({
    'content-type': object.httpMetadata?.contentType ?? 'application/octet-stream',
    'accept-ranges': 'bytes',
    etag: object.httpEtag,
    // Never longer than the URL works, and never in a shared cache.
    'cache-control': `private, max-age=${Math.max(0, Math.floor((asked.expires * 1000 - now) / 1000))}`,
    'content-disposition': `${asked.download ? 'attachment' : 'inline'}; filename="${file}.${(found.file.fileExtension ?? 'bin').toLowerCase()}"`,
  });
  const range = c.req.header('range') ? (object.range as { offset?: number; length?: number; suffix?: number }) : null;
  const offset = range ? (range.suffix !== undefined ? object.size - range.suffix : (range.offset ?? 0)) : 0;
  const length = range ? (range.length ?? object.size - offset) : object.size;
  headers.set('content-length', String(length));
  if (range) headers.set('content-range', `bytes ${offset}-${offset + length - 1}/${object.size}`);
  return new Response(object.body, { status: range ? 206 : 200, headers });
});
