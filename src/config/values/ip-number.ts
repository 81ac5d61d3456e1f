// keepalived's number readers as the address/route/rule parsers use them on entry words (lib/parser.c
// read_unsigned*, read_decimal_unsigned, and the strtoul(…, 0) look-ups of rttables.c), reporting at the entry's
// line with keepalived's messages.
import { ConfigErr } from '../diagnostics';
import type { EntryWords } from './ip-entry';

const UINT32_MAX = 0xffffffff;
const ULONG_MAX = 0xffffffffffffffffn;

export interface CUnsigned {
  /** The value strtoul() returns, reduced to 64 bits (ULONG_MAX on overflow, negated for a leading '-'). */
  readonly value: bigint;
  /** Characters after the number (C's *endptr). */
  readonly rest: string;
  /** Nothing was parsed (endptr == str). */
  readonly empty: boolean;
  readonly overflow: boolean;
}

/** C strtoul()/strtoull() on a 64-bit machine with base 0, 8, 10 or 16. */
export function strtoulC(word: string, base: 0 | 8 | 10 | 16): CUnsigned {
  const body = word.replace(/^[ \t\n\v\f\r]+/, '');
  const m = /^([+-]?)(.*)$/s.exec(body) as RegExpExecArray;
  const sign = m[1] as string;
  let rest = m[2] as string;
  let radix: number = base;
  if ((radix === 0 || radix === 16) && /^0[xX][0-9a-fA-F]/.test(rest)) {
    radix = 16;
    rest = rest.slice(2);
  } else if (radix === 0) radix = rest.startsWith('0') ? 8 : 10;
  const digitClass = radix === 16 ? /^[0-9a-fA-F]+/ : radix === 8 ? /^[0-7]+/ : /^[0-9]+/;
  const d = digitClass.exec(rest);
  if (d === null) return { value: 0n, rest: word, empty: true, overflow: false };
  let v = 0n;
  for (const c of d[0]) v = v * BigInt(radix) + BigInt(parseInt(c, radix));
  const overflow = v > ULONG_MAX;
  if (overflow) v = ULONG_MAX;
  else if (sign === '-') v = (ULONG_MAX + 1n - v) & ULONG_MAX;
  return { value: v, rest: rest.slice(d[0].length), empty: false, overflow };
}

function leadingMinus(word: string): boolean {
  return word.replace(/^[ \t\n\v\f\r]+/, '').startsWith('-');
}

/**
 * read_unsigned()/read_unsigned_base(): undefined where keepalived's reader fails. `ignoreError` readers are
 * lenient outside `-t` (keepalived logs "WARNING - …" and uses an in-range value).
 */
export function readUnsignedEntry(
  w: EntryWords,
  word: string,
  min: number,
  max: number,
  ignoreError = false,
  base: 0 | 10 = 10,
): number | undefined {
  const n = strtoulC(word, base);
  const lenient = ignoreError && !w.ctx.diags.configTest;
  const warn = lenient ? 'WARNING - ' : '';
  const value = Number(n.value & 0xffffffffn);
  const inRange = n.value >= BigInt(min) && n.value <= BigInt(max);
  if (leadingMinus(word)) w.error(`${warn}negative number '${word}'`, ConfigErr.InvalidNumber);
  else if (n.rest !== '') w.error(`${warn}invalid number '${word}'`, ConfigErr.InvalidNumber);
  else if (n.overflow || n.value > BigInt(UINT32_MAX)) w.error(`${warn}number '${word}' outside unsigned integer range`, ConfigErr.InvalidNumber);
  else if (!inRange) w.error(`${warn}number '${word}' outside range [${min}, ${max}]`, ConfigErr.InvalidNumber);
  else return value;
  return lenient && inRange ? value : undefined;
}

/** read_unsigned64(): a 64-bit value as decimal text. */
export function readUnsigned64Entry(w: EntryWords, word: string): string | undefined {
  const n = strtoulC(word, 10);
  if (leadingMinus(word)) w.error(`negative number '${word}'`, ConfigErr.InvalidNumber);
  else if (n.rest !== '') w.error(`invalid number '${word}'`, ConfigErr.InvalidNumber);
  else if (n.overflow) w.error(`number '${word}' outside unsigned 64 bit range`, ConfigErr.InvalidNumber);
  else return n.value.toString();
  return undefined;
}

/**
 * read_decimal_unsigned(): a decimal with up to `shift` places, returned × 10^shift. Too many places is reported
 * but the rounded value is still used, as keepalived does.
 */
export function readDecimalEntry(w: EntryWords, word: string, min: number, max: number, shift: number): number | undefined {
  if (word.startsWith('-')) {
    w.error(`negative number '${word}'`, ConfigErr.InvalidNumber);
    return undefined;
  }
  const dot = word.indexOf('.');
  let places = dot < 0 ? 0 : word.length - dot - 1;
  let roundUp = false;
  if (places > shift) {
    w.error(`number '${word}' has too many decimal places`, ConfigErr.InvalidNumber);
    roundUp = (word[dot + shift + 1] as string) >= '5';
    places = shift;
  }
  const digits = (dot < 0 ? word : word.slice(0, dot) + word.slice(dot + 1, dot + 1 + places)) + '0'.repeat(shift - places);
  const n = strtoulC(digits, 10);
  const value = n.value + (roundUp ? 1n : 0n);
  const scale = 10 ** shift;
  const fmt = (v: number): string => `${Math.trunc(v / scale)}.${shift ? String(v % scale).padStart(shift, '0') : ''}`;
  if (n.rest !== '') w.error(`invalid number '${word}'`, ConfigErr.InvalidNumber);
  else if (n.overflow) {
    w.error(`number '${word}' outside unsigned decimal range`, ConfigErr.InvalidNumber);
    return undefined;
  } else if (value < BigInt(min) || value > BigInt(max)) {
    w.error(`number '${word}' outside range [${fmt(min)}, ${fmt(max)}]`, ConfigErr.InvalidNumber);
  } else return Number(value);
  return undefined;
}
