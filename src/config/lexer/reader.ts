// keepalived's read_line(): one logical line per call. Text comes, in this order of priority, from the rest of a line
// cut at a brace, the innermost running ~SEQ/~LST block, the multi-line definition being expanded, or the next
// non-blank line of the current file (decommented). It then goes through @id conditions, $NAME= definitions,
// ~SEQ/~LST openings and $NAME substitution (repeated while a substitution brings a new '@' or '$'); an include
// line is acted on and not returned; finally the line is cut at its first unquoted brace.
//
// keepalived 2.2.7 reads the files once in the parent, writing a decommented copy (include lines, comment lines and
// blank lines all become empty lines), and the VRRP and checker processes read that copy. So the configuration they
// run differs from the files in two ways, which the default "child" view reproduces: a line is decommented twice
// (an unquoted \# or \! ends up starting a comment), and a comment-only, blank or include line ends a multi-line
// $NAME= definition (in the parent only a truly empty line does). The "parent" view is the single reading.
import { ConfigErr, type Position } from '../diagnostics';
import { BLANKS, findAny, isBlank, isSpace, spanOf, strtoul10, toBytes } from './c-string';
import { decomment } from './decomment';
import { Definitions, type Def } from './definitions';
import { GlibcRandom } from './glibc-random';
import { INCLUDE_VARIANTS } from './include-check';
import { MAXBUF, type IncludeStack } from './includes';
import { parseLst, parseSeq, stepBlock, type RepeatBlock } from './sequences';
import { splitAtBrace } from './split-braces';
import { replaceParams, type MultiPtr, type ParamContext } from './substitute';

export interface RawLine {
  /** Byte string. */
  readonly text: string;
  readonly pos: Position;
}

export class ConfigReader {
  private residue: string | null = null;
  private readonly blocks: RepeatBlock[] = [];
  /** Blocks opened before the multi-line definition being expanded wait until it has been read. */
  private multilineSeqDepth = 0;
  private nextPtr: MultiPtr | null = null;
  private readonly multilineStack: { ptr: MultiPtr; seqDepth: number }[] = [];
  private readonly defs = new Definitions();
  /** The definition a '\' continuation line adds to. */
  private pendingDef: Def | null = null;
  private readonly rng: GlibcRandom;
  private readonly ctx: ParamContext;
  /** Loop iterations left before we give up (keepalived would loop for ever on some self-referencing input). */
  private budget: number;
  exhausted = false;
  /** Child view: the copy holds a line of 1023 bytes or more, which the child reads as that line and an empty one. */
  private copySplit = false;

  constructor(
    private readonly files: IncludeStack,
    /** Byte string. */
    private readonly configId: string,
    seed: number,
    budget: number,
    private readonly childView: boolean,
  ) {
    this.rng = new GlibcRandom(seed);
    this.budget = budget;
    this.ctx = {
      defs: this.defs,
      evaluate: (def, params) => this.evaluate(def, params),
      pushMultiline: (ptr) => this.multilineStack.push({ ptr, seqDepth: this.multilineSeqDepth }),
      markMultilineStart: () => {
        this.multilineSeqDepth = this.blocks.length;
      },
    };
  }

  /** One more step of work; false once the budget is spent (keepalived would never stop on this input). */
  private tick(): boolean {
    if (--this.budget >= 0) return true;
    this.exhausted = true;
    return false;
  }

  private report(message: string): void {
    this.files.report(ConfigErr.GeneralError, message);
  }

