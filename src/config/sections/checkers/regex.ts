// HTTP_GET url regexes: keepalived compiles them with PCRE2 and only logs a failure, so a wrong pattern never
// changes the verdict. JavaScript's RegExp is close enough to flag plain syntax errors; patterns using PCRE-only
// constructs are not judged.

/** The `regex_options` words keepalived 2.2.7 knows (PCRE2 compile options); others are ignored. */
export const REGEX_OPTIONS: readonly string[] = [
  'allow_empty_class',
  'alt_bsux',
  'auto_callout',
  'caseless',
  'dollar_endonly',
  'dotall',
  'dupnames',
  'extended',
  'firstline',
  'match_unset_backref',
  'multiline',
  'never_ucp',
  'never_utf',
  'no_auto_capture',
  'no_auto_possess',
  'no_dotstar_anchor',
  'no_start_optimize',
  'ucp',
  'ungreedy',
  'utf',
  'never_backslash_c',
  'alt_circumflex',
  'alt_verbnames',
  'use_offset_limit',
];

/** Constructs PCRE2 accepts that JavaScript's RegExp does not. */
const PCRE_ONLY = /\(\?[>#|imsxnJU^-]|\(\*|\\[AZzQEGKRhHvVNC]|[*+?}]\+|\\[pPgk]|\[\[:/;

/** keepalived's "Invalid regex" log line for a pattern that cannot compile, else undefined. */
export function checkRegex(pattern: string, options: readonly string[]): string | undefined {
  if (PCRE_ONLY.test(pattern) || options.includes('extended')) return undefined;
  try {
    new RegExp(pattern, options.includes('caseless') ? 'i' : '');
    return undefined;
  } catch (e) {
    const reason = (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '');
    return `Invalid regex: '${pattern}' at offset 0: ${reason}`;
  }
}
