/**
 * Zoom's download of a recording file: `download_url` with a bearer token answers with a 302 to a
 * short-lived signed file URL (or with the bytes, when redirects are off), which serves the file
 * whole or one `Range`, with its exact `Content-Length`. A token that does not open it gets Zoom's
 * sign-in page with a 200; a recording past its auto-delete date is gone.
 */
import { type Context, Hono } from 'hono';
import type { FileContent } from './recording-content';
import type { RecordingFile } from './recordings';
import { hmacHex } from './webhooks';
import { randomString } from './zoom-ids';

export interface DownloadDeps {
  now: () => number;
  /** Answer with a redirect to a signed file URL (Zoom does), or with the bytes. */
  redirect: boolean;
  /** The file behind a download key: its content, whether it is gone, and whether a bearer token opens it. */
  find(
    key: string,
  ):
    | { file: RecordingFile; content: FileContent; gone: boolean; opens: (bearer: string | undefined) => boolean }
    | undefined;
}

const SIGNED_URL_TTL_MS = 3600_000;
const CONTENT_TYPES: Record<string, string> = {
  MP4: 'video/mp4',
  M4A: 'audio/mp4',
  TXT: 'text/plain; charset=utf-8',
  VTT: 'text/vtt; charset=utf-8',
};

/** Zoom's web answer when the recording is gone [observed body; the 404 status is assumed]. */
const GONE = { status: false, errorCode: 3301, errorMessage: 'This recording does not exist.', result: null };

export function recordingDownloads({ now, redirect, find }: DownloadDeps) {
  const signingKey = randomString(32);
  const signature = (key: string, expires: string) => hmacHex(signingKey, `${key}:${expires}`);

  /** The bytes of a file, whole or one `Range`, streamed in chunks with their exact length. */
  function serve(c: Context, stored: { file: RecordingFile; content: FileContent }) {
    const { size } = stored.content;
    const headers = new Headers({
      'content-type': CONTENT_TYPES[stored.file.file_extension] ?? 'application/octet-stream',
      'accept-ranges': 'bytes',
      'content-disposition': `attachment; filename="${stored.file.id}.${stored.file.file_extension.toLowerCase()}"`,
    });
    let [start, end, status] = [0, size, 200];
    const range = /^bytes=(\d*)-(\d*)$/.exec(c.req.header('range') ?? '');
    if (range && (range[1] || range[2])) {
      [start, end] = range[1]
        ? [Number(range[1]), range[2] ? Number(range[2]) + 1 : size]
        : [size - Number(range[2]), size];
      if (start >= size || start < 0 || end <= start) {
        headers.set('content-range', `bytes */${size}`);
        return new Response(null, { status: 416, headers });
      }
      end = Math.min(end, size);
      status = 206;
      headers.set('content-range', `bytes ${start}-${end - 1}/${size}`);
    }
    headers.set('content-length', String(end - start));
    let at = start;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = stored.content.slice(at, Math.min(end, at + 65_536));
        at += chunk.length;
        controller.enqueue(chunk);
        if (at >= end) controller.close();
      },
    });
    return new Response(end > start ? body : null, { status, headers });
  }

  /** `download_url`, and `/rec/file/…`, the signed URL it redirects to. */
  const downloads = new Hono();
  downloads.get('/rec/download/:key', async (c) => {
    const stored = find(c.req.param('key'));
    if (!stored || stored.gone) return c.json(GONE, 404);
    // A missing, expired or query-string token gets Zoom's sign-in page with a 200, not a 401.
    if (!stored.opens(/^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1]))
      return c.html(
        '<!doctype html><html><head><title>Zoom</title></head><body><h1>Sign in to download</h1>' +
          '<p>Only the host can download this recording, or the link has expired.</p></body></html>',
      );
    if (!redirect) return serve(c, stored);
    const expires = String(Math.floor((now() + SIGNED_URL_TTL_MS) / 1000));
    const key = c.req.param('key');
    const target = new URL(`/rec/file/${key}`, c.req.url);
    target.searchParams.set('Expires', expires);
    target.searchParams.set('Signature', await signature(key, expires));
    return c.redirect(target.toString(), 302);
  });
  downloads.get('/rec/file/:key', async (c) => {
    const key = c.req.param('key');
    const stored = find(key);
    const expires = c.req.query('Expires') ?? '';
    const valid = c.req.query('Signature') === (await signature(key, expires)) && Number(expires) * 1000 > now();
    if (!stored || !valid) return c.text('AccessDenied: the signed URL is invalid or has expired.', 403);
    if (stored.gone) return c.json(GONE, 404);
    return serve(c, stored);
  });

  return downloads;
}
