// Walks the lexer's lines through a keyword tree as keepalived's process_stream() does: a known keyword runs its
// handler, a keyword with a sub-level expects `{` next and its lines up to the matching `}`; an unknown keyword is
// reported and skipped (its `{`, if any, is "unexpected" and ignored, so its contents are read at the current level,
// exactly like keepalived); a stray `}` closes the current level.
import { ConfigErr, type ConfigOwner, Diagnostics, Position } from '../diagnostics';
import type { SourceLine } from '../source-line';
import { splitWords } from '../lexer';
import { KeywordArgs } from './keyword-args';
import type { KeywordDef, KeywordTable } from './keyword-tree';
import { LineCursor } from './line-cursor';

export interface WalkOptions {
  /** Root keywords this pass handles; the others are passed over with their blocks, silently. Default: all. */
  readonly active?: (rootKeyword: string) => boolean;
  /** Whether this pass reports a stray `{` or `}` at the top level (one pass of several does). Default: true. */
  readonly reportRootStrays?: boolean;
  /** Whose block a known root keyword opens, for the diagnostics reported inside it. Default: 'any'. */
  readonly ownerOf?: (rootKeyword: string) => ConfigOwner;
}

/** Parses every line against `root`; throws ConfigAbort only where keepalived would exit mid-parse. */
export function walkLines(lines: readonly SourceLine[], root: KeywordTable, diags: Diagnostics, opts: WalkOptions = {}): void {
  walkLevel(new LineCursor(lines), root, diags, 0, opts);
}

/** A level that ended with a skipped value block: keepalived runs no close handler for it. */
const ENDED_BY_SKIP = Symbol('ended by skip');

/** Returns where the level's closing `}` stood; at the end of the input, the last line read (keepalived's current
 * line then). */
function walkLevel(
  cursor: LineCursor,
  table: KeywordTable,
  diags: Diagnostics,
  depth: number,
  opts: WalkOptions,
): Position | undefined | typeof ENDED_BY_SKIP {
  let last = cursor.lastPos;
  for (let line = cursor.next(); line !== undefined; line = cursor.next()) {
    last = line.pos;
    if (depth === 0) {
      diags.root = cursor.lastIndex;
      diags.owner = 'any';
    }
    if (line.text === '}') {
      if (depth > 0) return line.pos;
      if (opts.reportRootStrays !== false) diags.error(ConfigErr.UnknownKeyword, line.pos, `Unknown keyword '}'`, '}');
      continue;
    }
    if (line.text === '{') {
      if (depth > 0 || opts.reportRootStrays !== false) diags.error(ConfigErr.UnexpectedBob, line.pos, `Unexpected '{' - ignoring`);
      continue;
    }
    if (depth === 0 && opts.active) {
      // A pass over other keywords: word splitting is left to the pass that handles the line, so nothing is
      // reported twice.
      const name = /^\S+/.exec(line.text)?.[0] ?? '';
      if (!opts.active(name)) {
        if (table.has(name) && cursor.peek()?.text === '{') skipBlock(cursor);
        continue;
      }
    }
    const words = splitWords(line.text, line.pos, diags);
    if (words.length === 0) continue;
    const def = table.get(words[0] as string);
    if (def === undefined) {
      diags.error(ConfigErr.UnknownKeyword, line.pos, `Unknown keyword '${words[0]}'`, words[0]);
      continue;
    }
    if (depth === 0) diags.owner = opts.ownerOf?.(def.name) ?? 'any';
    if (runKeyword(def, words, line, cursor, diags, depth, opts) && depth > 0) return ENDED_BY_SKIP;
    last = cursor.lastPos ?? last;
  }
  return last;
}

/** Runs one keyword; true when keepalived's skip of a value block ends the level it stands in. */
function runKeyword(
  def: KeywordDef,
  words: string[],
  line: SourceLine,
  cursor: LineCursor,
  diags: Diagnostics,
  depth: number,
  opts: WalkOptions,
): boolean {
  const args = new KeywordArgs(words, line, diags, cursor);
  def.handler?.(args);
  if (args.skipRequested && cursor.peek()?.text === '{') {
    skipBlock(cursor);
    // keepalived's skip returns from the level that read the skipped block's `}`: for a value block that is the
    // level the keyword stands in, whose own `}` is then left over.
    return def.sub === undefined;
  }
  if (def.sub === undefined) return false;
  if (cursor.peek()?.text !== '{') {
    diags.error(ConfigErr.MissingBob, line.pos, `Missing '{' at beginning of configuration block`, def.name);
    return false;
  }
  cursor.next();
  const end = walkLevel(cursor, def.sub, diags, depth + 1, opts);
  if (end !== ENDED_BY_SKIP) def.close?.(end);
  return false;
}

/** Passes over a `{ … }` block, nested blocks included (keepalived's skip_sublevel counting). */
function skipBlock(cursor: LineCursor): void {
  let depth = 0;
  for (let line = cursor.next(); line !== undefined; line = cursor.next()) {
    if (line.text === '{') depth++;
    else if (line.text === '}' && --depth === 0) return;
  }
}
