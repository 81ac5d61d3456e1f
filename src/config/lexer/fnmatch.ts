// fnmatch(3) for one path component, with the flags glob(3) uses in keepalived: FNM_PERIOD (a leading '.' must be
// matched literally) and backslash escaping. Supports * ? [...] [!...] [^...] ranges and [:class:].
import { isAlnum, isAlpha, isDigit, isSpace, isXDigit } from './c-string';

const CLASSES: Readonly<Record<string, (c: string) => boolean>> = {
  alpha: isAlpha,
  digit: isDigit,
  alnum: isAlnum,
  xdigit: isXDigit,
  space: isSpace,
  blank: (c) => c === ' ' || c === '\t',
  upper: (c) => c >= 'A' && c <= 'Z',
  lower: (c) => c >= 'a' && c <= 'z',
  cntrl: (c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f,
  print: (c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) < 0x7f,
  graph: (c) => c.charCodeAt(0) > 0x20 && c.charCodeAt(0) < 0x7f,
  punct: (c) => c.charCodeAt(0) > 0x20 && c.charCodeAt(0) < 0x7f && !isAlnum(c),
};

/** glob's test for wildcards: '*', '?', or a '[' with a later ']'; backslash-escaped characters do not count. */
export function hasMagic(pattern: string): boolean {
  let bracket = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' || c === '?') return true;
    if (c === '\\') i++;
    else if (c === '[') bracket = true;
    else if (c === ']' && bracket) return true;
  }
  return false;
}

/** Remove glob backslash escapes. */
export function unescapeGlob(s: string): string {
  return s.includes('\\') ? s.replace(/\\(.)/gs, '$1') : s;
}

export function fnmatch(pattern: string, name: string): boolean {
  if (name[0] === '.' && pattern[0] !== '.' && !(pattern[0] === '\\' && pattern[1] === '.')) return false;
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < name.length) {
    if (p < pattern.length) {
      if (pattern[p] === '*') {
        while (pattern[p] === '*') p++;
        starP = p;
        starS = s;
        continue;
      }
      const next = matchOne(pattern, p, name[s]);
      if (next >= 0) {
        p = next;
        s++;
        continue;
      }
    }
    if (starP < 0) return false;
    p = starP;
    s = ++starS;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Match one name character against the pattern element at p: the index after the element, or -1. */
function matchOne(pattern: string, p: number, ch: string): number {
  const c = pattern[p];
  if (c === '?') return p + 1;
  if (c === '[') {
    const r = matchBracket(pattern, p, ch);
    if (r !== null) return r.matched ? r.next : -1;
    return ch === '[' ? p + 1 : -1; // no closing ']': a literal '['
  }
  if (c === '\\' && p + 1 < pattern.length) return pattern[p + 1] === ch ? p + 2 : -1;
  return c === ch ? p + 1 : -1;
}

/** A bracket expression starting at p ('['), or null when it has no closing ']'. */
function matchBracket(pattern: string, p: number, ch: string): { matched: boolean; next: number } | null {
  let i = p + 1;
  const negate = pattern[i] === '!' || pattern[i] === '^';
  if (negate) i++;
  let matched = false;
  let first = true;
  for (;;) {
    if (i >= pattern.length) return null;
    let c = pattern[i];
    if (c === ']' && !first) return { matched: matched !== negate, next: i + 1 };
    first = false;
    if (c === '[' && pattern[i + 1] === ':') {
      const end = pattern.indexOf(':]', i + 2);
      const cls = end > 0 ? pattern.slice(i + 2, end) : '';
      const test = Object.hasOwn(CLASSES, cls) ? CLASSES[cls] : undefined;
      if (test) {
        if (test(ch)) matched = true;
        i = end + 2;
        continue;
      }
    }
    if (c === '\\' && i + 1 < pattern.length) c = pattern[++i];
    if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
      let hi = pattern[i + 2];
      let adv = 3;
      if (hi === '\\' && i + 3 < pattern.length) {
        hi = pattern[i + 3];
        adv = 4;
      }
      if (ch >= c && ch <= hi) matched = true;
      i += adv;
      continue;
    }
    if (ch === c) matched = true;
    i++;
  }
}
