// PCRE2 pattern + keepalived regex_options → the two JavaScript regular expressions that reproduce it (see
// emit.ts), cached per pattern/options/start offset, or the reason it cannot be: PCRE2 refuses it (keepalived logs
// "Invalid regex") or the translation cannot reproduce it exactly (reported, never approximated).
import { PcreSyntaxError, Untranslatable } from './ast';
import { checkBackrefs } from './backrefs';
import { emitPattern, hasLookbehind, minLength } from './emit';
import { patternOptions } from './options';
import { parsePattern } from './parse';

export type CompiledPcre =
  | {
      kind: 'ok';
      /** PCRE2_PARTIAL_HARD form, run over subject + U+FFFF. */
      partial: RegExp;
      /** Ordinary form, sticky, for an empty match at the very end of the subject. */
      complete: RegExp;
      /** PCRE2 also reports a partial match that inspected nothing (pattern can match empty or has a lookbehind). */
      emptyPartial: boolean;
    }
  | { kind: 'invalid'; message: string; offset: number }
  | { kind: 'untranslatable'; reason: string };

const cache = new Map<string, CompiledPcre>();

/** A pattern as PCRE2 sees it: one byte per character (the config text may hold UTF-8 decoded characters). */
function asBytes(pattern: string): string {
  return /[^\x00-\x7f]/.test(pattern) ? Buffer.from(pattern, 'utf8').toString('latin1') : pattern;
}

export function compilePcre(pattern: string, options: readonly string[], startOffset = 0): CompiledPcre {
  const key = `${startOffset}\0${[...options].sort().join(',')}\0${pattern}`;
  let c = cache.get(key);
  if (c === undefined) {
    c = build(asBytes(pattern), options, startOffset);
    cache.set(key, c);
  }
  return c;
}

function build(pattern: string, options: readonly string[], startOffset: number): CompiledPcre {
  const opts = patternOptions(options);
  try {
    const { root } = parsePattern(pattern, opts);
    checkBackrefs(root);
    return {
      kind: 'ok',
      partial: new RegExp(emitPattern(root, 'partial', startOffset), 'g'),
      complete: new RegExp(emitPattern(root, 'complete', startOffset), 'y'),
      emptyPartial: minLength(root) === 0 || hasLookbehind(root),
    };
  } catch (e) {
    if (e instanceof PcreSyntaxError) return { kind: 'invalid', message: e.message, offset: e.offset };
    if (e instanceof Untranslatable) return { kind: 'untranslatable', reason: e.message };
    // The emitted source is ours; JavaScript refusing it is a translation gap, not the operator's error.
    return { kind: 'untranslatable', reason: (e as Error).message };
  }
}

export type PcreResult = { kind: 'match'; index: number } | { kind: 'partial'; index: number } | { kind: 'nomatch' };

/** pcre2_match(subject, startOffset, PCRE2_PARTIAL_HARD) over a whole subject (a latin1 string). */
export function matchPcre(c: Extract<CompiledPcre, { kind: 'ok' }>, subject: string, startOffset = 0): PcreResult {
  const len = subject.length;
  if (startOffset > len) return { kind: 'nomatch' };
  c.partial.lastIndex = startOffset;
  const m = c.partial.exec(subject + '\uffff');
  if (m !== null && (m.index < len || (m.index === len && c.emptyPartial))) {
    return m.index + m[0].length > len ? { kind: 'partial', index: m.index } : { kind: 'match', index: m.index };
  }
  // Only an attempt at the very end is left, where PCRE2 reports no partial match that inspected nothing.
  c.complete.lastIndex = len;
  return c.complete.exec(subject) !== null ? { kind: 'match', index: len } : { kind: 'nomatch' };
}


