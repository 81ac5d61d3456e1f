// The parsed form of a PCRE2 pattern, with every inline option already resolved into the nodes (a caseless letter
// is a two-member set, an ungreedy `*` is lazy, a multiline `^` is a line start), so the emitter needs no flags.
import type { CharSet } from './charset';

export type Assertion =
  | 'start' // \A, ^
  | 'startLine' // ^ with multiline (not after a final newline)
  | 'startLineAlt' // ^ with multiline and alt_circumflex
  | 'end' // \z, $ with dollar_endonly
  | 'endNl' // \Z, $: the end or before a final newline
  | 'endLine' // $ with multiline
  | 'wordB'
  | 'notWordB'
  | 'startOffset'; // \G

export type Node =
  | { t: 'set'; set: CharSet }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; alts: Node[] }
  | { t: 'group'; kind: 'capture' | 'plain' | 'atomic'; index: number; body: Node }
  | { t: 'look'; behind: boolean; negative: boolean; body: Node }
  | { t: 'repeat'; body: Node; min: number; max: number; mode: 'greedy' | 'lazy' | 'possessive' }
  | { t: 'assert'; kind: Assertion }
  | { t: 'backref'; index: number }
  | { t: 'newline' } // \R
  | { t: 'fail' };

/** A pattern PCRE2 itself rejects: keepalived logs it as an invalid regex. */
export class PcreSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** A valid PCRE2 pattern whose meaning the JavaScript translation cannot reproduce exactly. */
export class Untranslatable extends Error {}
