// Sets of code units 0..255: keepalived matches without PCRE2_UTF, so every subject and pattern character is one
// byte. Literals, classes, `.`, \d and friends all become one of these sets, which makes caseless matching (ASCII
// letters only with PCRE2's default tables) and negation exact, and lets the emitted JavaScript never depend on
// JavaScript's own idea of \w, \s or case folding.

export type CharSet = Uint8Array;

export function emptySet(): CharSet {
  return new Uint8Array(256);
}

export function setOf(...codes: number[]): CharSet {
  const s = emptySet();
  for (const c of codes) s[c] = 1;
  return s;
}

export function rangeSet(lo: number, hi: number): CharSet {
  const s = emptySet();
  for (let c = lo; c <= hi; c++) s[c] = 1;
  return s;
}

export function addInto(into: CharSet, from: CharSet): void {
  for (let c = 0; c < 256; c++) if (from[c]) into[c] = 1;
}

export function negate(s: CharSet): CharSet {
  const n = emptySet();
  for (let c = 0; c < 256; c++) n[c] = s[c] ? 0 : 1;
  return n;
}

/** Adds the other case of every ASCII letter (PCRE2's default character tables fold nothing above 127). */
export function foldCase(s: CharSet): CharSet {
  const f = Uint8Array.from(s);
  for (let c = 65; c <= 90; c++) if (s[c] || s[c + 32]) f[c] = f[c + 32] = 1;
  return f;
}

export function isEmpty(s: CharSet): boolean {
  return !s.some((v) => v === 1);
}

const DIGIT = rangeSet(48, 57);
const UPPER = rangeSet(65, 90);
const LOWER = rangeSet(97, 122);
const ALPHA = union(UPPER, LOWER);
const ALNUM = union(ALPHA, DIGIT);
const WORD = union(ALNUM, setOf(95));
const SPACE = setOf(9, 10, 11, 12, 13, 32);
const HSPACE = setOf(9, 32, 0xa0);
const VSPACE = setOf(10, 11, 12, 13, 0x85);

function union(...sets: CharSet[]): CharSet {
  const u = emptySet();
  for (const s of sets) addInto(u, s);
  return u;
}

/** The sets of \d \s \w \h \v and their upper-case complements (non-UCP, default tables). */
export function escapeSet(letter: string): CharSet | undefined {
  const base: Record<string, CharSet> = { d: DIGIT, s: SPACE, w: WORD, h: HSPACE, v: VSPACE };
  const b = base[letter.toLowerCase()];
  if (b === undefined) return undefined;
  return letter === letter.toLowerCase() ? Uint8Array.from(b) : negate(b);
}

export const WORD_SET: CharSet = WORD;

/** POSIX class names PCRE2 accepts inside [...] ([:name:]), in the C locale. */
export function posixSet(name: string): CharSet | undefined {
  switch (name) {
    case 'alpha': return Uint8Array.from(ALPHA);
    case 'digit': return Uint8Array.from(DIGIT);
    case 'alnum': return Uint8Array.from(ALNUM);
    case 'upper': return Uint8Array.from(UPPER);
    case 'lower': return Uint8Array.from(LOWER);
    case 'word': return Uint8Array.from(WORD);
    case 'space': return Uint8Array.from(SPACE);
    case 'blank': return setOf(9, 32);
    case 'cntrl': return union(rangeSet(0, 31), setOf(127));
    case 'graph': return rangeSet(33, 126);
    case 'print': return rangeSet(32, 126);
    case 'punct': return union(rangeSet(33, 47), rangeSet(58, 64), rangeSet(91, 96), rangeSet(123, 126));
    case 'xdigit': return union(DIGIT, rangeSet(65, 70), rangeSet(97, 102));
    case 'ascii': return rangeSet(0, 127);
    default: return undefined;
  }
}

const hex = (c: number): string => `\\x${c.toString(16).padStart(2, '0')}`;

/** A JavaScript class for the set; never matches a code unit above 255 (the partial-match sentinel). */
export function setSource(s: CharSet): string {
  if (isEmpty(s)) return '(?!)';
  let out = '';
  for (let c = 0; c < 256; c++) {
    if (!s[c]) continue;
    let e = c;
    while (e + 1 < 256 && s[e + 1]) e++;
    out += e === c ? hex(c) : e === c + 1 ? hex(c) + hex(e) : `${hex(c)}-${hex(e)}`;
    c = e;
  }
  return `[${out}]`;
}
