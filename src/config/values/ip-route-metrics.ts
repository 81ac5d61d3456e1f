// Route metrics (`mtu [lock] N`, `rtt [lock] TIME`, `window N`, …) as keepalived 2.2.7 reads them, with its
// messages for bad values.
import type { LockableMetric, RouteEntry } from '../model/static-routing';
import type { EntryWords } from './ip-entry';
import { readDecimalEntry, readUnsignedEntry } from './ip-number';

const UINT32_MAX = 0xffffffff;
/** The kernel keeps rtt in 1/8 ms, rttvar in 1/4 ms, rto_min in ms; values are bounded by 120 s. */
const RTT_MAX_MS = 120000;
const RTT_MIN_MS = 200;
/**
 * keepalived's get_time_rtt(): a plain number is in kernel units; with a unit (`s`, `sec`, `secs`, `ms`, `msec`,
 * `msecs`, any case) it is a time converted with `mult` units per ms. Exponent forms are refused.
 */
function readRtt(w: EntryWords, word: string, mult: number): number | undefined {
  const str = word.replace(/^[ \t\n\v\f\r]+/, '');
  const s = /[sS]/.exec(str);
  let digits = str;
  let shift = 0;
  let raw = true;
  if (s) {
    const suffix = str.slice(s.index).toLowerCase();
    if (suffix !== 's' && suffix !== 'sec' && suffix !== 'secs') return undefined;
    raw = false;
    let end = s.index;
    if (end > 0 && str[end - 1]?.toLowerCase() === 'm') end--;
    else shift = 3;
    if (end === 0) return undefined;
    digits = str.slice(0, end);
  }
  if (/[eE]/.test(digits)) return undefined;
  const v = readDecimalEntry(w, digits, 0, RTT_MAX_MS * mult, shift);
  if (v === undefined) return undefined;
  const res = raw ? v : (v * mult) >>> 0;
  // keepalived clamps to 200 ms .. 120 s (in the metric's units) and says so, without failing the entry.
  if (res > RTT_MAX_MS * mult) {
    w.ctx.diags.warning(undefined, `rtt value ${str} exceeds maximum ${RTT_MAX_MS / 1000}s, resetting`);
    return RTT_MAX_MS * mult;
  }
  if (res < RTT_MIN_MS * mult) {
    w.ctx.diags.warning(undefined, `rtt value ${str} below minimum ${RTT_MIN_MS}ms, resetting`);
    return RTT_MIN_MS * mult;
  }
  return res;
}

/** `NAME [lock] VALUE` metrics read with get_u32(), with keepalived's message for a bad value. */
const LOCKABLE_U32: ReadonlyMap<string, readonly ['mtu' | 'advmss' | 'reordering' | 'cwnd' | 'ssthresh', string]> = new Map([
  ['mtu', ['mtu', 'Invalid MTU %s specified for route']],
  ['advmss', ['advmss', 'Invalid advmss %s specified for route']],
  ['reordering', ['reordering', 'Invalid reordering value %s specified for route']],
  ['cwnd', ['cwnd', 'Invalid cwnd value %s specified for route']],
  ['ssthresh', ['ssthresh', 'Invalid ssthresh value %s specified for route']],
] as const);
const PLAIN_U32: ReadonlyMap<string, readonly ['window' | 'initcwnd' | 'initrwnd', string]> = new Map([
  ['window', ['window', 'Invalid window value %s specified for route']],
  ['initcwnd', ['initcwnd', 'Invalid initcwnd value %s specified for route']],
  ['initrwnd', ['initrwnd', 'Invalid initrwnd value %s specified for route']],
] as const);
/** Times in kernel units: `mult` units per ms. */
const RTT_METRICS: ReadonlyMap<string, { mult: number; message: string; field: 'rtt' | 'rttvar' | 'rtoMin' }> = new Map([
  ['rtt', { mult: 8, message: 'Invalid rtt %s for route', field: 'rtt' }],
  ['rttvar', { mult: 4, message: 'Invalid rttvar %s for route', field: 'rttvar' }],
  ['rto_min', { mult: 1, message: 'Invalid rto_min value %s specified for route', field: 'rtoMin' }],
] as const);

/** get_u32()/get_u8(): read_unsigned() then keepalived's own message. */
export function getUnsigned(w: EntryWords, word: string, max: number, message: string): number | undefined {
  const v = readUnsignedEntry(w, word, 0, max);
  if (v === undefined) w.error(message.replace('%s', word));
  return v;
}

/** `[lock] VALUE` at i+1; returns the value's index and whether lock was given. */
function lockAndValue(w: EntryWords, i: number): { at: number; lock: boolean } {
  return w.slot(i + 1) === 'lock' ? { at: i + 2, lock: true } : { at: i + 1, lock: false };
}

/**
 * The metric option at `i`: the index of the last word it used, 'drop' when keepalived discards the route, or
 * undefined when the word is not a metric.
 */
export function parseMetricOption(w: EntryWords, r: RouteEntry, str: string, i: number): number | 'drop' | undefined {
  const lockable = LOCKABLE_U32.get(str);
  if (lockable) {
    const { at, lock } = lockAndValue(w, i);
    const v = getUnsigned(w, w.slot(at), UINT32_MAX, lockable[1]);
    if (v === undefined) return 'drop';
    r[lockable[0]] = { value: v, lock };
    return at;
  }
  const plain = PLAIN_U32.get(str);
  if (plain) {
    const v = getUnsigned(w, w.slot(++i), UINT32_MAX, plain[1]);
    if (v === undefined) return 'drop';
    r[plain[0]] = v;
    return i;
  }
  const rtt = RTT_METRICS.get(str);
  if (rtt) {
    const { at, lock } = lockAndValue(w, i);
    const word = w.slot(at);
    const v = readRtt(w, word, rtt.mult);
    if (v === undefined) {
      w.error(rtt.message.replace('%s', word));
      return 'drop';
    }
    const m: LockableMetric = { value: v, lock };
    r[rtt.field] = m;
    return at;
  }
  return undefined;
}
