// The stack of configuration files being read, as keepalived's include_stack: the root file(s) at the bottom, one
// entry per include glob above it, each reading its matches in turn. Also the current directory (keepalived chdir()s
// into the directory of every file it opens, so relative includes and ${_PWD} follow the including file), the
// include_check setting (restored when a file ends) and keepalived's messages about missing or unusable files.
import * as path from 'node:path';
import { ConfigErr, type Diagnostics, type Position } from '../diagnostics';
import { fromBytes } from './c-string';
import { type ConfigFs, strerror } from './config-fs';
import { globConfig, hasBrace, type GlobResult } from './glob';
import { INCLUDE_B, INCLUDE_M, INCLUDE_R, INCLUDE_W } from './include-check';

/** fgets() into keepalived's 1024-byte buffer: a longer line is read as several 1023-byte pieces. */
export const MAXBUF = 1024;

/**
 * keepalived follows an include loop until it runs out of file descriptors, then reports "open problem (Too many
 * open files)" and unwinds. We report the same when a file would be open a third time at once (so a loop is read
 * twice, which gives keepalived's messages), past this depth, or after this many opened files.
 */
const MAX_INCLUDE_DEPTH = 100;
const MAX_OPEN_SAME_FILE = 2;
const MAX_FILES_OPENED = 10_000;

interface OpenFile {
  readonly content: string;
  offset: number;
  /** Line feeds before offset. */
  newlines: number;
  readonly realPath: string;
}

interface Frame {
  readonly pattern: string;
  matches: readonly string[];
  next: number;
  /** The include_t bits of this include (R|M|W for the root). */
  readonly type: number;
  /** include_check when this include started; restored at the end of each of its files. */
  readonly savedCheck: number;
  readonly isRoot: boolean;
  /** keepalived's current_file_name: set for included files, and for root files when the root glob matched several. */
  name: string | null;
  /** The match being (or last) read, and as UTF-8 for positions. */
  path: string | null;
  pathText: string;
  lineNo: number;
  file: OpenFile | null;
  savedCwd: string | null;
}

export class IncludeStack {
  private readonly frames: Frame[] = [];
  /** Count of file problems that were errors (keepalived's config_file_error: the daemon refuses to start). */
  fileErrors = 0;
  /** Each file opened, as keepalived names it in its -D line "Opening file '…'." (the glob match as written). */
  readonly openedFiles: string[] = [];
  private opened = 0;

  constructor(
    private readonly fs: ConfigFs,
    private readonly diags: Diagnostics,
    /** The current directory, physical (as getcwd() gives it). */
    public cwd: string,
    /** The include_check bits in force. */
    public includeCheck: number,
  ) {}

  /** Where keepalived says a message is: the file being read, or for a new include the line that includes it. */
  position(): Position | undefined {
    let f = this.frames[this.frames.length - 1];
    if (!f) return undefined;
    if (f.name === null && this.frames.length > 1) f = this.frames[this.frames.length - 2];
    if (f.name !== null) return { file: fromBytes(f.name), line: f.lineNo };
    if (f.lineNo && f.path !== null) return { file: fromBytes(f.path), line: f.lineNo };
    return undefined;
  }

  /** The position of the line just read. */
  linePosition(): Position {
    const f = this.frames[this.frames.length - 1];
    return { file: f?.pathText ?? '', line: f?.lineNo ?? 0 };
  }

  /** report_config_error() for a byte-string message. */
  report(err: ConfigErr, message: string): void {
    this.diags.error(err, this.position(), fromBytes(message));
  }

  /** file_config_error(): an error if the include's checks (or include_check) ask for it, else only a message. */
  private fileError(check: number, type: number, message: string): void {
    if ((this.includeCheck | type) & check) {
      this.fileErrors++;
      this.report(ConfigErr.FileNotFound, message);
    } else this.diags.warning(this.position(), fromBytes(message));
  }

  private abs(p: string): string {
    return path.resolve(this.cwd, fromBytes(p));
  }

  /** keepalived's check_conf_file() for the -f file: its glob, or null when keepalived would stop. */
  checkRoot(pattern: string): GlobResult | null {
    const g = globConfig(pattern, this.cwd, this.fs);
    if (!this.checkGlob(pattern, g, 0)) return null;
    let ok = true;
    let n = 0;
    for (const m of g.paths) {
      if (!this.usable(m, 0)) {
        ok = false;
        continue;
      }
      if (!this.fs.canRead(this.abs(m))) {
        this.report(ConfigErr.FileNotFound, `Unable to read configuration file ${m}`);
        return null;
      }
      n++;
    }
    if (ok && n > 1) {
      const message = `WARNING, multiple configuration file matches of ${pattern}, starting with ${g.paths[0]}`;
      this.report(ConfigErr.MultipleFiles, message);
    }
    return ok && n > 0 ? g : null;
  }

  /** Start reading the root file(s) checked by checkRoot() (keepalived globs again, and says again what is missing). */
  openRoot(pattern: string, g: GlobResult): boolean {
    const f = this.push(pattern, INCLUDE_R | INCLUDE_M | INCLUDE_W, true);
    f.matches = g.paths;
    if (this.checkGlob(pattern, g, f.type) && this.openNext(f)) return true;
    this.frames.pop();
    this.fileError(INCLUDE_R, 0, 'Failed to open configuration file');
    return false;
  }

  /** Start reading a root file whose content is given (no glob, no checks). */
  openText(file: string, content: Buffer): void {
    const f = this.push(file, INCLUDE_R | INCLUDE_M | INCLUDE_W, true);
    f.matches = [file];
    f.next = 1;
    this.enter(f, file, content.toString('latin1'), this.fs.realpath(this.abs(file)) ?? this.abs(file), false);
  }

