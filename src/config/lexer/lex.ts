// Reading a whole configuration: the root file check keepalived makes before reading (check_conf_file), then every
// logical line in order, through all includes. Lines that hold only white space are left out (keepalived's parser
// finds no words in them and skips them).
import { ConfigErr, type Diagnostics } from '../diagnostics';
import type { LexOptions, SourceLine } from '../source-line';
import { fromBytes, isAllWhiteSpace, toBytes } from './c-string';
import { realFs, type ConfigFs } from './config-fs';
import { GlobalDefsTracker } from './global-defs-tracker';
import { INCLUDE_ALL, includeCheckSet } from './include-check';
import { IncludeStack } from './includes';
import { ConfigReader } from './reader';

export interface LexResult {
  readonly lines: SourceLine[];
  /**
   * The -f file passed keepalived's check and was opened. When false, keepalived (-t or not) stops at once: -t exits
   * 4 if a FileNotFound was reported (only with -e, or for an unreadable file), else 0 (the messages were warnings).
   */
  readonly rootOpened: boolean;
  /** The files opened, in order (the root file first), as keepalived -D names them ("Opening file '…'."). */
  readonly filesOpened: readonly string[];
  /**
   * File problems that were errors (keepalived's config_file_error, from include variants, include_check or -e):
   * keepalived still parses, as the parent only (global_defs and top level), then exits 6 (KEEPALIVED_EXIT_NO_CONFIG),
   * with -t too, without checking the VRRP or checker configuration.
   */
  readonly fileErrors: number;
}

/** Test and tooling hooks; the defaults are the real file system and keepalived's behaviour. */
export interface LexInternals {
  readonly fs?: ConfigFs;
  /** The directory relative paths start from (keepalived: where it was started, or / once daemonised). */
  readonly cwd?: string;
  /** Stop after this many lines (keepalived has no limit; a ~SEQ can ask for millions). */
  readonly maxLines?: number;
  /** Stop after this many read steps (keepalived loops for ever on some self-referencing definitions). */
  readonly maxSteps?: number;
  /**
   * 'child' (default): the lines keepalived's VRRP and checker processes read (from the parent's decommented copy).
   * 'parent': the lines of keepalived's first reading of the files. They differ only in the cases described in
   * reader.ts.
   */
  readonly view?: 'child' | 'parent';
}

// A million lines is far beyond any real configuration (1000 real servers take ~15 000), and what variables and
// ~SEQ can expand to must stay within the heap: each lexed line is held until the parse ends.
const DEFAULT_MAX_LINES = 1_000_000;
const DEFAULT_MAX_STEPS = 20_000_000;

export function lexConfigResult(
  file: string,
  opts: LexOptions,
  diags: Diagnostics,
  internals: LexInternals = {},
): LexResult {
  const files = newStack(opts, diags, internals);
  const pattern = toBytes(file);
  const glob = files.checkRoot(pattern);
  if (!glob || !files.openRoot(pattern, glob)) {
    return { lines: [], rootOpened: false, fileErrors: files.fileErrors, filesOpened: files.openedFiles };
  }
  const lines = readAll(files, opts, diags, internals);
  return { lines, rootOpened: true, fileErrors: files.fileErrors, filesOpened: files.openedFiles };
}

/** Lex text as the content of the root file `file` (which need not exist); includes are read from the file system. */
export function lexText(
  text: string,
  file: string,
  opts: LexOptions,
  diags: Diagnostics,
  internals: LexInternals = {},
): SourceLine[] {
  const files = newStack(opts, diags, internals);
  files.openText(toBytes(file), Buffer.from(text, 'utf8'));
  return readAll(files, opts, diags, internals);
}

function newStack(opts: LexOptions, diags: Diagnostics, internals: LexInternals): IncludeStack {
  const cwd = internals.cwd ?? process.cwd();
  return new IncludeStack(internals.fs ?? realFs, diags, cwd, opts.allConfig ? INCLUDE_ALL : 0);
}

function readAll(files: IncludeStack, opts: LexOptions, diags: Diagnostics, internals: LexInternals): SourceLine[] {
  const maxLines = internals.maxLines ?? DEFAULT_MAX_LINES;
  const seed = opts.randomSeed ?? Math.floor(Date.now() / 1000);
  const reader = new ConfigReader(
    files,
    toBytes(opts.configId),
    seed,
    internals.maxSteps ?? DEFAULT_MAX_STEPS,
    internals.view !== 'parent',
  );
  const tracker = new GlobalDefsTracker();
  const lines: SourceLine[] = [];
  for (;;) {
    const l = reader.readLine();
    if (!l) break;
    if (isAllWhiteSpace(l.text)) continue;
    lines.push({ text: fromBytes(l.text), pos: l.pos });
    const check = tracker.onLine(l.text);
    if (check) files.includeCheck = includeCheckSet(files.includeCheck, check);
    if (lines.length >= maxLines) {
      diags.error(ConfigErr.GeneralError, l.pos, `Configuration has more than ${maxLines} lines - ignoring the rest`);
      break;
    }
  }
  if (reader.exhausted) {
    const message = 'Configuration reading does not terminate - ignoring the rest';
    diags.error(ConfigErr.GeneralError, files.position(), message);
  }
  return lines;
}
