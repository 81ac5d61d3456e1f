// keepalived's read_int/read_unsigned/read_double/read_timer (lib/parser.c): the same acceptance, the same
// messages and error class. Each returns the value, or undefined where keepalived's reader returns false.
import { ConfigErr } from '../diagnostics';
import type { KeywordArgs } from '../parser/keyword-args';
import { strtod, strtol, strtoul } from './c-numbers';
import { readTimerUs } from './read-decimal';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const UINT_MAX = 4294967295;
/** keepalived's TIMER_HZ: timers are kept in microseconds. */
export const TIMER_HZ = 1_000_000;

function prefix(a: KeywordArgs, ignoreError: boolean): string {
  return ignoreError && !a.diags.configTest ? 'WARNING - ' : '';
}

/** What keepalived returns after reporting: outside -t an ignorable error with an in-range value still counts. */
function lenient(a: KeywordArgs, ignoreError: boolean, inRange: boolean): boolean {
  return ignoreError && inRange && !a.diags.configTest;
}

/** read_int() of a word (not necessarily from the line's words). */
export function readIntWord(a: KeywordArgs, word: string, min: number, max: number, ignoreError = false): number | undefined {
  const n = strtol(word);
  const w = prefix(a, ignoreError);
  const inRange = n.value >= min && n.value <= max;
  if (n.rest !== '') a.error(ConfigErr.InvalidNumber, `${w}invalid number '${word}'`);
  else if (n.overflow || n.value < INT_MIN || n.value > INT_MAX) a.error(ConfigErr.InvalidNumber, `${w}number '${word}' outside integer range`);
  else if (!inRange) a.error(ConfigErr.InvalidNumber, `number '${word}' outside range [${min}, ${max}]`);
  else return n.value;
  return lenient(a, ignoreError, inRange) ? n.value : undefined;
}

/** read_unsigned() (base 10, or 16/8 as read_unsigned_base_strvec) of a word. */
export function readUnsignedWord(
  a: KeywordArgs,
  word: string,
  min: number,
  max: number,
  ignoreError = false,
  base = 10,
): number | undefined {
  const lead = word.length - word.trimStart().length;
  const n = strtoul(word, base);
  const w = prefix(a, ignoreError);
  const value = n.value % 2 ** 32;
  const inRange = n.value >= min && n.value <= max;
  if (word[lead] === '-') a.error(ConfigErr.InvalidNumber, `${w}negative number '${word}'`);
  else if (n.rest !== '') a.error(ConfigErr.InvalidNumber, `${w}invalid number '${word}'`);
  else if (n.overflow || n.value > UINT_MAX) a.error(ConfigErr.InvalidNumber, `${w}number '${word}' outside unsigned integer range`);
  else if (!inRange) a.error(ConfigErr.InvalidNumber, `${w}number '${word}' outside range [${min}, ${max}]`);
  else return value;
  return lenient(a, ignoreError, inRange) ? value : undefined;
}

/** read_double() of a word; `%g` formatting of the range as C prints it. */
export function readDoubleWord(a: KeywordArgs, word: string, min: number, max: number, ignoreError = false): number | undefined {
  const n = strtod(word);
  const w = prefix(a, ignoreError);
  const inRange = n.value >= min && n.value <= max;
  if (n.rest !== '') a.error(ConfigErr.InvalidNumber, `${w}invalid number '${word}'`);
  else if (n.overflow) a.error(ConfigErr.InvalidNumber, `${w}number '${word}' out of range`);
  else if (n.value === Infinity || n.value === -Infinity) a.error(ConfigErr.InvalidNumber, `infinite number '${word}'`);
  else if (Number.isNaN(n.value)) a.error(ConfigErr.InvalidNumber, `not a number '${word}'`);
  else if (!inRange) a.error(ConfigErr.InvalidNumber, `number '${word}' outside range [${formatG(min)}, ${formatG(max)}]`);
  else return n.value;
  return lenient(a, ignoreError, inRange) ? n.value : undefined;
}

export function readInt(a: KeywordArgs, i: number, min: number, max: number, ignoreError = false): number | undefined {
  return readIntWord(a, a.word(i), min, max, ignoreError);
}

export function readUnsigned(a: KeywordArgs, i: number, min: number, max: number, ignoreError = false): number | undefined {
  return readUnsignedWord(a, a.word(i), min, max, ignoreError);
}

export function readDouble(a: KeywordArgs, i: number, min: number, max: number, ignoreError = false): number | undefined {
  return readDoubleWord(a, a.word(i), min, max, ignoreError);
}

/**
 * read_timer(): 2.2.7 reads timers as fixed-point decimals (6 places), not as doubles — `1e3` and `1.0000001` are
 * errors there; see read-decimal.ts.
 */
export function readTimer(a: KeywordArgs, i: number, minUs: number, maxUs: number, ignoreError = false): number | undefined {
  return readTimerUs(a, i, minUs, maxUs, ignoreError);
}

/** C's printf("%g"). */
export function formatG(v: number): string {
  if (v === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= 6) {
    const [m, e] = v.toExponential(5).split('e') as [string, string];
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(Number(v.toPrecision(6)));
}