  readLine(): RawLine | null {
    let buf = '';
    let continuing = false; // inside a multi-line $NAME= definition
    for (;;) {
      if (!this.tick()) return null;
      if (this.residue !== null) {
        buf = this.residue;
        this.residue = null;
      } else if (this.blocks.length > this.multilineSeqDepth) {
        const block = this.blocks[this.blocks.length - 1];
        const step = stepBlock(block);
        for (const [name, value] of step.vars) this.defs.set(name, value);
        buf = step.text;
        if (step.done) this.blocks.pop();
      } else if (this.nextPtr) {
        buf = this.nextMultilineLine(this.nextPtr);
      } else {
        const line = this.nextFileLine(continuing, () => {
          // an empty line ends a multi-line definition
          if (continuing && this.pendingDef) {
            continuing = false;
            if (this.pendingDef.value === '') this.pendingDef.multiline = false;
          }
        });
        if (line === null) return null;
        buf = line;
      }

      if (continuing && this.pendingDef) {
        buf = this.continueDefinition(this.pendingDef, buf, () => (continuing = false));
        continue;
      }
      if (buf === '') continue;

      // keepalived measures the line once here and does not measure it again after a substitution, and removing
      // "@id " copies only that many bytes: "$W=@me" then "$W w1" gives "w1e w1". Kept, as keepalived reads that.
      let len = buf.length;
      let recheck: boolean;
      do {
        if (!this.tick()) return null;
        recheck = false;
        if (buf[0] === '@') {
          const rest = this.condition(buf);
          if (rest < 0) {
            buf = '';
            break;
          }
          len -= rest;
          buf = cMemmoveDown(buf, rest, len + 1);
        }
        if (buf[0] === '$') {
          const def = this.defs.define(buf);
          if (def) {
            this.pendingDef = def;
            continuing = def.multiline;
            buf = '';
            break;
          }
        }
        if (buf.startsWith('~SEQ') || buf.startsWith('~LST')) {
          this.openBlock(buf);
          buf = '';
          break;
        }
        if (buf[0] === '~') break;
        if (buf.includes('$')) {
          const r = replaceParams(buf, MAXBUF, this.nextPtr, this.ctx);
          if (r.runaway) {
            this.report(`Parameter substitution on line '${buf}' does not terminate - ignoring the line`);
            buf = '';
            break;
          }
          buf = r.buf; // keepalived keeps what it replaced even when it gives up
          if (!r.found) break;
          this.nextPtr = r.multiline;
          buf = this.decomment(buf);
          recheck = buf[0] === '@' || buf.includes('$');
        }
      } while (recheck);

      if (buf !== '' && !this.include(buf)) break;
    }
    const { line, residue } = splitAtBrace(buf);
    this.residue = residue;
    return { text: line, pos: this.files.linePosition() };
  }

  /** The next line of the multi-line value being expanded; at its end, back to the one it interrupted (if any). */
  private nextMultilineLine(ptr: MultiPtr): string {
    const rest = ptr.text.slice(ptr.offset);
    const nl = rest.indexOf('\n');
    if (nl >= 0) {
      this.nextPtr = { text: ptr.text, offset: ptr.offset + nl + 1 };
      return rest.slice(0, nl);
    }
    const saved = this.multilineStack.pop();
    this.nextPtr = saved ? saved.ptr : null;
    this.multilineSeqDepth = saved ? saved.seqDepth : 0;
    return rest;
  }

  /** The next file line that is not empty once decommented (null at the end of the last file). */
  private nextFileLine(continuing: boolean, onEmpty: () => void): string | null {
    for (;;) {
      if (this.copySplit) {
        this.copySplit = false;
        onEmpty();
      }
      const raw = this.files.nextChunk();
      if (raw === null) return null;
      const nul = raw.indexOf('\0'); // fgets() stores it, strlen() stops at it
      let len = nul >= 0 ? nul : raw.length;
      while (len && (raw[len - 1] === '\n' || raw[len - 1] === '\r')) len--;
      if (!len) {
        onEmpty();
        continue;
      }
      const first = decomment(raw.slice(0, len));
      this.reportQuote(first.unterminatedQuote);
      if (!this.childView) {
        if (first.text) return first.text;
        continue;
      }
      // What the child reads from the copy.
      if (first.text.length >= MAXBUF - 1) this.copySplit = true;
      if (first.text === '' || (continuing && includeVariant(first.text) !== null)) {
        onEmpty();
        continue;
      }
      const second = decomment(first.text);
      if (second.unterminatedQuote !== first.unterminatedQuote) this.reportQuote(second.unterminatedQuote);
      if (second.text) return second.text;
    }
  }

