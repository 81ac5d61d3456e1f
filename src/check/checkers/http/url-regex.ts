// The regex test of an HTTP_GET url. keepalived uses PCRE2 over the reply as it streams in (see
// response-reader.ts for what that includes); here the kept text is matched once with a JavaScript RegExp built from the same pattern and options (caseless, multiline, dotall,
// ungreedy is not available in JS and is ignored), honouring regex_min_offset / regex_max_offset: a match must
// start at or after min offset and no later than max offset.
import type { HttpUrl } from '../../../config/model/virtual-server';

const compiled = new Map<string, RegExp | null>();

function flagsFor(options: readonly string[]): string {
  let f = 'g';
  if (options.includes('caseless')) f += 'i';
  if (options.includes('multiline')) f += 'm';
  if (options.includes('dotall')) f += 's';
  return f;
}

function compile(url: HttpUrl): RegExp | null {
  const key = `${url.regexOptions.join(',')}\0${url.regex ?? ''}`;
  let re = compiled.get(key);
  if (re === undefined) {
    try {
      re = new RegExp(url.regex ?? '', flagsFor(url.regexOptions));
    } catch {
      re = null;
    }
    compiled.set(key, re);
  }
  return re;
}

/** Whether the body matches the url's regex within its offsets (an invalid pattern never matches). */
export function regexMatches(url: HttpUrl, body: string): boolean {
  const re = compile(url);
  if (re === null) return false;
  re.lastIndex = url.regexMinOffset;
  const m = re.exec(body);
  if (m === null) return false;
  return url.regexMaxOffset === undefined || m.index <= url.regexMaxOffset;
}
