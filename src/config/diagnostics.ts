// Configuration diagnostics with keepalived's error classes (lib/parser.h config_err_t). keepalived keeps the class
// with the highest value reported (so one "still runs" error outranks a missing interface, and a script-security
// error outranks everything); `-t` turns that class into its exit code.

/** keepalived's config_err_t, in its order (the numeric values matter: the highest one reported wins). */
export enum ConfigErr {
  Ok = 0,
  // keepalived cannot run the configuration
  FileNotFound = 1,
  BadIf = 2,
  Fatal = 3,
  // errors keepalived reports but still runs with
  MultipleFiles = 4,
  UnknownKeyword = 5,
  UnexpectedBob = 6,
  MissingBob = 7,
  UnmatchedQuote = 8,
  MissingParameter = 9,
  InvalidNumber = 10,
  GeneralError = 11,
  // script security not enabled where it is needed
  SecurityError = 12,
}

/** Where a line came from; survives includes. */
export interface Position {
  readonly file: string;
  readonly line: number;
}

/** 'warning' never changes the verdict (keepalived's plain log_message); 'error' carries a ConfigErr class. */
export interface Diagnostic {
  readonly severity: 'warning' | 'error';
  /** 'read': while the files are read and parsed (every such diagnostic about a line has its position);
   * 'validate': the checks after the whole configuration is read (they name the instance or server instead). */
  readonly phase: 'read' | 'validate';
  readonly err: ConfigErr;
  readonly pos: Position | undefined;
  readonly keyword: string | undefined;
  readonly message: string;
  /** The one keepalived process that reports it when running; undefined: not told apart (each process logs it). */
  readonly process?: ConfigProcess;
  /** Whose part of the configuration it is about (see ConfigOwner); which processes report it when running. */
  readonly owner: ConfigOwner;
  /** Where keepalived, reading the file once from top to bottom, reports it: see Diagnostics.root. */
  readonly root: number;
}

/**
 * Who reports a diagnostic when the daemon runs. keepalived's processes each parse the whole file but run the handlers
 * of their own root keywords only, passing over the other blocks silently: 'global' (global_defs and the root-only
 * keywords) the parent, and the children at a reload; 'vrrp' and 'check' that child; 'children' both (track_file,
 * bfd_instance); 'any' every process (what is wrong whatever the block: an unknown root keyword, a stray brace, the
 * files themselves).
 */
export type ConfigOwner = 'any' | 'global' | 'vrrp' | 'check' | 'children';

/** The part of the configuration a line came from, which says which of keepalived's processes parse it. */
export type ConfigScope = 'global' | 'vrrp' | 'check';

/** keepalived's processes that read the configuration. */
export type ConfigProcess = 'parent' | 'vrrp' | 'check';

/**
 * A line keepalived's log_message() writes while it parses (never shown by -t, which logs nothing). `scope` says
 * which processes read that part; `before` is the index in Diagnostics.list it comes before.
 */
export interface ParseLogLine {
  readonly scope: ConfigScope;
  readonly message: string;
  readonly before: number;
  /** The look-up of the default script user, which each process makes once (children inherit the parent's). */
  readonly defaultUser: boolean;
  readonly root: number;
}

/** Thrown to stop parsing at once where keepalived exits mid-parse (e.g. a keyword missing its parameter). */
export class ConfigAbort extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'ConfigAbort';
  }
}

export class Diagnostics {
  readonly list: Diagnostic[] = [];
  readonly logLines: ParseLogLine[] = [];
  private worstErr: ConfigErr = ConfigErr.Ok;
  phase: 'read' | 'validate' = 'read';
  /** Whose block is being read or checked (set by the tree walker at each root line, and by the validators). */
  owner: ConfigOwner = 'any';
  /**
   * The index of the root line whose block is being read: keepalived reads the file once, top to bottom, while we
   * read global_defs before the rest; sorting a process's lines by it gives keepalived's order. -1 while the files are
   * read (before any block), Infinity for the checks after the whole file is read.
   */
  root = -1;

  /**
   * `configTest`: parsing for `-t`. keepalived's number readers are stricter then: outside `-t` a value such as
   * `5x` is logged as a warning and used as 5.
   */
  constructor(readonly configTest = true) {}

  /**
   * Diagnostics beyond MAX_KEPT are counted (their class still counts) but not kept: a configuration that expands to
   * millions of bad lines (variables, ~SEQ) would otherwise hold gigabytes of messages no one reads.
   */
  static readonly MAX_KEPT = 100_000;
  /** How many were counted but not kept. */
  notKept = 0;

  private keep(d: Diagnostic): void {
    if (this.list.length < Diagnostics.MAX_KEPT) this.list.push(d);
    else this.notKept++;
  }

  /** keepalived's report_config_error(): records the class, keeps the highest. */
  error(err: ConfigErr, pos: Position | undefined, message: string, keyword?: string): void {
    this.keep({ severity: 'error', phase: this.phase, err, pos, keyword, message, owner: this.owner, root: this.root });
    if (err > this.worstErr) this.worstErr = err;
  }

  /** error() for a check only `process` makes when keepalived runs (-t makes them all). */
  errorIn(process: ConfigProcess, err: ConfigErr, pos: Position | undefined, message: string): void {
    this.keep({ severity: 'error', phase: this.phase, err, pos, keyword: undefined, message, process, owner: this.owner, root: this.root });
    if (err > this.worstErr) this.worstErr = err;
  }

  /** A message keepalived logs without marking the configuration as wrong. */
  warning(pos: Position | undefined, message: string, keyword?: string): void {
    this.keep({ severity: 'warning', phase: this.phase, err: ConfigErr.Ok, pos, keyword, message, owner: this.owner, root: this.root });
  }

  /** keepalived's log_message() during the parse: for the running processes' logs only. */
  log(scope: ConfigScope, message: string, defaultUser = false): void {
    this.logLines.push({ scope, message, before: this.list.length, defaultUser, root: this.root });
  }

  get worst(): ConfigErr {
    return this.worstErr;
  }

  get errorCount(): number {
    return this.list.filter((d) => d.severity === 'error').length;
  }
}

/** A diagnostic as keepalived prints it: `(FILE: Line N) message`. */
export function formatDiagnostic(d: Diagnostic): string {
  return d.pos ? `(${d.pos.file}: Line ${d.pos.line}) ${d.message}` : d.message;
}

/**
 * A diagnostic as keepalived's parent logs it: for a line of the root file it leaves the file out, `(Line N) message`,
 * and names included files (the children read the parent's copy of the whole, which names every file).
 */
export function formatParentDiagnostic(d: Diagnostic, rootFile: string): string {
  return d.pos && d.pos.file === rootFile ? `(Line ${d.pos.line}) ${d.message}` : formatDiagnostic(d);
}
