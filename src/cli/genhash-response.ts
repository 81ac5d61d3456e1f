// genhash's view of an HTTP response, sans IO: bytes go in as keepalived's reads would deliver them into its
// 4 KiB buffer; the MD5 covers the body after the first CRLFCRLF (cut at Content-Length when the header has one,
// chunk framing hashed as-is); with -v the header and body are dumped as keepalived dumps them.
import { BodyDigest } from '../core/wasm/digest';
import { hexDump } from './hex-dump';

/** keepalived reads into a 4096-byte buffer, leaving room for a terminating NUL. */
export const READ_BUFFER_SPACE = 4095;

const delim = (title: string): string => `-----------------------[${title}]-----------------------\n`;
export const HTTP_HEADER_HEXA = delim('    HTTP Header Buffer    ');
export const HTTP_HEADER_ASCII = delim(' HTTP Header Ascii Buffer ');
export const HTML_HEADER_HEXA = delim('        HTML Buffer        ');
export const HTML_HASH = delim('    HTML hash resulting    ');
export const HTML_HASH_FINAL = delim(' HTML hash final resulting ');

const CONTENT_LENGTH = Buffer.from('Content-Length:');

export class GenhashResponse {
  private readonly buf = Buffer.alloc(READ_BUFFER_SPACE);
  private len = 0;
  private extracted = false;
  /** undefined: no usable Content-Length (keepalived's SIZE_MAX). */
  private contentLength: number | undefined;
  private rxBytes = 0;
  private readonly digest = new BodyDigest();

  /** @param print receives verbose output (stdout text) when -v is given. */
  constructor(private readonly print: ((text: string) => void) | undefined) {}

  /** Whether the header block has been seen (else: "no data received"). */
  get headerSeen(): boolean {
    return this.extracted;
  }

  /** How many bytes the next read may return: 0 means keepalived's read() returns 0, i.e. end of data. */
  get space(): number {
    return READ_BUFFER_SPACE - this.len;
  }

  /** Feeds data in pieces no larger than keepalived's read() would return. */
  feed(data: Uint8Array): void {
    for (let off = 0; off < data.length; ) {
      const n = Math.min(this.space, data.length - off);
      if (n === 0) return; // The buffer is full without a header: keepalived stops reading.
      this.read(data.subarray(off, off + n));
      off += n;
    }
  }

  /** End of data: the MD5 of what was hashed (dumped with -v when the stream ended cleanly). */
  finish(clean: boolean): Buffer {
    const d = this.digest.digest();
    if (clean && this.print) this.print(`\n${HTML_HASH}${hexDump(d)}${HTML_HASH_FINAL}`);
    return d;
  }

  /** One read() of r bytes (keepalived's http_process_response). */
  private read(chunk: Uint8Array): void {
    const r = chunk.length;
    const old = this.len;
    this.buf.set(chunk, this.len);
    this.len += r;
    if (!this.extracted) {
      this.print?.(HTTP_HEADER_HEXA);
      const body = headerEnd(this.buf, this.len);
      if (body < 0) return;
      this.extracted = true;
      this.contentLength = contentLength(this.buf.subarray(0, this.len));
      if (this.print) {
        const header = this.buf.subarray(0, body);
        this.print(`${hexDump(header)}${HTTP_HEADER_ASCII}${untilNul(header)}\n`);
      }
      const rest = this.len - body;
      if (rest && this.wantMore()) {
        const n = this.hashable(rest);
        this.digest.update(this.buf.subarray(body, body + n));
        this.print?.(`${HTML_HEADER_HEXA}${hexDump(this.buf.subarray(body, body + n))}`);
      }
      this.rxBytes = rest;
      this.len = 0;
      return;
    }
    if (this.wantMore()) {
      const n = this.hashable(r);
      this.digest.update(this.buf.subarray(old, old + n));
      this.print?.(hexDump(this.buf.subarray(old, old + n)));
    }
    this.rxBytes += this.len;
    this.len = 0;
  }

  private wantMore(): boolean {
    return this.contentLength === undefined || this.contentLength > this.rxBytes;
  }

  private hashable(r: number): number {
    const cl = this.contentLength;
    return cl === undefined || cl >= this.rxBytes + r ? r : cl - this.rxBytes;
  }
}

/** Offset just after the first CRLFCRLF, or -1. */
function headerEnd(buf: Buffer, len: number): number {
  for (let i = 0; i + 3 < len; i++) {
    if (buf[i] === 13 && buf[i + 1] === 10 && buf[i + 2] === 13 && buf[i + 3] === 10) return i + 4;
  }
  return -1;
}

/** The bytes as C's "%.*s" prints them: up to the first NUL. */
function untilNul(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return Buffer.from(nul >= 0 ? bytes.subarray(0, nul) : bytes).toString('latin1');
}

/**
 * keepalived's extract_content_length(): strstr() for the case-sensitive "Content-Length:" anywhere in the buffer
 * (up to a NUL), then strtoul(); anything but CR, LF or the end after the digits means none.
 */
function contentLength(buf: Uint8Array): number | undefined {
  const nul = buf.indexOf(0);
  const text = Buffer.from(nul >= 0 ? buf.subarray(0, nul) : buf);
  const at = text.indexOf(CONTENT_LENGTH);
  if (at < 0) return undefined;
  const tail = text.subarray(at + CONTENT_LENGTH.length).toString('latin1');
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(tail);
  // strtoul() without digits leaves end at the start (the character right after the colon).
  const end = m ? m[0].length : 0;
  const next = tail[end];
  if (next !== undefined && next !== '\r' && next !== '\n') return undefined;
  if (!m) return 0;
  const wrap = 2n ** 64n;
  const big = BigInt(m[2] as string);
  const v = big >= wrap ? wrap - 1n : m[1] === '-' ? (wrap - big) % wrap : big;
  return v === wrap - 1n ? undefined : Number(v);
}
