// keepalived's replace_param(): replace every $NAME / ${NAME} in a line, in place and left to right, rescanning the
// inserted text (so substitution is recursive) until no '$' is followed by a defined name. A multi-line definition
// contributes its first line; the rest is handed back as a MultiPtr for the reader to return line by line.
// The C code edits its buffer in place, and for ${NAME params} whose value is shorter than the text it replaces it
// moves only the character after the '}' (keepalived 2.2.7 turns "a${_RANDOM 5 5}xyz" into "a5x_RANDOM 5 5}xyz"):
// that is reproduced, since it is what keepalived reads.
import { BLANKS, spanOf } from './c-string';
import type { Def, Definitions } from './definitions';

/** The rest of a multi-line value still to be read: text.slice(offset). */
export interface MultiPtr {
  readonly text: string;
  readonly offset: number;
}

export interface ParamContext {
  readonly defs: Definitions;
  /** The value of a predefined definition at this use (params: the text of "MIN MAX" or null). */
  evaluate(def: Def, params: string | null): string;
  /** Entering a multi-line definition while another is being read: save the other one. */
  pushMultiline(ptr: MultiPtr): void;
  /** Entering a multi-line definition: ~SEQ/~LST blocks opened before it wait until it has been read. */
  markMultilineStart(): void;
}

export interface ReplaceResult {
  /** Something was replaced (keepalived's return value; false also when the line would get too long). */
  readonly found: boolean;
  readonly buf: string;
  /** The multi-line pointer after the call (unchanged unless found). */
  readonly multiline: MultiPtr | null;
  /** The substitution would never end (keepalived loops for ever, e.g. $A=$A): the line is given up. */
  readonly runaway: boolean;
}

/** More replacements than any real line can need; only a self-referencing definition gets here. */
const MAX_REPLACEMENTS = 10_000;

export function replaceParams(
  input: string,
  maxLen: number,
  multiline: MultiPtr | null,
  ctx: ParamContext,
): ReplaceResult {
  let buf = input;
  let lenUsed = buf.length;
  let cur = 0;
  let found = false;
  let nextPtr: MultiPtr | null = null;
  let mptr = multiline;
  let count = 0;
  for (;;) {
    cur = buf.indexOf('$', cur);
    if (cur < 0 || cur + 1 >= buf.length) break;
    const use = ctx.defs.findUse(buf, cur + 1);
    if (!use) {
      cur++;
      continue;
    }
    if (++count > MAX_REPLACEMENTS) return { found: false, buf, multiline, runaway: true };
    const { def, params } = use;
    found = true;
    const braces = buf[cur + 1] === '{' ? 2 : 0;
    nextPtr = mptr;
    if (def.multiline && mptr) ctx.pushMultiline(mptr);
    if (def.multiline) ctx.markMultilineStart();
    if (def.fn) def.value = ctx.evaluate(def, params ? buf.slice(params.start, params.end + 1) : null);
    let replacedLen = def.name.length;
    let replacing: number;
    if (def.multiline) {
      const nl = def.value.indexOf('\n');
      replacing = nl < 0 ? def.value.length : nl;
      nextPtr = mptr = { text: def.value, offset: replacing + 1 };
    } else {
      if (params) replacedLen = params.end - (cur + 1) + (braces ? 0 : 1);
      replacing = def.value.length;
    }
    const total = replacedLen + 1 + braces; // the text being replaced: '$' + name (+ braces, params)
    const newLen = lenUsed + replacing - total;
    // keepalived only logs "Parameter substitution on line '%s' would exceed maximum line length"
    if (newLen < 0 || newLen >= maxLen) return { found: false, buf, multiline, runaway: false };
    const value = def.value.slice(0, replacing);
    if (total < replacing || !params) buf = buf.slice(0, cur) + value + buf.slice(cur + total);
    else if (total > replacing) {
      const after = buf[cur + total] ?? '';
      buf = buf.slice(0, cur) + value + (after ? after + buf.slice(cur + replacing + 1) : '');
    } else buf = buf.slice(0, cur) + value + buf.slice(cur + total);
    lenUsed = newLen;
    // A value starting with '~' is a ~SEQ/~LST line: its own $vars are for later.
    if (def.value[spanOf(def.value, 0, BLANKS)] === '~') break;
  }
  return { found, buf, multiline: found ? nextPtr : multiline, runaway: false };
}
