// http_handle_response() of keepalived 2.2.7, sans-IO: whether a reply passes a url's tests (status code, then
// MD5 digest, then regex), and the message timeout_epilog() or the success line would use.
import { statusCodeAccepted, type HttpUrl } from '../../../config/model/virtual-server';
import type { HttpReply } from './response-reader';
import { regexMatches } from './url-regex';

/** passedStatus: the status code was accepted (keepalived then compares Content-Length with the body). */
export type ReplyJudgement = { ok: true; what: string; passedStatus: true } | { ok: false; message: string; passedStatus: boolean };

export function judgeReply(url: HttpUrl, reply: HttpReply | undefined): ReplyJudgement {
  if (reply === undefined) return { ok: false, message: 'Read, no data received from ', passedStatus: false };
  if (reply.status < 100 || reply.status > 599 || !statusCodeAccepted(url, reply.status)) {
    return { ok: false, message: 'HTTP status code error to', passedStatus: false };
  }
  let what = 'HTTP status code';
  if (url.digest !== undefined) {
    if (reply.digest !== url.digest.toLowerCase()) return { ok: false, message: 'MD5 digest error to', passedStatus: true };
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
