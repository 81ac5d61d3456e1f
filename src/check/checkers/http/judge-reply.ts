// http_handle_response() of keepalived 2.2.7, sans-IO: whether a reply passes a url's tests (status code, then
// MD5 digest, then regex), and the message timeout_epilog() or the success line would use.
import type { HttpUrl } from '../../../config/model/virtual-server';
import type { HttpReply } from './response-reader';
import { regexMatches } from './url-regex';

/** passedStatus: the status code was accepted (keepalived then compares Content-Length with the body). */
export type ReplyJudgement = { ok: true; what: string; passedStatus: true } | { ok: false; message: string; passedStatus: boolean };

/** What a url accepts, read from its configuration once rather than at every reply. */
interface CompiledUrl {
  /** Status codes accepted: [lo, hi] pairs. */
  ranges: number[];
  digest: string | undefined;
}
const compiled = new WeakMap<HttpUrl, CompiledUrl>();

function compile(url: HttpUrl): CompiledUrl {
  let c = compiled.get(url);
  if (c === undefined) {
    const ranges: number[] = [];
    for (const r of url.statusCode) {
      const [lo, hi = lo] = r.split('-').map(Number) as [number, number?];
      ranges.push(lo, hi);
    }
    c = { ranges, digest: url.digest?.toLowerCase() };
    compiled.set(url, c);
  }
  return c;
}

/** statusCodeAccepted() over the compiled ranges. */
function accepted(ranges: number[], code: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (code >= ranges[i]! && code <= ranges[i + 1]!) return true;
  return false;
}

export function judgeReply(url: HttpUrl, reply: HttpReply | undefined): ReplyJudgement {
  if (reply === undefined) return { ok: false, message: 'Read, no data received from ', passedStatus: false };
  const cu = compile(url);
  if (reply.status < 100 || reply.status > 599 || !accepted(cu.ranges, reply.status)) {
    return { ok: false, message: 'HTTP status code error to', passedStatus: false };
  }
  let what = 'HTTP status code';
  if (cu.digest !== undefined) {
    if (reply.digest !== cu.digest) return { ok: false, message: 'MD5 digest error to', passedStatus: true };
    what = 'MD5 digest';
  }
  if (url.regex !== undefined) {
    const matched = regexMatches(url, reply.regexSubject ?? '');
    // A pattern the translation cannot reproduce fails either way (it was reported when the config was read).
    if (matched === 'unknown' || matched === url.regexNoMatch) return { ok: false, message: 'Regex match failed', passedStatus: true };
    what = 'Regex match';
  }
  return { ok: true, what, passedStatus: true };
}

/** How many body bytes a url's regex needs kept (0 without a regex). */
export function regexKeepLimit(url: HttpUrl): number {
  if (url.regex === undefined) return 0;
  return url.regexMaxOffset !== undefined ? url.regexMaxOffset + 4096 : 1 << 20;
}

/** The line keepalived logs the first time a reply's length differs from its Content-Length by a new amount. */
export function lengthMismatchLine(rs: string, vs: string, url: HttpUrl, reply: HttpReply): string {
  return (
    `http_check for RS ${rs} VS ${vs} url ${url.virtualhost ?? ''}${url.path}:` +
    ` content_length (${reply.contentLength ?? 0}) does not match received bytes (${reply.rxBytes})`
  );
}
