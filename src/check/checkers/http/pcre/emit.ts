// Writes the parsed pattern as JavaScript regular-expression source, in one of two forms:
//  - 'complete': ordinary matching over the subject;
//  - 'partial': PCRE2_PARTIAL_HARD as keepalived asks for it. The subject gets a sentinel U+FFFF appended (no
//    subject character is above 0xFF). Wherever PCRE2 would look past the end of the subject and give up with a
//    partial match (a character wanted at the end, $ \z \Z \b \B there, an assertion reaching the end), the
//    translation instead consumes everything up to and including the sentinel, after which every item succeeds
//    empty. Backtracking order is the same in both engines, so the first result JavaScript finds is a complete
//    match exactly when PCRE2's first result is, and a partial one shows as a match that ends past the subject.
// Atomic groups and possessive quantifiers use the lookahead-capture-backreference idiom; lookbehinds are matched
// forwards from a fixed distance back, as PCRE2 does; group names are internal (g<N>, helpers h<N>).
import type { Node } from './ast';
import { CharSet, setSource, WORD_SET } from './charset';
import { fixedLength } from './measure';

/**
 * 'partialAtEnd' is 'partial' for an attempt starting at the very end of the subject, where the JIT does not turn
 * a starred "any character" (\C*, dotall .*) into a partial match (measured: /\C* / and /(?s).* / match "";
 * /x* /, /\C? / and /(?!\C)/ are partial there).
 */
export type EmitMode = 'complete' | 'partial' | 'partialAtEnd';

/** A character wanted at the end: consume the sentinel; past it (the true end) everything succeeds empty. */
const AT_END_PARTIAL = '(?:\\uffff|(?<=\\uffff))';
/** Give up with a partial match from anywhere: run to the true end (no way to back out of it). */
const JUMP = '[^]*(?<=\\uffff)';
/** Past the sentinel, zero-width items succeed too, so nothing after a partial hit can undo it. */
const PAST_END = '(?<=\\uffff)';

const ANY = '[\\x00-\\xff]';

/** `wordSet`: what \b and \B count as word characters (PCRE2's tables, or Unicode's under UCP). */
export function emitPattern(root: Node, mode: EmitMode, startOffset: number, wordSet: CharSet = WORD_SET): string {
  return new Emitter(mode, startOffset, wordSet).node(root, new Map());
}

class Emitter {
  private helpers = 0;
  private copies = 0;

  constructor(private readonly mode: EmitMode, private readonly startOffset: number, private readonly wordSet: CharSet) {}

  private helper(): string {
    return `h${++this.helpers}`;
  }

  private get partial(): boolean {
    return this.mode !== 'complete';
  }

  /** `rename` maps group numbers to the names of their current copy (assertions emitted twice). */
  node(n: Node, rename: Map<number, string>): string {
    switch (n.t) {
      case 'set': {
        const cls = setSource(n.set);
        return this.partial ? `(?:${cls}|${AT_END_PARTIAL})` : cls;
      }
      case 'seq':
        return n.items.map((i) => this.node(i, rename)).join('');
      case 'alt':
        return `(?:${n.alts.map((a) => this.node(a, rename)).join('|')})`;
      case 'group': {
        const body = this.node(n.body, rename);
        if (n.kind === 'capture') return `(?<${rename.get(n.index) ?? `g${n.index}`}>${body})`;
        if (n.kind === 'plain') return `(?:${body})`;
        return this.atomic(body);
      }
      case 'repeat':
        return this.repeat(n, rename);
      case 'backref': {
        const ref = `\\k<${rename.get(n.index) ?? `g${n.index}`}>`;
        return this.partial ? `(?:${ref}|${AT_END_PARTIAL})` : ref;
      }
      case 'newline':
        return this.partial
          ? `(?:\\r(?:\\n|${AT_END_PARTIAL}|)|[\\n\\x0b\\x0c\\x85]|${AT_END_PARTIAL})`
          : '(?:\\r\\n?|[\\n\\x0b\\x0c\\x85])';
      case 'fail':
        return this.partial ? PAST_END : '(?!)';
      case 'assert':
        return this.assertion(n.kind);
      case 'look':
        return this.look(n, rename);
    }
  }

  private atomic(body: string): string {
    const h = this.helper();
    return `(?=(?<${h}>${body}))\\k<${h}>`;
  }