  private reportQuote(line: string | null): void {
    if (line !== null) this.report(`Unterminated quote '${line}'`);
  }

  private decomment(s: string): string {
    const d = decomment(s);
    this.reportQuote(d.unterminatedQuote);
    return d.text;
  }

  /** A continuation line of a multi-line definition: added to it (a '\' at its end continues further). */
  private continueDefinition(def: Def, buf: string, end: () => void): string {
    let text = buf;
    let more = false;
    if (text.endsWith('\\')) {
      let n = text.length - 1;
      while (n >= 1 && isBlank(text[n - 1])) n--;
      text = text.slice(0, n) + '\n';
      more = true;
    } else {
      end();
      if (def.value === '') def.multiline = false;
    }
    if (text.length >= 2 || (text.length && !more)) def.value += text; // a lone '\' adds no blank line
    return '';
  }

  /** "@id rest" keeps rest when id is the config id, "@^id rest" when it is not: where rest starts, or -1 to drop. */
  private condition(buf: string): number {
    const rev = buf[1] === '^';
    const from = rev ? 2 : 1;
    const space = findAny(buf, from, BLANKS);
    if (space < 0) return -1;
    if ((buf.slice(from, space) === this.configId) === rev) return -1;
    return space + spanOf(buf, space, BLANKS);
  }

  private openBlock(buf: string): void {
    const report = (m: string): void => this.report(m);
    if (buf[1] === 'S') {
      const b = parseSeq(buf, this.ctx, report);
      if (b) this.blocks.push(b);
      else this.report(`Invalid ~SEQ specification '${buf}'`);
    } else {
      const b = parseLst(buf, report);
      if (b) this.blocks.push(b);
      else this.report(`Invalid ~LST specification '${buf}'`);
    }
  }

  /** keepalived's check_include(): "include[rmwba] PATTERN" (the rest of the line, blanks and all, is the pattern). */
  private include(buf: string): boolean {
    const variant = includeVariant(buf);
    if (variant === null) return false;
    const at = 7 + variant.length + 1;
    this.files.include(buf.slice(at + spanOf(buf, at, BLANKS)), INCLUDE_VARIANTS[variant]);
    return true;
  }

  /** The value of a predefined definition at this use. */
  private evaluate(def: Def, params: string | null): string {
    if (def.fn === 'pwd') return toBytes(this.files.cwd);
    if (def.fn === 'instance') return this.configId;
    return this.random(params);
  }

  /** ${_RANDOM [MIN [MAX]]}: random() % (MAX - MIN + 1) + MIN in unsigned long, cut to the number of digits of MAX. */
  private random(params: string | null): string {
    let min = 0n;
    let max = 32767n;
    if (params) {
      const a = strtoul10(params, 0);
      min = a.value;
      if (a.end < params.length - 1) max = strtoul10(params, a.end).value; // extra text is only logged
    }
    const ulong = (v: bigint): bigint => BigInt.asUintN(64, v);
    const range = ulong(max - min + 1n);
    const r = BigInt(this.rng.next());
    const val = BigInt.asIntN(64, range === 0n ? min : ulong((r % range) + min)); // keepalived divides by zero here
    const digits = BigInt.asIntN(64, max);
    return val.toString().slice(0, (digits < 0n ? -digits : digits).toString().length);
  }
}

/** keepalived's is_include(): '' for include, 'r' 'm' 'w' 'b' 'a' for the variants, null when not an include line. */
function includeVariant(buf: string): string | null {
  if (!buf.startsWith('include') || buf.length <= 7) return null;
  if (isSpace(buf[7])) return '';
  return 'rmwba'.includes(buf[7]) && isSpace(buf[8]) ? buf[7] : null;
}

/**
 * The C string left by memmove(buf, buf + from, n): when n does not reach the terminating NUL, the old bytes after
 * the copied ones stay. n <= 0 (keepalived's unsigned length wrapped) copies nothing.
 */
function cMemmoveDown(buf: string, from: number, n: number): string {
  if (n <= 0) return buf;
  if (from + n > buf.length) return buf.slice(from);
  return buf.slice(from, from + n) + buf.slice(n);
}
