// C string helpers over "byte strings": JS strings holding one byte per char (latin1). The lexer works on bytes so
// that line limits, character classes (C locale) and offsets are exactly those of keepalived's C code; text is turned
// back into UTF-8 only when it leaves the lexer.

/** keepalived's WHITE_SPACE set. */
export const WHITE_SPACE = ' \t\f\n\r\v';
export const BLANKS = ' \t';

const NON_ASCII = /[^\x00-\x7f]/;

/** UTF-8 text → byte string. */
export function toBytes(s: string): string {
  return NON_ASCII.test(s) ? Buffer.from(s, 'utf8').toString('latin1') : s;
}

/** Byte string → UTF-8 text. */
export function fromBytes(b: string): string {
  return NON_ASCII.test(b) ? Buffer.from(b, 'latin1').toString('utf8') : b;
}

const tables = new Map<string, Uint8Array>();

/** A byte lookup table for a character set (the lexer uses a handful of constant sets). */
function table(set: string): Uint8Array {
  let t = tables.get(set);
  if (!t) {
    t = new Uint8Array(256);
    for (let i = 0; i < set.length; i++) t[set.charCodeAt(i) & 0xff] = 1;
    tables.set(set, t);
  }
  return t;
}

const inSet = (t: Uint8Array, c: number): boolean => c < 256 && t[c] === 1;

/** strspn(s + from, set). */
export function spanOf(s: string, from: number, set: string): number {
  const t = table(set);
  let i = from;
  while (i < s.length && inSet(t, s.charCodeAt(i))) i++;
  return i - from;
}

/** strcspn(s + from, set). */
export function cspanOf(s: string, from: number, set: string): number {
  const t = table(set);
  let i = from;
  while (i < s.length && !inSet(t, s.charCodeAt(i))) i++;
  return i - from;
}

/** strpbrk: index of the first char of set at or after from, or -1. */
export function findAny(s: string, from: number, set: string): number {
  const t = table(set);
  for (let i = from; i < s.length; i++) if (inSet(t, s.charCodeAt(i))) return i;
  return -1;
}

const code = (c: string | undefined): number => (c === undefined || c === '' ? -1 : c.charCodeAt(0));

export const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';
export const isSpace = (c: string | undefined): boolean => c !== undefined && c.length === 1 && WHITE_SPACE.includes(c);
export const isDigit = (c: string | undefined): boolean => {
  const n = code(c);
  return n >= 0x30 && n <= 0x39;
};
export const isAlpha = (c: string | undefined): boolean => {
  const n = code(c) | 0x20;
  return n >= 0x61 && n <= 0x7a;
};
export const isAlnum = (c: string | undefined): boolean => isAlpha(c) || isDigit(c);
export const isXDigit = (c: string | undefined): boolean => {
  const n = code(c) | 0x20;
  return isDigit(c) || (n >= 0x61 && n <= 0x66);
};

/** Strip trailing spaces and tabs (keepalived never strips other whitespace at line ends). */
export function trimEndBlanks(s: string): string {
  let n = s.length;
  while (n > 0 && isBlank(s[n - 1])) n--;
  return n === s.length ? s : s.slice(0, n);
}

/** True when s holds nothing but WHITE_SPACE (alloc_strvec would give no words). */
export function isAllWhiteSpace(s: string): boolean {
  return spanOf(s, 0, WHITE_SPACE) === s.length;
}

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);

/** strtol(s + from, &end, base) for base 0 (C prefixes) or 10, on a 64-bit long; end === from when nothing parsed. */
export function strtol(s: string, from: number, base: 0 | 10): { value: bigint; end: number } {
  let i = from + spanOf(s, from, WHITE_SPACE);
  let neg = false;
  if (s[i] === '+' || s[i] === '-') neg = s[i++] === '-';
  let radix = 10;
  if (base === 0 && s[i] === '0') {
    if ((s[i + 1] === 'x' || s[i + 1] === 'X') && isXDigit(s[i + 2])) {
      radix = 16;
      i += 2;
    } else radix = 8;
  }
  const start = i;
  let v = 0n;
  for (; i < s.length; i++) {
    const d = parseInt(s[i], 16);
    if (Number.isNaN(d) || d >= radix) break;
    v = v * BigInt(radix) + BigInt(d);
    if (v > LONG_MAX + 1n) v = LONG_MAX + 1n; // saturate; clamped below as ERANGE does
  }
  if (i === start) return { value: 0n, end: from };
  if (neg) v = -v;
  if (v > LONG_MAX) v = LONG_MAX;
  if (v < LONG_MIN) v = LONG_MIN;
  return { value: v, end: i };
}

/** strtoul(s + from, &end, 10) saturating at 2^64-1. */
export function strtoul10(s: string, from: number): { value: bigint; end: number } {
  let i = from + spanOf(s, from, WHITE_SPACE);
  if (s[i] === '+') i++;
  const start = i;
  let v = 0n;
  while (isDigit(s[i])) v = v * 10n + BigInt(s.charCodeAt(i++) - 0x30);
  if (i === start) return { value: 0n, end: from };
  const max = (1n << 64n) - 1n;
  return { value: v > max ? max : v, end: i };
}
