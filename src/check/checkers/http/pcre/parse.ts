// Reads a PCRE2 pattern (8-bit, non-UTF: one byte per character) into the tree of ast.ts. Patterns PCRE2 would
// refuse raise PcreSyntaxError with PCRE2's message; valid patterns whose meaning JavaScript cannot reproduce
// (recursion, conditionals, \K, backtracking verbs, \p, \X, caseless back references...) raise Untranslatable.
import { Assertion, Node, PcreSyntaxError, Untranslatable } from './ast';
import { addInto, CharSet, emptySet, escapeSet, foldCase, negate, posixSet, rangeSet, setOf } from './charset';
import { fixedLength } from './measure';
import type { InlineFlags, PatternOptions } from './options';
import { ucpEscape, ucpFold, ucpPosix } from './ucp';

export interface ParsedPattern {
  root: Node;
  captureCount: number;
}

interface PendingRef {
  node: Extract<Node, { t: 'backref' }>;
  number?: number;
  name?: string;
  offset: number;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isOctal = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '7';
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isWordChar = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9_]$/.test(c);
const SPACE_CHARS = ' \t\n\v\f\r';
const MAX_QUANT = 65535;

/** What atom() returns for (?#…), \E and an empty \Q\E: nothing, and a quantifier after it applies to the item before. */
const TRANSPARENT: Node = { t: 'seq', items: [] };
/** Left in a sequence by an option setting: a quantifier after a later comment has nothing to repeat. */
const TRANSPARENT_BARRIER: Node = { t: 'assert', kind: 'start' };

/** Single-character escapes with a fixed value (outside and inside classes). */
const SIMPLE_ESCAPES: Record<string, number> = { a: 7, e: 27, f: 12, n: 10, r: 13, t: 9 };

export function parsePattern(pattern: string, opts: PatternOptions): ParsedPattern {
  return new Parser(pattern, opts).run();
}

class Parser {
  private pos = 0;
  private flags: InlineFlags;
  private captures = 0;
  private readonly names = new Map<string, number[]>();
  private readonly refs: PendingRef[] = [];
  /** Set by classItem when it returned a Unicode property set. */
  private lastWasProperty = false;
  /** The first construct found that the translation cannot reproduce; reported once the whole pattern parsed. */
  private untranslatable: string | undefined;

  constructor(private readonly src: string, private readonly opts: PatternOptions) {
    this.flags = { ...opts.flags };
  }

  /** PCRE2's syntax errors win over our limits, so parsing goes on after an untranslatable construct. */
  private defer(reason: string): void {
    this.untranslatable ??= reason;
  }

  run(): ParsedPattern {
    if (this.opts.unsupported !== undefined) this.defer(this.opts.unsupported);
    const root = this.alternation();
    if (this.pos < this.src.length) throw this.syntax('unmatched closing parenthesis', this.pos);
    for (const r of this.refs) {
      let index = r.number;
      if (r.name !== undefined) {
        const numbers = this.names.get(r.name);
        if (numbers === undefined) throw this.syntax('reference to non-existent subpattern', r.offset);
        if (numbers.length > 1) this.defer('a back reference to a duplicated group name');
        index = numbers[0];
      }
      if (index === undefined || index > this.captures || index <= 0) throw this.syntax('reference to non-existent subpattern', r.offset);
      r.node.index = index;
    }
    if (this.untranslatable !== undefined) throw new Untranslatable(this.untranslatable);
    return { root, captureCount: this.captures };
  }

  private syntax(message: string, offset: number): PcreSyntaxError {
    return new PcreSyntaxError(message, offset);
  }

  private peek(n = 0): string | undefined {
    return this.src[this.pos + n];
  }

  private startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  /** In extended mode, white space and #-comments between items are not part of the pattern. */
  private skipExtended(): void {
    if (!this.flags.extended) return;
    for (;;) {
      const c = this.peek();
      if (c !== undefined && SPACE_CHARS.includes(c)) this.pos++;
      else if (c === '#') {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      } else return;
    }
  }

