// HTTP_GET url regexes: keepalived compiles them with PCRE2 and only logs a failure ("Invalid regex"), so a wrong
// pattern never changes the configuration verdict. The PCRE2 translation (check/checkers/http/pcre) decides what
// PCRE2 would refuse, and names the valid patterns keepalived-ts cannot reproduce exactly.
import { compilePcre } from '../../../check/checkers/http/pcre/compile';
import { REGEX_OPTION_NAMES } from '../../../check/checkers/http/pcre/options';

/** The `regex_options` words keepalived 2.2.7 knows (PCRE2 compile options); others are ignored. */
export const REGEX_OPTIONS: readonly string[] = REGEX_OPTION_NAMES;

export interface RegexProblem {
  /** keepalived's log line; the url then has no regex. */
  invalid?: string;
  /** Our own warning: the regex stays, and its check always fails rather than guess. */
  untranslatable?: string;
}

export function checkRegex(pattern: string, options: readonly string[]): RegexProblem {
  const c = compilePcre(pattern, options);
  if (c.kind === 'invalid') return { invalid: `Invalid regex: '${pattern}' at offset ${c.offset}: ${c.message}` };
  if (c.kind === 'untranslatable') {
    return { untranslatable: `regex '${pattern}' uses ${c.reason}, which keepalived-ts cannot reproduce exactly - this url's regex check will always fail` };
  }
  return {};
}