  private repeat(n: Extract<Node, { t: 'repeat' }>, rename: Map<number, string>): string {
    const anyStar = n.body.t === 'set' && n.body.set.every((v) => v === 1) && n.min === 0 && n.max === Infinity;
    const body = this.mode === 'partialAtEnd' && anyStar ? `(?:${setSource((n.body as { set: CharSet }).set)}|${PAST_END})` : `(?:${this.node(n.body, rename)})`;
    let q: string;
    if (n.min === 0 && n.max === Infinity) q = '*';
    else if (n.min === 1 && n.max === Infinity) q = '+';
    else if (n.min === 0 && n.max === 1) q = '?';
    else if (n.max === Infinity) q = `{${n.min},}`;
    else if (n.min === n.max) q = `{${n.min}}`;
    else q = `{${n.min},${n.max}}`;
    if (n.mode === 'lazy') return body + q + '?';
    if (n.mode === 'possessive') return this.atomic(body + q);
    return body + q;
  }

  private assertion(kind: Extract<Node, { t: 'assert' }>['kind']): string {
    const a = this.plainAssertion(kind);
    return this.partial && !a.startsWith('(?:' + AT_END_PARTIAL) && a !== AT_END_PARTIAL ? `(?:${PAST_END}|${a})` : a;
  }

  private plainAssertion(kind: Extract<Node, { t: 'assert' }>['kind']): string {
    const p = this.partial;
    switch (kind) {
      case 'start':
        return '(?<![^])';
      case 'startLine':
        return `(?:(?<![^])|(?<=\\n)(?=${ANY}))`;
      case 'startLineAlt':
        return '(?:(?<![^])|(?<=\\n))';
      case 'startOffset':
        return this.startOffset === 0 ? '(?<![^])' : `(?<=^[^]{${this.startOffset}})`;
      case 'end':
        return p ? AT_END_PARTIAL : '(?![^])';
      case 'endNl':
        return p ? `(?:(?=\\n\\uffff)${JUMP}|${AT_END_PARTIAL})` : '(?=\\n?(?![^]))';
      case 'endLine':
        return p ? `(?:(?=\\n)|${AT_END_PARTIAL})` : '(?=\\n|(?![^]))';
      case 'wordB':
      case 'notWordB': {
        const w = setSource(this.wordSet);
        const boundary = `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
        const test = kind === 'wordB' ? boundary : `(?!${boundary})`;
        // At the start of the text nothing has been looked at yet: the JIT tests the boundary, no partial match.
        return p ? `(?:(?<![^])${test}|(?<=[^])(?:${AT_END_PARTIAL}|${test}))` : test;
      }
    }
  }

  private look(n: Extract<Node, { t: 'look' }>, rename: Map<number, string>): string {
    if (n.behind) {
      // Step back the branch's fixed length, then match it forwards (inside the lookbehind, which JavaScript
      // evaluates right to left, the lookahead runs left to right). Lookbehinds never reach past the end.
      const inner = new Emitter('complete', this.startOffset, this.wordSet);
      inner.helpers = this.helpers + 1000;
      const branches = n.body.t === 'alt' ? n.body.alts : [n.body];
      const parts = branches.map((b) => `(?=${inner.node(b, rename)})[^]{${fixedLength(b) ?? 0}}`);
      this.helpers = inner.helpers;
      const look = `(?<${n.negative ? '!' : '='}${parts.join('|')})`;
      return this.partial ? `(?:${PAST_END}|${look})` : look;
    }
    if (!this.partial) return `(?${n.negative ? '!' : '='}${this.node(n.body, rename)})`;
    const h = this.helper();
    const first = `(?=(?<${h}>${this.node(n.body, rename)}))`;
    const reachedEnd = `(?=\\k<${h}>(?<=\\uffff))`;
    if (!n.negative) return `(?:${PAST_END}|${first}(?:${reachedEnd}${JUMP}|(?!\\k<${h}>(?<=\\uffff))))`;
    // A negative assertion is tried twice: once to see whether it ran into the end (then the whole match is
    // partial), once for its own verdict. The second copy's groups get names of their own.
    const copy = new Map(rename);
    const id = ++this.copies;
    for (const g of captureIndexes(n.body)) copy.set(g, `g${g}c${id}`);
    return `(?:${PAST_END}|${first}${reachedEnd}${JUMP}|(?!${this.node(n.body, copy)}))`;
  }
}

function captureIndexes(n: Node, out: number[] = []): number[] {
  switch (n.t) {
    case 'seq':
      n.items.forEach((i) => captureIndexes(i, out));
      break;
    case 'alt':
      n.alts.forEach((a) => captureIndexes(a, out));
      break;
    case 'group':
      if (n.kind === 'capture') out.push(n.index);
      captureIndexes(n.body, out);
      break;
    case 'look':
    case 'repeat':
      captureIndexes(n.body, out);
      break;
    default:
      break;
  }
  return out;
}
