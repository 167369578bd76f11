/**
 * The bytes of a sandbox recording file: the same for the same file every time, of exactly the
 * declared `file_size`, so a test can compare what it stored with what Zoom served. Video and
 * audio are an `ftyp` header and pseudo-random bytes (any range computed on its own, without the
 * bytes before it); the chat file and the transcript are text.
 */

/** A file's content: its size and any byte range of it. */
export interface FileContent {
  size: number;
  /** Bytes `[start, end)`. */
  slice(start: number, end: number): Uint8Array;
}

/** A 32-bit hash of a string (FNV-1a), the seed of a file's bytes. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Word `i` of the stream for `seed`: a counter put through a 32-bit mixer (seekable, unlike a running PRNG). */
function word(seed: number, i: number): number {
  let x = (seed ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** An ISO base-media file type box, so a sniffer sees MP4 or M4A. */
function ftyp(brand: string): Uint8Array {
  const box = new Uint8Array(24);
  new DataView(box.buffer).setUint32(0, 24);
  box.set(new TextEncoder().encode(`ftyp${brand}\0\0\0\0${brand}isom`), 4);
  return box;
}

export function mediaContent(seed: number, size: number, brand: 'mp42' | 'M4A '): FileContent {
  const head = ftyp(brand);
  return {
    size,
    slice(start, end) {
      const out = new Uint8Array(Math.max(0, Math.min(end, size) - start));
      let w = 0;
      for (let k = 0; k < out.length; k++) {
        const i = start + k;
        if (k === 0 || (i & 3) === 0) w = word(seed, i >>> 2);
        out[k] = i < head.length ? head[i]! : (w >>> ((i & 3) * 8)) & 0xff;
      }
      return out;
    },
  };
}

export function textContent(text: string): FileContent {
  const bytes = new TextEncoder().encode(text);
  return { size: bytes.length, slice: (start, end) => bytes.slice(start, end) };
}

/** Zoom's chat file: tab-separated lines, repeated and cut to exactly `size` bytes (ASCII, so any cut is text). */
export function chatText(size: number, tutor: string, start: number): string {
  const lines: string[] = [];
  let length = 0;
  for (let n = 0; length < size; n++) {
    const at = new Date(start + n * 37_000).toISOString().slice(11, 19);
    const line = `${at}\t From ${tutor} to Everyone:\tNote ${n + 1}: see page ${(n % 40) + 1}\n`;
    lines.push(line);
    length += line.length;
  }
  return lines.join('').slice(0, size);
}

const vttTime = (ms: number) => new Date(ms).toISOString().slice(11, 23);

/**
 * A WebVTT transcript as Zoom writes it: numbered cues, `Speaker: words`.
 * @example vttTranscript(['Tutor: Hello', 'Sam: Hi']) // "WEBVTT\n\n1\n00:00:01.000 --> 00:00:05.000\nTutor: Hello…"
 */
export function vttTranscript(lines: string[]): string {
  const cues = lines.map((line, i) => `${i + 1}\n${vttTime(1000 + i * 5000)} --> ${vttTime(5000 + i * 5000)}\n${line}`);
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}
