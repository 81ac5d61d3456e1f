// The regex test of an HTTP_GET url. keepalived runs PCRE2 (JIT, PCRE2_PARTIAL_HARD) over the reply as it
// streams in (see response-reader.ts for what the kept text includes); here the kept text is matched once with the
// PCRE2 translation (pcre/), starting at regex_min_offset: only a complete match counts (a partial one, which
// PCRE2_PARTIAL_HARD reports whenever the pattern wants more text at the end of the body, never becomes one), and
// it must start no later than regex_max_offset.
import type { HttpUrl } from '../../../config/model/virtual-server';
import { compilePcre, matchPcre } from './pcre/compile';

/**
 * Whether the body matches the url's regex within its offsets. An invalid pattern never matches; an untranslatable
 * one (reported when the configuration was read) is 'unknown'.
 */
export function regexMatches(url: HttpUrl, body: string): boolean | 'unknown' {
  const c = compilePcre(url.regex ?? '', url.regexOptions, url.regexMinOffset);
  if (c.kind === 'untranslatable') return 'unknown';
  if (c.kind === 'invalid') return false;
  const r = matchPcre(c, body, url.regexMinOffset);
  return r.kind === 'match' && (url.regexMaxOffset === undefined || r.index <= url.regexMaxOffset);
}
