// What a keyword handler sees: the words of its line (keepalived's strvec), where it came from, and readers that
// report bad values the way keepalived's read_* helpers do. Handlers call `word(i)` where keepalived's code uses
// strvec_slot() (a missing word ends the parse, as keepalived exits) and `has(i)`/`count` where it checks first.
import { ConfigAbort, ConfigErr, Diagnostics, Position } from '../diagnostics';
import type { SourceLine } from '../source-line';
import { splitScriptWords, splitWords } from '../lexer';
import type { LineCursor } from './line-cursor';

/** keepalived exits with this code when a keyword lacks a parameter it reads unconditionally. */
export const EXIT_MISSING_PARAMETER = 2;

/** One entry of a value block: its words and where it stands. */
export interface BlockEntry {
  readonly words: readonly string[];
  readonly text: string;
  readonly pos: Position;
}

export class KeywordArgs {
  constructor(
    readonly words: readonly string[],
    readonly line: SourceLine,
    readonly diags: Diagnostics,
    private readonly cursor: LineCursor,
  ) {}

  /** Set by skipBlock(): the walker passes over this keyword's block instead of parsing it. */
  skipRequested = false;

  /** keepalived's skip_block(true): the `{ … }` that follows is read without being parsed, and no close handler runs. */
  skipBlock(): void {
    this.skipRequested = true;
  }

  get pos(): Position {
    return this.line.pos;
  }

  get keyword(): string {
    return this.words[0] ?? '';
  }

  get count(): number {
    return this.words.length;
  }

  has(i: number): boolean {
    return i < this.words.length;
  }

  /** The word at `i`, or the parse stops as keepalived's strvec_slot() stops it. */
  word(i: number): string {
    const w = this.words[i];
    if (w !== undefined) return w;
    const msg =
      i > 0 && this.words[i - 1] !== undefined
        ? `*** Configuration line starting \`${this.keyword}\` is missing a parameter after keyword \`${this.words[i - 1]}\` at word position ${i + 1}`
        : `*** Configuration line starting \`${this.keyword}\` is missing a parameter at word position ${i + 1}`;
    this.diags.error(ConfigErr.MissingParameter, this.pos, msg, this.keyword);
    throw new ConfigAbort(msg, EXIT_MISSING_PARAMETER);
  }

  /** The line after this keyword's line, unread (e.g. to see whether a block follows). */
  peekLine(): SourceLine | undefined {
    return this.cursor.peek();
  }

  /** keepalived's report_config_error() at this line. */
  error(err: ConfigErr, message: string): void {
    this.diags.error(err, this.pos, message, this.keyword);
  }

  /** A message keepalived logs for this line without counting it as a configuration error. */
  warning(message: string): void {
    this.diags.warning(this.pos, message, this.keyword);
  }

  /** The line's text after the first `skip` words, as keepalived's set_value()/script readers see it. */
  textAfter(skip: number): string {
    let rest = this.line.text;
    for (let i = 0; i < skip; i++) {
      rest = rest.trimStart();
      if (rest.startsWith('"')) {
        const end = rest.indexOf('"', 1);
        rest = end < 0 ? '' : rest.slice(end + 1);
      } else {
        const m = /^\S+/.exec(rest);
        rest = m ? rest.slice(m[0].length) : '';
      }
    }
    return rest.trim();
  }

  /** keepalived's alloc_strvec_quoted_escaped() over the text after `skip` words (script command lines). */
  scriptWords(skip: number): string[] {
    return splitScriptWords(this.textAfter(skip));
  }

  /**
   * A value block (`keyword {` entries `}`), one entry per line, as keepalived's alloc_value_block(): words after the
   * keyword are an error, a missing `{` is only logged, and entries run to the `}` (or the end of the input).
   * `nameWords`: words after the keyword that belong to it (a virtual_server_group's name) and are not extra.
   * Returns where the closing `}` stood.
   */
  readBlockLines(onEntry: (entry: BlockEntry) => void, nameWords = 0): Position | undefined {
    if (this.words.length > 1 + nameWords) {
      this.error(ConfigErr.GeneralError, `Block ${this.keyword} has extra parameters ${this.words[1 + nameWords]} ...`);
    }
    if (this.cursor.peek()?.text === '{') this.cursor.next();
    else this.warning(`'{' missing from beginning of block ${this.keyword}`);
    for (let line = this.cursor.next(); line !== undefined; line = this.cursor.next()) {
      if (line.text === '}') return line.pos;
      if (line.text === '{') continue;
      const words = splitWords(line.text, line.pos, this.diags);
      if (words.length > 0) onEntry({ words, text: line.text, pos: line.pos });
    }
    return undefined;
  }

  /**
   * A value block read as one list of words across its lines, as read_value_block() (e.g. a sync group's group),
   * with where it ended: the closing `}`, or the keyword line when the input ended first (keepalived reports an
   * empty block at its end).
   */
  readBlockWords(): { words: string[]; end: Position } {
    const words: string[] = [];
    const end = this.readBlockLines((e) => {
      for (const w of e.words) words.push(w);
    });
    return { words, end: end ?? this.pos };
  }
}
