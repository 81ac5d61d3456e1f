// PCRE2 pattern + keepalived regex_options → the JavaScript regular expressions that reproduce it (see emit.ts),
// cached per pattern/options/start offset, or the reason it cannot be: PCRE2 refuses it (keepalived logs
// "Invalid regex") or the translation cannot reproduce it exactly (reported, never approximated).
// Known gap: PCRE2 skips start positions that cannot begin a match (first code unit / start bits); a lookahead
// that runs into the end of the text from such a position gives PCRE2 no partial match, while here it does, so a
// later complete match is missed. It needs a leading lookahead that can span to the end of the body.
import { PcreSyntaxError, Untranslatable } from './ast';
import { checkBackrefs } from './backrefs';
import { emitPattern } from './emit';
import { emptyComesLast, hasLookbehind, minLength } from './measure';
import type { Node } from './ast';
import { patternOptions } from './options';
import { parsePattern } from './parse';
import { WORD_SET } from './charset';
import { UCP_WORD } from './ucp';

export type CompiledPcre =
  | {
      kind: 'ok';
      /** PCRE2_PARTIAL_HARD form, run over subject + U+FFFF. */
      partial: RegExp;
      /** Ordinary form, sticky, for an empty match at the very end of the subject. */
      complete: RegExp;
      /** PARTIAL_HARD form for an attempt at the very end (sticky; see emit.ts 'partialAtEnd'). */
      partialAtEnd: RegExp;
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
    checkEmptyIterations(root);
    const wordSet = opts.ucp ? UCP_WORD : WORD_SET;
    return {
      kind: 'ok',
      partial: new RegExp(emitPattern(root, 'partial', startOffset, wordSet), 'g'),
      complete: new RegExp(emitPattern(root, 'complete', startOffset, wordSet), 'y'),
      partialAtEnd: new RegExp(emitPattern(root, 'partialAtEnd', startOffset, wordSet), 'y'),
      emptyPartial: minLength(root) === 0 || hasLookbehind(root),
    };
  } catch (e) {
    if (e instanceof PcreSyntaxError) return { kind: 'invalid', message: e.message, offset: e.offset };
    if (e instanceof Untranslatable) return { kind: 'untranslatable', reason: e.message };
    // The emitted source is ours; JavaScript refusing it is a translation gap, not the operator's error.
    return { kind: 'untranslatable', reason: (e as Error).message };
  }
}

/** A repeat whose body can match nothing before trying to match something (see emptyComesLast). */
function checkEmptyIterations(n: Node): void {
  switch (n.t) {
    case 'seq':
      n.items.forEach(checkEmptyIterations);
      return;
    case 'alt':
      n.alts.forEach(checkEmptyIterations);
      return;
    case 'group':
    case 'look':
      checkEmptyIterations(n.body);
      return;
    case 'repeat':
      if (n.max > n.min && minLength(n.body) === 0 && !emptyComesLast(n.body)) {
        throw new Untranslatable('a repeated group that can match the empty string before its other ways');
      }
      checkEmptyIterations(n.body);
      return;
    default:
      return;
  }
}

export type PcreResult = { kind: 'match'; index: number } | { kind: 'partial'; index: number } | { kind: 'nomatch' };

/** pcre2_match(subject, startOffset, PCRE2_PARTIAL_HARD) over a whole subject (a latin1 string). */
export function matchPcre(c: Extract<CompiledPcre, { kind: 'ok' }>, subject: string, startOffset = 0): PcreResult {
  const len = subject.length;
  if (startOffset > len) return { kind: 'nomatch' };
  c.partial.lastIndex = startOffset;
  const m = c.partial.exec(subject + '\uffff');
  if (m !== null && m.index < len) {
    return m.index + m[0].length > len ? { kind: 'partial', index: m.index } : { kind: 'match', index: m.index };
  }
  if (c.emptyPartial) {
    c.partialAtEnd.lastIndex = len;
    const e = c.partialAtEnd.exec(subject + '\uffff');
    if (e === null) return { kind: 'nomatch' };
    return e[0].length > 0 ? { kind: 'partial', index: len } : { kind: 'match', index: len };
  }
  // Only an attempt at the very end is left, where PCRE2 reports no partial match that inspected nothing.
  c.complete.lastIndex = len;
  return c.complete.exec(subject) !== null ? { kind: 'match', index: len } : { kind: 'nomatch' };
}


