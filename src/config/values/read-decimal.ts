// keepalived's read_decimal_unsigned_strvec() and read_timer(): a non-negative decimal with at most `shift` decimal
// places, returned scaled by 10^shift (milliseconds with shift 3 come back as microseconds; read_timer reads seconds
// with shift 6). Too many decimal places is reported but the value is rounded and still used; min/max are in the
// returned unit. Like keepalived, an ignorable error with the value in range still returns it.
import { ConfigErr } from '../diagnostics';
import type { KeywordArgs } from '../parser/keyword-args';

const ULONG_MAX = 18446744073709551615n;
/** keepalived's TIMER_HZ_DIGITS: timers are read as seconds with microsecond resolution. */
const TIMER_HZ_DIGITS = 6;

function formatScaled(v: bigint, shift: number): string {
  const unit = 10n ** BigInt(shift);
  return `${v / unit}.${String(v % unit).padStart(shift, '0')}`;
}

export function readDecimalUnsignedWord(
  a: KeywordArgs,
  word: string,
  min: number | bigint,
  max: number | bigint,
  shift: number,
  ignoreError = false,
): number | undefined {
  const warn = ignoreError && !a.diags.configTest ? 'WARNING - ' : '';
  if (word.startsWith('-')) {
    a.error(ConfigErr.InvalidNumber, `${warn}negative number '${word}'`);
    return undefined;
  }
  const dot = word.indexOf('.');
  let places = dot < 0 ? 0 : word.length - dot - 1;
  let roundUp = false;
  if (places > shift) {
    a.error(ConfigErr.InvalidNumber, `${warn}number '${word}' has too many decimal places`);
    roundUp = (word[dot + shift + 1] ?? '') >= '5';
    places = shift;
  }
  const digits = (dot < 0 ? word : word.slice(0, dot) + word.slice(dot + 1, dot + 1 + places)) + '0'.repeat(shift - places);
  // strtoull: leading white space and a sign are accepted; anything left over makes the number invalid.
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(digits) as RegExpExecArray;
  const body = m[2] as string;
  const valid = body !== '' && m[0].length === digits.length;
  let big = body === '' ? 0n : BigInt(body);
  if (m[1] === '-') big = -big;
  if (roundUp) big++;
  const lo = BigInt(min);
  const hi = BigInt(max);
  const inRange = big >= lo && big <= hi;
  if (!valid) a.error(ConfigErr.InvalidNumber, `${warn}invalid number '${word}'`);
  else if (big > ULONG_MAX) {
    a.error(ConfigErr.InvalidNumber, `${warn}number '${word}' outside unsigned decimal range`);
    return undefined;
  } else if (!inRange) {
    a.error(ConfigErr.InvalidNumber, `${warn}number '${word}' outside range [${formatScaled(lo, shift)}, ${formatScaled(hi, shift)}]`);
  } else return Number(big);
  return ignoreError && inRange ? Number(big) : undefined;
}

export function readDecimalUnsigned(
  a: KeywordArgs,
  i: number,
  min: number | bigint,
  max: number | bigint,
  shift: number,
  ignoreError = false,
): number | undefined {
  return readDecimalUnsignedWord(a, a.word(i), min, max, shift, ignoreError);
}

/** keepalived's TIMER_MAXIMUM, read_timer()'s limit when none is given. */
const TIMER_MAXIMUM = ULONG_MAX - 1n;

/** read_timer(): seconds with microsecond resolution → microseconds; `maxUs` 0 means no upper limit. */
export function readTimerUs(a: KeywordArgs, i: number, minUs: number, maxUs: number, ignoreError = false): number | undefined {
  return readDecimalUnsigned(a, i, minUs, maxUs === 0 ? TIMER_MAXIMUM : maxUs, TIMER_HZ_DIGITS, ignoreError);
}