  /** keepalived's open_glob_file() for an include line: false when nothing could be opened. */
  include(pattern: string, type: number): boolean {
    const f = this.push(pattern, type, false);
    const g = globConfig(pattern, this.cwd, this.fs);
    if (!this.checkGlob(pattern, g, type)) {
      this.frames.pop();
      return false;
    }
    f.matches = g.paths;
    if (this.openNext(f)) return true;
    this.frames.pop();
    return false;
  }

  /** The next fgets() piece of the current file, moving on to the next match or back to the includer at EOF. */
  nextChunk(): string | null {
    for (;;) {
      const f = this.frames[this.frames.length - 1];
      if (!f) return null;
      const file = f.file;
      if (file && file.offset < file.content.length) {
        const c = file.content;
        const o = file.offset;
        const nl = c.indexOf('\n', o);
        const end = Math.min(nl < 0 ? c.length : nl + 1, o + MAXBUF - 1);
        f.lineNo = file.newlines + 1;
        if (c[end - 1] === '\n') file.newlines++;
        file.offset = end;
        return c.slice(o, end);
      }
      this.endFile(f);
      if (!this.openNext(f)) this.frames.pop();
    }
  }

  private push(pattern: string, type: number, isRoot: boolean): Frame {
    const f: Frame = {
      pattern,
      matches: [],
      next: 0,
      type,
      savedCheck: this.includeCheck,
      isRoot,
      name: null,
      path: null,
      pathText: '',
      lineNo: 0,
      file: null,
      savedCwd: null,
    };
    this.frames.push(f);
    return f;
  }

  /** open_and_check_glob(): report what the glob found missing; false when the include is given up. */
  private checkGlob(pattern: string, g: GlobResult, type: number): boolean {
    if (g.noSpace) {
      this.fileError(INCLUDE_R, type, `Error reading config file(s): glob("${pattern}") returned 1, skipping.`);
      return false;
    }
    const missing = g.missingFiles + g.missingDirs > 0;
    if (!g.paths.length) {
      const check = hasBrace(pattern) ? INCLUDE_B : INCLUDE_M;
      if (missing) this.fileError(check, type, `Config files missing '${pattern}'.`);
      else if (g.haveWildcards && (this.includeCheck | type) & INCLUDE_W) {
        this.fileError(INCLUDE_W, type, `No config files matched '${pattern}'.`);
      }
      return false;
    }
    if (missing) {
      this.fileError(INCLUDE_B, type, `Some config files missing: "${pattern}".`);
      if ((this.includeCheck | type) & INCLUDE_B) return false;
    }
    return true;
  }

  /** check_glob_file(): a match must be a regular, non-executable file. */
  private usable(m: string, type: number): boolean {
    if (m.endsWith('/')) {
      this.fileError(INCLUDE_R, type, `Configuration file '${m}' is a directory - skipping`);
      return false;
    }
    const st = this.fs.stat(this.abs(m));
    if (!st || !st.isFile || st.mode & 0o111) {
      this.fileError(INCLUDE_R, type, `Configuration file '${m}' is not a regular non-executable file - skipping`);
      return false;
    }
    return true;
  }

  /** open_conf_file(): open the next usable match of a glob. */
  private openNext(f: Frame): boolean {
    while (f.next < f.matches.length) {
      const m = f.matches[f.next++];
      if (!this.usable(m, f.type)) continue;
      const abs = this.abs(m);
      const real = this.fs.realpath(abs) ?? abs;
      const sameOpen = this.frames.filter((o) => o.file?.realPath === real).length;
      if (this.frames.length > MAX_INCLUDE_DEPTH || sameOpen >= MAX_OPEN_SAME_FILE || this.opened >= MAX_FILES_OPENED) {
        this.fileError(INCLUDE_R, f.type, `Configuration file '${m}' open problem (${strerror('EMFILE')}) - skipping`);
        continue;
      }
      const data = this.fs.readFile(abs);
      if (!Buffer.isBuffer(data)) {
        this.fileError(INCLUDE_R, f.type, `Configuration file '${m}' open problem (${strerror(data.code)}) - skipping`);
        continue;
      }
      this.openedFiles.push(fromBytes(m));
      this.enter(f, m, data.toString('latin1'), real);
      return true;
    }
    return false;
  }

  private enter(f: Frame, m: string, content: string, realPath: string, reportChdir = true): void {
    this.opened++;
    f.file = { content, offset: 0, newlines: 0, realPath };
    if (!f.isRoot || f.matches.length > 1) f.name = m;
    f.path = m;
    f.pathText = fromBytes(m);
    f.lineNo = 0;
    f.savedCwd = null;
    if (m.includes('/')) {
      f.savedCwd = this.cwd;
      const dir = cDirname(m);
      const target = this.fs.realpath(this.abs(dir));
      if (target && this.fs.stat(target)?.isDirectory) this.cwd = target;
      else if (reportChdir) this.fileError(INCLUDE_R, f.type, `chdir(${dir}) error (${strerror('ENOENT')})`);
    }
  }

  /** end_file(): back to the directory and include_check of before this file. */
  private endFile(f: Frame): void {
    f.file = null;
    this.includeCheck = f.savedCheck;
    if (f.savedCwd !== null) this.cwd = f.savedCwd;
    f.savedCwd = null;
  }
}

/** dirname(3) of a path that is not a directory. */
function cDirname(p: string): string {
  const s = p.replace(/\/+$/, '');
  const i = s.lastIndexOf('/');
  if (i < 0) return '.';
  return s.slice(0, i).replace(/\/+$/, '') || '/';
}