  private alternation(): Node {
    const alts: Node[] = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      alts.push(this.sequence());
    }
    return alts.length === 1 ? alts[0] : { t: 'alt', alts };
  }

  private sequence(): Node {
    const items: Node[] = [];
    // The item quantified last, while only comments followed: a ? or + after them is still its suffix
    // (PCRE2 drops comments before reading quantifiers, so `a*(?#c)?` is `a*?`).
    let lastQ: { atom: Node; min: number; max: number; suffix: string } | undefined;
    for (;;) {
      this.skipExtended();
      const c = this.peek();
      if (c === undefined || c === '|' || c === ')') break;
      let atom = this.atom();
      if (atom === TRANSPARENT) {
        this.skipExtended();
        if (!this.quantifierAhead()) continue;
        const ch = this.peek();
        if (lastQ !== undefined) {
          if (lastQ.suffix !== '' || (ch !== '?' && ch !== '+')) throw this.misplacedQuantifier();
          this.pos++;
          lastQ.suffix = ch;
          items[items.length - 1] = this.quantified(lastQ);
          continue;
        }
        const last = items.pop();
        if (last === undefined || last.t === 'assert' || last.t === 'fail') throw this.misplacedQuantifier();
        lastQ = this.quantifierFor(last);
        items.push(this.quantified(lastQ));
        continue;
      }
      lastQ = undefined;
      if (atom !== null && atom.t === 'seq') {
        // \Q…\E: a following quantifier repeats its last character only.
        items.push(...atom.items.slice(0, -1));
        atom = atom.items[atom.items.length - 1];
      }
      if (atom === null) {
        // An option setting: nothing to repeat, even after a later comment.
        this.skipExtended();
        if (this.quantifierAhead()) throw this.misplacedQuantifier();
        items.push(TRANSPARENT_BARRIER);
        continue;
      }
      this.skipExtended();
      if (this.quantifierAhead()) {
        if (atom.t === 'assert' || atom.t === 'fail') throw this.misplacedQuantifier();
        lastQ = this.quantifierFor(atom);
        items.push(this.quantified(lastQ));
        this.skipExtended();
        if (this.quantifierAhead()) throw this.misplacedQuantifier();
      } else items.push(atom);
    }
    const kept = items.filter((i) => i !== TRANSPARENT_BARRIER);
    return kept.length === 1 ? kept[0] : { t: 'seq', items: kept };
  }

  private misplacedQuantifier(): PcreSyntaxError {
    return this.syntax('quantifier does not follow a repeatable item', this.quantifierEnd());
  }

  /** Reads the quantifier at pos (with its ? or + suffix) for `atom`. */
  private quantifierFor(atom: Node): { atom: Node; min: number; max: number; suffix: string } {
    const { min, max } = this.quantifierBounds();
    let suffix = '';
    if (this.peek() === '+' || this.peek() === '?') suffix = this.src[this.pos++];
    return { atom, min, max, suffix };
  }

  private quantified(q: { atom: Node; min: number; max: number; suffix: string }): Node {
    let mode: 'greedy' | 'lazy' | 'possessive' = q.suffix === '+' ? 'possessive' : q.suffix === '?' ? 'lazy' : 'greedy';
    if (this.flags.ungreedy && mode !== 'possessive') mode = mode === 'greedy' ? 'lazy' : 'greedy';
    return this.applyQuantifier(q.atom, { min: q.min, max: q.max, mode });
  }

  private applyQuantifier(atom: Node, q: { min: number; max: number; mode: 'greedy' | 'lazy' | 'possessive' }): Node {
    if (atom.t === 'look') {
      // PCRE2 runs a repeated assertion at most once; {0,…} makes it optional.
      if (q.max === 0) return { t: 'seq', items: [] };
      return q.min === 0 ? { t: 'repeat', body: atom, min: 0, max: 1, mode: q.mode } : atom;
    }
    return { t: 'repeat', body: atom, ...q };
  }

  /** Whether a quantifier starts here (`{` only when it forms a valid {n}, {n,} or {n,m}). */
  private quantifierAhead(): boolean {
    const c = this.peek();
    if (c === '*' || c === '+' || c === '?') return true;
    return c === '{' && /^\{\d+(,\d*)?\}/.test(this.src.slice(this.pos, this.pos + 20));
  }

  /** PCRE2 reports a misplaced quantifier at its last character. */
  private quantifierEnd(): number {
    return this.peek() === '{' ? this.src.indexOf('}', this.pos) : this.pos;
  }

  private quantifierBounds(): { min: number; max: number } {
    const c = this.src[this.pos++];
    if (c === '*') return { min: 0, max: Infinity };
    if (c === '+') return { min: 1, max: Infinity };
    if (c === '?') return { min: 0, max: 1 };
    const m = /^(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos)) as RegExpExecArray;
    const at = this.pos;
    this.pos += m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (min > MAX_QUANT || (max !== Infinity && max > MAX_QUANT)) throw this.syntax('number too big in {} quantifier', at + m[0].length - 1);
    if (max < min) throw this.syntax('numbers out of order in {} quantifier', at + m[0].length - 1);
    return { min, max };
  }

  private fold(s: CharSet): CharSet {
    return this.opts.ucp ? ucpFold(s) : foldCase(s);
  }

  /** \d \s \w \h \v and complements, by Unicode properties under UCP. */
  private escapeSet(letter: string): CharSet | undefined {
    const lower = letter.toLowerCase();
    if (this.opts.ucp && (lower === 'd' || lower === 's' || lower === 'w')) {
      const s = ucpEscape(lower);
      return letter === lower ? s : negate(s);
    }
    return escapeSet(letter);
  }

  private literal(code: number): Node {
    const s = setOf(code);
    return { t: 'set', set: this.flags.caseless ? this.fold(s) : s };
  }

  private atom(): Node | null {
    const c = this.src[this.pos];
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '.':
        this.pos++;
        return { t: 'set', set: this.flags.dotall ? rangeSet(0, 255) : negate(setOf(10)) };
      case '^':
        this.pos++;
        return this.assertion(this.flags.multiline ? (this.opts.altCircumflex ? 'startLineAlt' : 'startLine') : 'start');
      case '$':
        this.pos++;
        return this.assertion(this.flags.multiline ? 'endLine' : this.opts.dollarEndonly ? 'end' : 'endNl');
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw this.syntax('quantifier does not follow a repeatable item', this.pos);
      case '{':
        if (this.quantifierAhead()) throw this.syntax('quantifier does not follow a repeatable item', this.quantifierEnd());
        this.pos++;
        return this.literal(c.charCodeAt(0));
      default:
        this.pos++;
        return this.literal(c.charCodeAt(0));
    }
  }

  private assertion(kind: Assertion): Node {
    return { t: 'assert', kind };
  }

  // ---- escapes -------------------------------------------------------------------------------------------------

  /** An escape outside a class; the backslash is at pos. Returns null for \E and empty \Q\E. */
  private escape(): Node {
    const at = this.pos;
    this.pos++;
    const c = this.src[this.pos];
    if (c === undefined) throw this.syntax('\\ at end of pattern', this.pos);
    this.pos++;
    const set = this.escapeSet(c);
    if (set !== undefined) return { t: 'set', set };
    switch (c) {
      case 'A':
        return this.assertion('start');
      case 'z':
        return this.assertion('end');
      case 'Z':
        return this.assertion('endNl');
      case 'b':
        return this.assertion('wordB');
      case 'B':
        return this.assertion('notWordB');
      case 'G':
        return this.assertion('startOffset');
      case 'N':
        if (this.startsWith('{U+')) throw this.syntax('\\N{U+dddd} is supported only in Unicode (UTF) mode', this.pos);
        if (this.peek() === '{' && !this.quantifierAhead()) throw this.syntax('PCRE2 does not support \\F, \\L, \\l, \\N{name}, \\U, or \\u', this.pos);
        return { t: 'set', set: negate(setOf(10)) };
      case 'R':
        return { t: 'newline' };
      case 'C':
        if (this.opts.neverBackslashC) throw this.syntax('using \\C is disabled by the application', this.pos);
        return { t: 'set', set: rangeSet(0, 255) };
      case 'Q':
        return this.quoted();
      case 'E':
        return TRANSPARENT;
      case 'K':
        this.defer('\\K (resetting the match start)');
        return { t: 'seq', items: [] };
      case 'X':
        this.defer('\\X (extended grapheme clusters)');
        return { t: 'set', set: emptySet() };
      case 'p':
      case 'P':
        return this.property();
      case 'g':
        return this.gEscape(at);
      case 'k':
        return this.namedRef(at);
    }
    if (isDigit(c)) {
      this.pos--;
      return this.digitEscape(at);
    }
    this.pos = at;
    return this.literal(this.charEscape(false));
  }

  /** \p{…} / \pL: valid syntax is left to PCRE2's property table, which the translation does not carry. */
  private property(): Node {
    if (this.peek() === '{') {
      const close = this.src.indexOf('}', this.pos);
      if (close < 0 || close === this.pos + 1) throw this.syntax('malformed \\P or \\p sequence', close < 0 ? this.src.length : close);
      this.pos = close + 1;
    } else if (this.peek() !== undefined && /[A-Za-z]/.test(this.peek() as string)) {
      // One-letter names are the general categories.
      if (!'CLMNPSZ'.includes(this.peek() as string)) throw this.syntax('unknown property after \\P or \\p', this.pos + 1);
      this.pos++;
    }
    else throw this.syntax('malformed \\P or \\p sequence', this.pos + 1);
    this.defer('\\p / \\P (Unicode properties)');
    return { t: 'set', set: emptySet() };
  }

  /** \Q…\E: the characters in between are literals. */
  private quoted(): Node {
    const end = this.src.indexOf('\\E', this.pos);
    const text = this.src.slice(this.pos, end < 0 ? undefined : end);
    this.pos = end < 0 ? this.src.length : end + 2;
    if (text === '') return TRANSPARENT;
    const items = [...text].map((ch) => this.literal(ch.charCodeAt(0)));
    // A quantifier after \Q…\E repeats the last character only, as PCRE2 does.
    return items.length === 1 ? items[0] : { t: 'seq', items: items };
  }

  /**
   * An escape standing for one character; the backslash is at pos and pos moves past the escape. Used outside
   * classes (after the set/assertion escapes were handled) and inside them.
   */
  private charEscape(inClass: boolean): number {
    const at = this.pos;
    this.pos++;
    const c = this.src[this.pos++];
    if (c === undefined) throw this.syntax('\\ at end of pattern', at + 1);
    if (SIMPLE_ESCAPES[c] !== undefined) return SIMPLE_ESCAPES[c];
    if (inClass && c === 'b') return 8;
    if (c === 'x') return this.hexEscape();
    if (c === 'o') return this.braceNumber(8, at);
    if (c === 'c') {
      const x = this.src[this.pos++];
      if (x === undefined) throw this.syntax('\\c at end of pattern', this.pos - 1);
      const code = x.charCodeAt(0);
      if (code < 32 || code > 126) throw this.syntax('\\c must be followed by a printable ASCII character', this.pos - 1);
      return x.toUpperCase().charCodeAt(0) ^ 0x40;
    }
    if (this.opts.altBsux && c === 'u') {
      const m = /^[0-9a-fA-F]{4}/.exec(this.src.slice(this.pos));
      if (m === null) return 'u'.charCodeAt(0);
      this.pos += 4;
      return this.checkCode(parseInt(m[0], 16), at);
    }
    if (this.opts.altBsux && c === 'U') return 'U'.charCodeAt(0);
    if (isOctal(c)) {
      // Only reached for \0… outside a class, and for any octal digit inside one.
      let v = Number(c);
      for (let i = 0; i < 2 && isOctal(this.peek()); i++) v = v * 8 + Number(this.src[this.pos++]);
      return this.checkCode(v, at);
    }
    if (c === '8' || c === '9') throw this.syntax('\\8 or \\9 is not a valid escape in a character class', this.pos - 1);
    if ('LlUuF'.includes(c) || (c === 'N' && this.peek() === '{')) throw this.syntax('PCRE2 does not support \\F, \\L, \\l, \\N{name}, \\U, or \\u', this.pos);
    if (/[A-Za-z0-9]/.test(c)) {
      if (inClass && /[ABGKNRXZzgkpPQE]/.test(c)) throw this.syntax('escape sequence is invalid in character class', this.pos);
      throw this.syntax('unrecognized character follows \\', this.pos - 1);
    }
    return c.charCodeAt(0);
  }

  private checkCode(v: number, at: number): number {
    if (v > 255) throw this.syntax('character code point value in \\x{} or \\o{} is too large', at);
    return v;
  }

  private hexEscape(): number {
    const at = this.pos - 2;
    if (this.opts.altBsux) {
      const m = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.pos));
      if (m === null) return 'x'.charCodeAt(0);
      this.pos += 2;
      return parseInt(m[0], 16);
    }
    if (this.peek() === '{') return this.braceNumber(16, at);
    let v = 0;
    for (let i = 0; i < 2 && isHex(this.peek()); i++) v = v * 16 + parseInt(this.src[this.pos++], 16);
    return v;
  }

  /** \x{…} or \o{…}; pos is at the brace. */
  private braceNumber(radix: 8 | 16, at: number): number {
    if (this.peek() !== '{') throw this.syntax('missing opening brace after \\o', this.pos);
    const close = this.src.indexOf('}', this.pos);
    const body = close < 0 ? this.src.slice(this.pos + 1) : this.src.slice(this.pos + 1, close);
    const ok = radix === 16 ? /^[0-9a-fA-F]+$/.test(body) : /^[0-7]+$/.test(body);
    if (close < 0 || !ok) {
      if (radix === 8) throw this.syntax(body === '' ? 'digits missing in \\x{} or \\o{} or \\N{U+}' : 'non-octal character in \\o{} (closing brace missing?)', this.pos + 1);
      throw this.syntax(body === '' ? 'digits missing in \\x{} or \\o{} or \\N{U+}' : 'non-hex character in \\x{} (closing brace missing?)', this.pos + 1);
    }
    this.pos = close + 1;
    return this.checkCode(parseInt(body, radix), close);
  }

  /** \1…\9…: a back reference, or an octal character when there are not that many groups yet. */
  private digitEscape(at: number): Node {
    const m = /^\d+/.exec(this.src.slice(this.pos)) as RegExpExecArray;
    const n = Number(m[0]);
    if (m[0][0] !== '0' && (n < 10 || m[0][0] === '8' || m[0][0] === '9' || n <= this.captures)) {
      this.pos += m[0].length;
      return this.backref({ number: n }, this.pos - 1);
    }
    this.pos = at;
    return this.literal(this.charEscape(false));
  }

  private backref(target: { number?: number; name?: string }, at: number): Node {
    if (this.flags.caseless) this.defer('a back reference under caseless matching');
    const node: Extract<Node, { t: 'backref' }> = { t: 'backref', index: 0 };
    this.refs.push({ node, ...target, offset: at });
    return node;
  }

  /** \g: \gN \g{N} \g{-N} \g{name} are back references; \g<…> \g'…' are subroutine calls. */
  private gEscape(at: number): Node {
    const c = this.peek();
    if (c === '<' || c === "'") {
      const close = this.src.indexOf(c === '<' ? '>' : "'", this.pos + 1);
      if (close < 0) throw this.syntax('\\g is not followed by a braced, angle-bracketed, or quoted name/number or by a plain number', this.pos);
      this.pos = close + 1;
      this.defer('\\g<…> subroutine calls');
      return { t: 'set', set: emptySet() };
    }
    let body: string;
    if (c === '{') {
      const close = this.src.indexOf('}', this.pos);
      if (close < 0) throw this.syntax('a numbered reference must not be zero', this.pos);
      body = this.src.slice(this.pos + 1, close);
      this.pos = close + 1;
    } else {
      const m = /^[+-]?\d+/.exec(this.src.slice(this.pos));
      if (m === null) throw this.syntax('\\g is not followed by a braced, angle-bracketed, or quoted name/number or by a plain number', this.pos);
      body = m[0];
      this.pos += m[0].length;
    }
    if (/^-?\d+$/.test(body)) {
      let n = Number(body);
      if (n === 0) throw this.syntax('a numbered reference must not be zero', at);
      if (n < 0) {
        n = this.captures + 1 + n;
        if (n <= 0) throw this.syntax('reference to non-existent subpattern', at);
      }
      return this.backref({ number: n }, this.pos - 1);
    }
    if (body.startsWith('+')) throw this.syntax('\\g is not followed by a braced, angle-bracketed, or quoted name/number or by a plain number', at);
    return this.backref({ name: body }, at);
  }

  /** \k<name> \k'name' \k{name}. */
  private namedRef(at: number): Node {
    const open = this.peek();
    const close = open === '<' ? '>' : open === "'" ? "'" : open === '{' ? '}' : undefined;
    if (close === undefined) throw this.syntax('\\k is not followed by a braced, angle-bracketed, or quoted name', this.pos);
    this.pos++;
    return this.backref({ name: this.groupName(close) }, at);
  }

  /** A group name up to its terminator (consumed). */
  private groupName(terminator: string): string {
    const start = this.pos;
    if (isDigit(this.peek())) throw this.syntax('subpattern name must start with a non-digit', this.pos);
    while (isWordChar(this.peek())) this.pos++;
    const name = this.src.slice(start, this.pos);
    if (name === '') throw this.syntax('subpattern name expected', this.pos);
    if (name.length > 32) throw this.syntax('subpattern name is too long (maximum 32 code units)', this.pos);
    if (this.peek() !== terminator) throw this.syntax('syntax error in subpattern name (missing terminator?)', this.pos);
    this.pos++;
    return name;
  }

  // ---- character classes ---------------------------------------------------------------------------------------

  private charClass(): Node {
    const open = this.pos;
    if (/^\[([:.=])[^\][\\]*?\1\]/.test(this.src.slice(this.pos))) throw this.syntax('POSIX named classes are supported only within a class', this.pos);
    this.pos++;
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const set = emptySet();
    // Unicode property sets (POSIX classes under ucp) are not case-folded.
    const unfolded = emptySet();
    if (this.peek() === ']') {
      if (this.opts.allowEmptyClass) {
        this.pos++;
        return { t: 'set', set: negated ? rangeSet(0, 255) : set };
      }
      this.pos++;
      set[93] = 1;
    }
    for (;;) {
      if (this.flags.extendedMore) while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
      const c = this.peek();
      if (c === undefined) throw this.syntax('missing terminating ] for character class', this.src.length);
      if (c === ']') {
        this.pos++;
        break;
      }
      const item = this.classItem(open);
      if (item === null) continue;
      if (typeof item !== 'number') {
        addInto(this.lastWasProperty ? unfolded : set, item);
        if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) throw this.syntax('invalid range in character class', this.pos);
        continue;
      }
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        const dash = this.pos;
        this.pos++;
        const hi = this.classItem(open);
        if (hi === null) {
          // `[a-\E]`: the dash is literal.
          set[item] = 1;
          set[45] = 1;
          continue;
        }
        if (typeof hi !== 'number') throw this.syntax('invalid range in character class', dash + 2);
        if (hi < item) throw this.syntax('range out of order in character class', this.pos - 1);
        for (let x = item; x <= hi; x++) set[x] = 1;
      } else set[item] = 1;
    }
    const folded = this.flags.caseless ? this.fold(set) : set;
    addInto(folded, unfolded);
    return { t: 'set', set: negated ? negate(folded) : folded };
  }

  /** One class member: a character code, a set (\d, [:alpha:]), or null for \E / \Q\E. */
  private classItem(open: number): number | CharSet | null {
    this.lastWasProperty = false;
    const c = this.src[this.pos];
    if (c === '[' && (this.peek(1) === ':' || this.peek(1) === '.' || this.peek(1) === '=')) {
      const kind = this.peek(1) as string;
      const m = new RegExp(`^\\[\\${kind}(\\^?)([^\\]\\${kind}]*)\\${kind}\\]`).exec(this.src.slice(this.pos));
      if (m !== null) {
        if (kind !== ':') throw this.syntax('POSIX collating elements are not supported', this.pos);
        const property = this.opts.ucp ? ucpPosix(m[2]) : undefined;
        const s = property ?? posixSet(m[2]);
        if (s === undefined) throw this.syntax('unknown POSIX class name', this.pos + 2);
        this.pos += m[0].length;
        this.lastWasProperty = property !== undefined;
        return m[1] === '^' ? negate(s) : s;
      }
    }
    if (c !== '\\') {
      this.pos++;
      return c.charCodeAt(0);
    }
    const e = this.src[this.pos + 1];
    if (e === undefined) throw this.syntax('\\ at end of pattern', this.pos + 1);
    const set = this.escapeSet(e);
    if (set !== undefined) {
      this.pos += 2;
      return set;
    }
    if (e === 'E') {
      this.pos += 2;
      return null;
    }
    if (e === 'Q') {
      // Inside a class, \Q…\E contributes its characters one by one.
      const end = this.src.indexOf('\\E', this.pos + 2);
      const text = this.src.slice(this.pos + 2, end < 0 ? undefined : end);
      if (end < 0) throw this.syntax('missing terminating ] for character class', this.src.length);
      if (text.length === 0) {
        this.pos = end + 2;
        return null;
      }
      // Only the first character can start a range; hand the others back as literals by rewriting in place.
      this.pos += 2;
      if (text.length === 1) {
        this.pos = end + 2;
        return text.charCodeAt(0);
      }
      const s = emptySet();
      for (const ch of text) s[ch.charCodeAt(0)] = 1;
      this.pos = end + 2;
      return s;
    }
    if (e === 'N') throw this.syntax('escape sequence is invalid in character class', this.pos + 1);
    void open;
    return this.charEscape(true);
  }

  // ---- groups --------------------------------------------------------------------------------------------------

  private group(): Node | null {
    const open = this.pos;
    this.pos++;
    // (*NAME…) is a verb; "(*" followed by anything else is a group starting with a misplaced quantifier.
    if (this.peek() === '*' && /[A-Za-z]/.test(this.peek(1) ?? '')) return this.verb(open);
    if (this.peek() !== '?') {
      if (this.flags.noAutoCapture) return this.groupBody(open, 'plain', 0);
      return this.groupBody(open, 'capture', ++this.captures);
    }
    this.pos++;
    const c = this.peek();
    switch (c) {
      case '#': {
        const close = this.src.indexOf(')', this.pos);
        if (close < 0) throw this.syntax('missing ) after (?# comment', this.src.length);
        this.pos = close + 1;
        return TRANSPARENT;
      }
      case ':':
        this.pos++;
        return this.groupBody(open, 'plain', 0);
      case '>':
        this.pos++;
        return this.groupBody(open, 'atomic', 0);
      case '|':
        this.pos++;
        this.defer('(?| branch reset groups');
        return this.groupBody(open, 'plain', 0);
      case '=':
      case '!':
        this.pos++;
        return this.lookaround(open, false, c === '!');
      case '<':
        if (this.peek(1) === '=' || this.peek(1) === '!') {
          this.pos += 2;
          return this.lookaround(open, true, this.src[this.pos - 1] === '!');
        }
        this.pos++;
        return this.namedGroup(open, '>');
      case "'":
        this.pos++;
        return this.namedGroup(open, "'");
      case 'P':
        return this.pythonGroup(open);
      case '(': {
        const close = this.src.indexOf(')', this.pos);
        if (close < 0) throw this.syntax('missing closing parenthesis for condition', this.src.length);
        this.pos = close + 1;
        this.defer('conditional groups (?(…)…)');
        return this.groupBody(open, 'plain', 0);
      }
      case 'C':
        return this.callout();
      case 'R':
      case '&':
      case '+':
        return this.subroutine();
      case undefined:
        throw this.syntax('missing closing parenthesis', this.pos);
    }
    if (isDigit(c) || (c === '-' && isDigit(this.peek(1)))) return this.subroutine();
    return this.optionSetting(open);
  }

  /** (?R) (?1) (?-1) (?+1) (?&name) (?P>name): calls of a group as a subroutine. */
  private subroutine(): Node {
    const close = this.src.indexOf(')', this.pos);
    if (close < 0) throw this.syntax('missing closing parenthesis', this.src.length);
    this.pos = close + 1;
    this.defer('recursion and subroutine calls');
    return { t: 'set', set: emptySet() };
  }

  /** (*VERB): only (*FAIL)/(*F) has a JavaScript equivalent. */
  private verb(open: number): Node {
    const close = this.src.indexOf(')', this.pos);
    const name = close < 0 ? '' : this.src.slice(this.pos + 1, close);
    if (name === 'FAIL' || name === 'F') {
      this.pos = close + 1;
      return { t: 'fail' };
    }
    void open;
    if (close < 0) throw this.syntax('(*VERB) not recognized or malformed', this.src.length);
    this.pos = close + 1;
    this.defer(`(*${name}) verbs and start-of-pattern settings`);
    return { t: 'seq', items: [] };
  }

  /** (?C…) callouts: keepalived sets no callout function, so they do nothing. */
  private callout(): Node {
    this.pos++;
    const c = this.peek();
    if (c !== undefined && '`\'"^%#${'.includes(c)) {
      const closer = c === '{' ? '}' : c;
      let i = this.pos + 1;
      for (;;) {
        const j = this.src.indexOf(closer, i);
        if (j < 0) throw this.syntax('missing terminating delimiter for callout with string argument', this.pos);
        if (this.src[j + 1] === closer) {
          i = j + 2;
          continue;
        }
        this.pos = j + 1;
        break;
      }
    } else {
      const m = /^\d*/.exec(this.src.slice(this.pos)) as RegExpExecArray;
      if (Number(m[0]) > 255) throw this.syntax('number after (?C is greater than 255', this.pos);
      this.pos += m[0].length;
    }
    if (this.peek() !== ')') throw this.syntax('closing parenthesis for (?C expected', this.pos);
    this.pos++;
    return TRANSPARENT;
  }

  private pythonGroup(open: number): Node | null {
    const next = this.peek(1);
    if (next === '<') {
      this.pos += 2;
      return this.namedGroup(open, '>');
    }
    if (next === '=') {
      this.pos += 2;
      const at = this.pos;
      const name = this.groupName(')');
      return this.backref({ name }, at);
    }
    if (next === '>') {
      this.pos += 2;
      this.groupName(')');
      this.defer('(?P>name) subroutine calls');
      return { t: 'set', set: emptySet() };
    }
    throw this.syntax('unrecognized character after (?P', this.pos + 1);
  }

  private namedGroup(open: number, terminator: string): Node {
    const name = this.groupName(terminator);
    const index = ++this.captures;
    const list = this.names.get(name);
    if (list !== undefined) {
      if (!this.flags.dupnames) throw this.syntax('two named subpatterns have the same name (PCRE2_DUPNAMES not set)', this.pos);
      list.push(index);
    } else this.names.set(name, [index]);
    return this.groupBody(open, 'capture', index);
  }

  private groupBody(open: number, kind: 'capture' | 'plain' | 'atomic', index: number): Node {
    const saved = this.flags;
    this.flags = { ...saved };
    const body = this.alternation();
    if (this.peek() !== ')') throw this.syntax('missing closing parenthesis', this.src.length);
    this.pos++;
    this.flags = saved;
    void open;
    return { t: 'group', kind, index, body };
  }

  private lookaround(open: number, behind: boolean, negative: boolean): Node {
    const group = this.groupBody(open, 'plain', 0) as Extract<Node, { t: 'group' }>;
    if (behind) {
      const branches = group.body.t === 'alt' ? group.body.alts : [group.body];
      for (const b of branches) if (fixedLength(b) === undefined) throw this.syntax('lookbehind assertion is not fixed length', open);
    }
    return { t: 'look', behind, negative, body: group.body };
  }

  /** (?imnsxJU-imnsxJU) for the rest of the group, or (?…:…) for a group of its own. */
  private optionSetting(open: number): Node | null {
    const flags = { ...this.flags };
    let on = true;
    if (this.peek() === '^') {
      this.pos++;
      Object.assign(flags, { caseless: false, multiline: false, dotall: false, extended: false, extendedMore: false, noAutoCapture: false, ungreedy: false, dupnames: false });
    }
    for (;;) {
      const c = this.src[this.pos++];
      switch (c) {
        case 'i': flags.caseless = on; break;
        case 'm': flags.multiline = on; break;
        case 's': flags.dotall = on; break;
        case 'n': flags.noAutoCapture = on; break;
        case 'U': flags.ungreedy = on; break;
        case 'J': flags.dupnames = on; break;
        case 'x':
          if (on && this.peek() === 'x') {
            this.pos++;
            flags.extendedMore = true;
          } else if (!on) flags.extendedMore = false;
          flags.extended = on;
          break;
        case '-':
          if (!on) throw this.syntax('unrecognized character after (? or (?-', this.pos - 1);
          on = false;
          break;
        case ')':
          this.flags = flags;
          return null;
        case ':': {
          const saved = this.flags;
          this.flags = flags;
          const node = this.groupBody(open, 'plain', 0);
          this.flags = saved;
          return node;
        }
        case undefined:
          throw this.syntax('missing closing parenthesis', this.src.length);
        default:
          throw this.syntax('unrecognized character after (? or (?-', this.pos - 1);
      }
    }
  }
}
