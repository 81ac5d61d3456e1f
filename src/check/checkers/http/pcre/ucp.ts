// PCRE2_UCP without UTF (keepalived's `regex_options ucp`): the 256 byte values are classified by their Unicode
// properties (as Latin-1 code points) instead of PCRE2's ASCII tables, for \d \s \w, \b, POSIX classes and
// caseless matching. The properties come from JavaScript's own Unicode tables.
import { addInto, CharSet, emptySet, setOf } from './charset';

function byProperty(re: RegExp): CharSet {
  const s = emptySet();
  for (let c = 0; c < 256; c++) if (re.test(String.fromCharCode(c))) s[c] = 1;
  return s;
}

function union(...sets: CharSet[]): CharSet {
  const u = emptySet();
  for (const s of sets) addInto(u, s);
  return u;
}

const L = byProperty(/\p{L}/u);
const N = byProperty(/\p{N}/u);
const ND = byProperty(/\p{Nd}/u);
const Z = byProperty(/\p{Z}/u);
const LL = byProperty(/\p{Ll}/u);
const LU = byProperty(/\p{Lu}/u);
const GRAPH = byProperty(/[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Cf}]/u);
const ZS = byProperty(/\p{Zs}/u);
// Symbols count as punctuation only below 128 (measured with pcre2test).
const PUNCT = union(byProperty(/\p{P}/u), Uint8Array.from(byProperty(/\p{S}/u), (v, c) => (c < 128 ? v : 0)));
const CC = byProperty(/\p{Cc}/u);
const H = setOf(9, 32, 0xa0);
const V = setOf(10, 11, 12, 13, 0x85);

export const UCP_WORD: CharSet = union(L, N, setOf(95));

/** \d \s \w under UCP (lower case letters; the caller negates the upper-case ones). */
export function ucpEscape(letter: 'd' | 's' | 'w'): CharSet {
  if (letter === 'd') return Uint8Array.from(ND);
  if (letter === 's') return union(Z, H, V);
  return Uint8Array.from(UCP_WORD);
}

/**
 * The POSIX classes PCRE2 re-reads as Unicode properties under UCP (caseless matching leaves them as they are);
 * undefined for those it leaves alone.
 */
export function ucpPosix(name: string): CharSet | undefined {
  switch (name) {
    case 'alpha': return Uint8Array.from(L);
    case 'lower': return Uint8Array.from(LL);
    case 'upper': return Uint8Array.from(LU);
    case 'alnum': return union(L, N);
    case 'digit': return Uint8Array.from(ND);
    case 'space': return union(Z, H, V);
    case 'blank': return Uint8Array.from(H);
    case 'cntrl': return Uint8Array.from(CC);
    case 'word': return Uint8Array.from(UCP_WORD);
    case 'graph': return Uint8Array.from(GRAPH);
    case 'print': return union(GRAPH, ZS);
    case 'punct': return Uint8Array.from(PUNCT);
    default: return undefined;
  }
}

/** Unicode simple case folding, kept to pairs that both fit in a byte. */
export function ucpFold(s: CharSet): CharSet {
  const f = Uint8Array.from(s);
  for (let c = 0; c < 256; c++) {
    if (!s[c]) continue;
    const ch = String.fromCharCode(c);
    for (const o of [ch.toUpperCase(), ch.toLowerCase()]) {
      if (o.length === 1 && o.charCodeAt(0) < 256) f[o.charCodeAt(0)] = 1;
    }
  }
  return f;
}
