// keepalived's `regex_options` words (check_http.c's table, all PCRE2 compile options) and what each means for the
// translation. Options that only steer PCRE2's optimiser or its UTF/UCP guards change no verdict here.

/** Options that can change inside the pattern ((?i) (?m) (?s) (?x) (?xx) (?n) (?U) (?J)). */
export interface InlineFlags {
  caseless: boolean;
  multiline: boolean;
  dotall: boolean;
  extended: boolean;
  extendedMore: boolean;
  noAutoCapture: boolean;
  ungreedy: boolean;
  dupnames: boolean;
}

/** Options fixed for the whole pattern. */
export interface PatternOptions {
  flags: InlineFlags;
  allowEmptyClass: boolean;
  altBsux: boolean;
  altCircumflex: boolean;
  dollarEndonly: boolean;
  firstline: boolean;
  matchUnsetBackref: boolean;
  neverBackslashC: boolean;
  /** Unicode properties for the byte values (\d \s \w \b, POSIX classes, caseless). */
  ucp: boolean;
  /** An option the translation cannot honour (utf, ucp): the pattern is reported, never guessed. */
  unsupported: string | undefined;
}

/** The names keepalived 2.2.7 accepts; any other word is skipped silently by keepalived. */
export const REGEX_OPTION_NAMES: readonly string[] = [
  'allow_empty_class', 'alt_bsux', 'auto_callout', 'caseless', 'dollar_endonly', 'dotall', 'dupnames', 'extended',
  'firstline', 'match_unset_backref', 'multiline', 'never_ucp', 'never_utf', 'no_auto_capture', 'no_auto_possess',
  'no_dotstar_anchor', 'no_start_optimize', 'ucp', 'ungreedy', 'utf', 'never_backslash_c', 'alt_circumflex',
  'alt_verbnames', 'use_offset_limit',
];

export function patternOptions(names: readonly string[]): PatternOptions {
  const has = (n: string): boolean => names.includes(n);
  const unsupported = ['utf'].filter(has);
  // keepalived's JIT, in partial mode, lets some patterns start just after the first newline and not others
  // (measured: /b/ matches "\nb", /^b/m does not); that depends on PCRE2's start-of-match optimisation.
  const firstline = has('firstline') ? 'regex_options firstline (the JIT moves its limit depending on the pattern)' : undefined;
  return {
    flags: {
      caseless: has('caseless'),
      multiline: has('multiline'),
      dotall: has('dotall'),
      extended: has('extended'),
      extendedMore: false,
      noAutoCapture: has('no_auto_capture'),
      ungreedy: has('ungreedy'),
      dupnames: has('dupnames'),
    },
    allowEmptyClass: has('allow_empty_class'),
    altBsux: has('alt_bsux'),
    altCircumflex: has('alt_circumflex'),
    dollarEndonly: has('dollar_endonly'),
    firstline: has('firstline'),
    matchUnsetBackref: has('match_unset_backref'),
    neverBackslashC: has('never_backslash_c'),
    ucp: has('ucp'),
    unsupported: unsupported.length > 0 ? `regex_options ${unsupported.join(' ')} (UTF-8 subjects)` : firstline,
  };
}
