// glob(3) as keepalived calls it for config files: GLOB_MARK | GLOB_BRACE | GLOB_ALTDIRFUNC, with keepalived's
// opendir/lstat hooks counting what was missing. Follows glibc: csh braces are expanded first and each alternative
// globbed in turn (its matches sorted), a wildcard directory part is globbed for directories, a name without
// wildcards is checked with lstat, one with wildcards is matched against readdir with FNM_PERIOD. Patterns and results
// are byte strings, relative results stay relative to the current directory.
import * as path from 'node:path';
import type { ConfigFs } from './config-fs';
import { fromBytes, toBytes } from './c-string';
import { fnmatch, hasMagic, unescapeGlob } from './fnmatch';

export interface GlobResult {
  readonly paths: string[];
  /** glob() failed: GLOB_NOSPACE, when the braces expand to more patterns than we allow (glibc runs out of memory). */
  readonly noSpace: boolean;
  /** gl_lstat failed (a name without wildcards, or a brace alternative, does not exist). */
  readonly missingFiles: number;
  /** gl_opendir failed (the directory of a wildcard does not exist). */
  readonly missingDirs: number;
  /** gl_opendir was called at all, i.e. some part had wildcards. */
  readonly haveWildcards: boolean;
}

/** More brace alternatives than any real include needs; "{a,b}{c,d}..." doubles with every group. */
const MAX_BRACE_PATTERNS = 4096;

export function globConfig(pattern: string, cwd: string, fs: ConfigFs): GlobResult {
  const g = new Globber(fs, cwd);
  const paths: string[] = [];
  let noSpace = false;
  try {
    g.braces(pattern, paths);
  } catch (e) {
    if (e !== TOO_MANY) throw e;
    noSpace = true;
    paths.length = 0;
  }
  return { paths, noSpace, missingFiles: g.missingFiles, missingDirs: g.missingDirs, haveWildcards: g.haveWildcards };
}

const TOO_MANY = new Error('too many brace alternatives');

/** keepalived's have_brace(): an unescaped '{' anywhere. */
export function hasBrace(pattern: string): boolean {
  return firstBrace(pattern) >= 0;
}

function firstBrace(s: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) i++;
    else if (s[i] === '{') return i;
  }
  return -1;
}

/** glibc next_brace_sub(): the ',' or '}' ending the alternative that starts at i, or -1. */
function nextBraceSub(s: string, i: number): number {
  let depth = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (c === ',' && depth === 0) return i;
    else if (c === '{') depth++;
    i++;
  }
  return -1;
}

class Globber {
  missingFiles = 0;
  missingDirs = 0;
  haveWildcards = false;
  private patterns = 0;

  constructor(
    private readonly fs: ConfigFs,
    private readonly cwd: string,
  ) {}

  private abs(p: string): string {
    return path.resolve(this.cwd, fromBytes(p));
  }

  /** GLOB_BRACE: expand the first brace group; an unbalanced one leaves the whole pattern without brace handling. */
  braces(pattern: string, out: string[]): void {
    const open = firstBrace(pattern);
    let next = open < 0 ? -1 : nextBraceSub(pattern, open + 1);
    let rest = next;
    while (rest >= 0 && pattern[rest] !== '}') rest = nextBraceSub(pattern, rest + 1);
    if (rest < 0) {
      if (++this.patterns > MAX_BRACE_PATTERNS) throw TOO_MANY;
      for (const p of this.plain(pattern, false)) out.push(p);
      return;
    }
    const prefix = pattern.slice(0, open);
    const suffix = pattern.slice(rest + 1);
    for (let p = open + 1; ; p = next + 1, next = nextBraceSub(pattern, p)) {
      this.braces(prefix + pattern.slice(p, next) + suffix, out);
      if (pattern[next] === '}') break;
    }
  }

  /** glob() without braces; onlyDirs is the GLOB_ONLYDIR | GLOB_NOSORT pass over a wildcard directory part. */
  private plain(pattern: string, onlyDirs: boolean): string[] {
    const slash = pattern.lastIndexOf('/');
    if (slash >= 0 && slash === pattern.length - 1) {
      // "pattern/": expand the directory part, marked.
      if (slash === 0) return this.fs.stat('/') ? ['/'] : [];
      return this.plain(pattern.slice(0, slash), onlyDirs);
    }
    const dir = slash < 0 ? '' : slash === 0 ? '/' : pattern.slice(0, slash);
    const file = pattern.slice(slash + 1);
    const found: string[] = [];
    const join = (d: string, n: string): string => (d === '' ? n : d === '/' ? '/' + n : d + '/' + n);
    if (dir !== '' && hasMagic(dir)) {
      for (const d of this.plain(dir, true)) for (const n of this.inDir(file, d, onlyDirs)) found.push(join(d, n));
    } else {
      const d = unescapeGlob(dir);
      for (const n of this.inDir(file, d === '' ? '.' : d, onlyDirs)) found.push(join(d, n));
    }
    if (onlyDirs) return found;
    const marked = found.map((f) => (this.fs.stat(this.abs(f))?.isDirectory ? f + '/' : f));
    return marked.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** glob_in_dir(): the names in dir matching one pattern component. */
  private inDir(pattern: string, dir: string, onlyDirs: boolean): string[] {
    if (!hasMagic(pattern)) {
      const name = unescapeGlob(pattern);
      if (this.fs.lstat(this.abs(dir + '/' + name))) return [name];
      this.missingFiles++;
      return [];
    }
    this.haveWildcards = true;
    const entries = this.fs.readdir(this.abs(dir));
    if (!entries) {
      this.missingDirs++;
      return [];
    }
    const names: string[] = [];
    for (const e of [{ name: '.', type: 'dir' }, { name: '..', type: 'dir' }, ...entries]) {
      if (onlyDirs && e.type === 'other') continue;
      const n = toBytes(e.name);
      if (fnmatch(pattern, n)) names.push(n);
    }
    return names;
  }
}
