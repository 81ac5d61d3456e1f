// ~SEQ(var, [start,] [step,] end), ~SEQx(...) and ~LST(var, v1, ...) / ~LST({v1, v2}, {a, b}, ...) lines, parsed as
// keepalived's add_seq() / add_lst(). The rest of the line after ')' is repeated once per value; a block opened while
// another is running runs to completion first, so several on one line nest with the first one outermost.
import { BLANKS, cspanOf, spanOf, strtol } from './c-string';
import { replaceParams, type ParamContext } from './substitute';

export interface SeqBlock {
  readonly kind: 'seq';
  readonly name: string;
  next: bigint;
  readonly step: bigint;
  readonly last: bigint;
  readonly hex: boolean;
  readonly text: string;
}

export interface LstBlock {
  readonly kind: 'lst';
  readonly names: readonly string[];
  readonly values: readonly (readonly string[])[];
  index: number;
  readonly text: string;
}

export type RepeatBlock = SeqBlock | LstBlock;

/** Reports a ConfigErr.GeneralError message about the current line. */
export type Report = (message: string) => void;

/** The numbers part of ~SEQ(...) may use $NAME, in a buffer of keepalived's size (3 longs + separators). */
const SEQ_PARAMS_MAX = 64;

/** add_seq(): a block, or null (after keepalived's own message; the caller adds "Invalid ~SEQ specification"). */
export function parseSeq(buf: string, ctx: ParamContext, report: Report): SeqBlock | null {
  let p = 4;
  const hex = buf[p] === 'x';
  if (hex) p++;
  p += spanOf(buf, p, BLANKS);
  if (buf[p++] !== '(') return null;
  p += spanOf(buf, p, BLANKS);
  const nameStart = p;
  p += cspanOf(buf, p, ' \t,)');
  const name = buf.slice(nameStart, p);
  p += spanOf(buf, p, BLANKS);
  if (p >= buf.length || buf[p] === ')' || p === nameStart) {
    report(`Invalid ~SEQ definition '${buf}'`);
    return null;
  }
  p++; // the ',' (whatever character is there)
  p += spanOf(buf, p, BLANKS);
  const close = buf.indexOf(')', p);
  if (close < 0 || close + 2 - p > SEQ_PARAMS_MAX) {
    report(`~SEQ parameter strings too long '${buf}'`);
    return null;
  }
  const subst = replaceParams(buf.slice(p, close + 1), SEQ_PARAMS_MAX, null, ctx);
  if (subst.found && subst.multiline) {
    report(`~SEQ parameter is multiline definition '${buf}'`);
    return null;
  }
  const nums = subst.buf;
  const invalid = (): null => {
    report(`Invalid ~SEQ definition '${buf}'`);
    return null;
  };
  let start: bigint;
  let step: bigint;
  let end: bigint;
  const one = strtol(nums, 0, 0);
  let q = one.end + spanOf(nums, one.end, BLANKS);
  if (nums[q] === ')') {
    end = one.value;
    step = end < 1n ? -1n : 1n;
    start = end < 0n ? -1n : 1n;
  } else {
    if (nums[q] !== ',') return invalid();
    const two = strtol(nums, q + 1, 0);
    q = two.end + spanOf(nums, two.end, BLANKS);
    if (nums[q] === ')') {
      start = one.value;
      end = two.value;
      step = start <= end ? 1n : -1n;
    } else {
      if (nums[q] !== ',') return invalid();
      const three = strtol(nums, q + 1, 0);
      q = three.end + spanOf(nums, three.end, BLANKS);
      if (nums[q] !== ')') return invalid();
      start = one.value;
      step = two.value;
      end = three.value;
      if (step === 0n || (start < end && step < 0n) || (start > end && step > 0n)) {
        report(`Invalid ~SEQ values '${buf}'`);
        return null;
      }
    }
  }
  if (hex && (start < 0n || end < 0n)) {
    report(`~SEQx is only valid for positive numbers '${buf}'`);
    return null;
  }
  const textAt = close + 1 + spanOf(buf, close + 1, BLANKS);
  return { kind: 'seq', name, next: start, step, last: end, hex, text: buf.slice(textAt) };
}

/** add_lst(): a block, or null (the caller reports "Invalid ~LST specification"). */
export function parseLst(buf: string, report: Report): LstBlock | null {
  let p = 4 + spanOf(buf, 4, BLANKS);
  const skipAfter = (i: number): number => i + 1 + spanOf(buf, i + 1, BLANKS);
  if (buf[p++] !== '(') return null;
  p += spanOf(buf, p, BLANKS);
  let endChar = ',';
  if (buf[p] === '{') {
    endChar = '}';
    p = skipAfter(p);
  }
  const names: string[] = [];
  for (;;) {
    const s = p;
    p += cspanOf(buf, p, ' \t,}');
    names.push(buf.slice(s, p));
    p += spanOf(buf, p, BLANKS);
    if (buf[p] === endChar) break;
    if (buf[p] !== ',') return null;
    p = skipAfter(p);
  }
  if (buf[p] === '}') p = skipAfter(p);
  if (buf[p++] !== ',') return null;
  p += spanOf(buf, p, BLANKS);
  const values: string[][] = [];
  for (;;) {
    let end = ',';
    if (buf[p] === '{') {
      end = '}';
      p = skipAfter(p);
    }
    const set: string[] = [];
    for (;;) {
      const s = p;
      p += cspanOf(buf, p, ' \t,})');
      set.push(buf.slice(s, p));
      p += spanOf(buf, p, BLANKS);
      if (buf[p] === end || (buf[p] === ')' && end === ',')) break;
      if (buf[p] !== ',') return null;
      p = skipAfter(p);
      if (set.length >= names.length) {
        report(`~LST specification has too many values '${buf}'`);
        return null;
      }
    }
    while (set.length < names.length) set.push(''); // missing values are empty
    values.push(set);
    if (buf[p] === '}' && end === '}') p = skipAfter(p);
    if (buf[p] === ')') break;
    if (buf[p] !== ',') return null;
    p = skipAfter(p);
  }
  return { kind: 'lst', names, values, index: 0, text: buf.slice(skipAfter(p)) };
}

/** One step of the innermost block: the variables to set and the text to read; done when it was the last value. */
export function stepBlock(b: RepeatBlock): { vars: [string, string][]; text: string; done: boolean } {
  if (b.kind === 'seq') {
    const v = b.hex ? BigInt.asUintN(64, b.next).toString(16) : b.next.toString();
    b.next += b.step;
    const done = (b.step > 0n && b.next > b.last) || (b.step < 0n && b.next < b.last);
    return { vars: [[b.name, v]], text: b.text, done };
  }
  const set = b.values[b.index++];
  return { vars: b.names.map((n, i): [string, string] => [n, set[i]]), text: b.text, done: b.index >= b.values.length };
}
