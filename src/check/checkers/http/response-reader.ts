// Reads an HTTP reply the way keepalived 2.2.7 does (http_process_response() and lib/html.c), sans-IO: bytes in,
// and at end of stream the status code, Content-Length, the number of body bytes, the MD5 of the body (only the
// first Content-Length bytes) and the text kept for a regex. Headers end at the first CRLFCRLF within
// keepalived's 4 KiB buffer; a reply without one counts as no data.
import { BodyDigest } from '../../../core/wasm/digest';

/** keepalived's MAX_BUFFER_LENGTH: the headers must fit in it (less the terminating NUL). */
export const HEADER_BUFFER_BYTES = 4095;

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
const NO_BYTES = Buffer.alloc(0);

export interface HttpReply {
  status: number;
  /** undefined when there is no (valid) Content-Length. */
  contentLength: number | undefined;
  /** Body bytes received. */
  rxBytes: number;
  /** Lower-case hex MD5 of the body, when asked for. */
  digest: string | undefined;
  /**
   * What keepalived's regex sees (up to keepLimit bytes, latin1), when asked for: the body, preceded by the headers
   * when the read that completed them also carried body bytes.
   */
  regexSubject: string | undefined;
}

/** "HTTP/1.1 200 OK": the three digits after the first space, followed by a space; 0 when not so. */
export function extractStatusCode(head: string): number {
  let i = 0;
  while (i < head.length && head[i] !== ' ' && head[i] !== '\r') i++;
  if (head[i] !== ' ') return 0;
  i++;
  if (i + 3 >= head.length || head[i] === ' ' || head[i + 3] !== ' ') return 0;
  const digits = head.slice(i, i + 3);
  return /^[0-9]{3}$/.test(digits) ? Number(digits) : 0;
}

/** strstr("Content-Length:") then strtoul; the number must end the line. */
export function extractContentLength(head: string): number | undefined {
  const at = head.indexOf('Content-Length:');
  if (at < 0) return undefined;
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]*)(.?)/s.exec(head.slice(at + 15));
  if (!m) return undefined;
  const [, num, next] = m as unknown as [string, string, string];
  if (next !== '' && next !== '\r' && next !== '\n') return undefined;
  const n = num === '' || num === '+' || num === '-' ? 0 : Number(num);
  return n < 0 ? undefined : n;
}

export class HttpReplyReader {
  private head: Buffer | undefined = NO_BYTES;
  private status = 0;
  private contentLength: number | undefined;
  private rx = 0;
  private readonly md5: BodyDigest | undefined;
  private bodyParts: Buffer[] = [];
  private kept = 0;

  constructor(
    wantDigest: boolean,
    /** How many body bytes to keep for a regex (0 = none). */
    private readonly keepLimit: number,
  ) {
    this.md5 = wantDigest ? new BodyDigest() : undefined;
  }

  /** Feeds received bytes. */
  push(chunk: Buffer): void {
    if (this.head !== undefined) {
      const h0 = this.head.length;
      const room = HEADER_BUFFER_BYTES - h0;
      // The usual reply's head comes in one read: no copy then (a partial head is copied below, it is kept).
      const joined = h0 === 0 ? chunk.subarray(0, Math.max(0, room)) : Buffer.concat([this.head, chunk.subarray(0, Math.max(0, room))]);
      const end = joined.indexOf(HEAD_END);
      if (end < 0) {
        this.head = h0 === 0 ? Buffer.from(joined) : joined;
        return;
      }
      // One decode: the status line from the head, Content-Length from the whole first buffer (keepalived searches
      // all of it, body bytes included).
      const text = joined.toString('latin1');
      this.status = extractStatusCode(text.slice(0, end + 4));
      this.contentLength = extractContentLength(text);
      this.head = undefined;
      const first = chunk.subarray(end + 4 - h0);
      // keepalived runs the regex over its whole first buffer, headers included, when that buffer already holds
      // body bytes (and over the body alone otherwise): regex offsets then count from the status line.
      if (first.length > 0) this.keep(joined.subarray(0, end + 4));
      this.body(first);
      return;
    }
    this.body(chunk);
  }

  private body(b: Buffer): void {
    if (b.length === 0) return;
    if (this.md5 && (this.contentLength === undefined || this.contentLength > this.rx)) {
      const n = this.contentLength === undefined ? b.length : Math.min(b.length, this.contentLength - this.rx);
      this.md5.update(b.subarray(0, n));
    }
    this.keep(b);
    this.rx += b.length;
  }

  private keep(b: Buffer): void {
    if (this.kept >= this.keepLimit) return;
    const part = b.subarray(0, this.keepLimit - this.kept);
    this.bodyParts.push(Buffer.from(part));
    this.kept += part.length;
  }

  /** At end of stream: the reply, or undefined when no complete header arrived ("no data received"). */
  finish(): HttpReply | undefined {
    if (this.head !== undefined) return undefined;
    return {
      status: this.status,
      contentLength: this.contentLength,
      rxBytes: this.rx,
      digest: this.md5?.hex(),
      regexSubject: this.keepLimit > 0 ? Buffer.concat(this.bodyParts).toString('latin1') : undefined,
    };
  }
}
