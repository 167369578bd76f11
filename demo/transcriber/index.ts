/**
 * A stand-in for a transcription service, for `npm start` and the tests: `POST /transcribe` with the
 * lesson's audio as the body answers WebVTT (as Whisper-style services can). It counts the bytes it
 * got, so a test can check the whole file arrived, and can fail the next requests as a busy service.
 */
import { vttTranscript } from '../zoom-sandbox/recording-content';

export interface TranscriberRequest {
  bytes: number;
  contentType: string | null;
  authorization: string | null;
}

export function createTranscriber() {
  const requests: TranscriberRequest[] = [];
  let failing = 0;

  async function handle(request: Request): Promise<Response> {
    if (request.method !== 'POST' || new URL(request.url).pathname !== '/transcribe')
      return new Response('Not found: POST /transcribe with the audio as the body.', { status: 404 });
    const bytes = (await request.arrayBuffer()).byteLength;
    const contentType = request.headers.get('content-type');
    requests.push({ bytes, contentType, authorization: request.headers.get('authorization') });
    if (failing > 0) {
      failing--;
      return new Response('The service is busy; try again later.', { status: 503 });
    }
    if (!bytes) return new Response('Send the audio as the body.', { status: 400 });
    return new Response(
      vttTranscript([`Tutor: This transcript was made from ${bytes} bytes of ${contentType}.`, 'Student: Thank you.']),
      { headers: { 'content-type': 'text/vtt; charset=utf-8' } },
    );
  }

  return {
    /** Use as a `fetch`: requests to it land here without a socket. */
    fetch: (input: RequestInfo | URL, init?: RequestInit) => handle(new Request(input, init)),
    requests: () => [...requests],
    /** The next `n` requests are answered 503. */
    failNext: (n: number) => void (failing = n),
  };
}

export type Transcriber = ReturnType<typeof createTranscriber>;
