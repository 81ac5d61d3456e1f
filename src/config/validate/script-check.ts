// keepalived's check_script_secure(): find a script as it would be run (PATH search, symlinks), decide whether the
// user it runs as may execute it, and, when that user is root (or the file is set-uid/gid root), whether any part of
// its path can be changed by someone else. The result is keepalived's SC_* flag set.
import type { Stats } from 'node:fs';
import type { ScriptRef } from '../model/script';
import type { BuildContext } from '../parser/build-context';
import { ourIds } from '../values/script';

export const SC_INHIBIT = 0x01;
export const SC_NOTFOUND = 0x02;
export const SC_EXECUTABLE = 0x04;
export const SC_INSECURE = 0x08;
export const SC_SYSTEM = 0x10;
export const SC_ISSCRIPT = 0x20;

/** glibc's confstr(_CS_PATH), the search path when PATH is unset. */
const CS_PATH = '/bin:/usr/bin';
const PATH_MAX = 4096;
const NAME_MAX = 255;

const S_ISUID = 0o4000;
const S_ISGID = 0o2000;
const S_ISVTX = 0o1000;
const S_IXUSR = 0o100;
const S_IWGRP = 0o020;
const S_IXGRP = 0o010;
const S_IWOTH = 0o002;
const S_IXOTH = 0o001;

export interface ScriptCheck {
  readonly flags: number;
  /**
   * keepalived -t kills itself (SIGTERM) while checking a script whose user differs from its own: it takes its
   * parent (the shell) for a keepalived parent that has died.
   */
  readonly killsConfigTest: boolean;
}

/** keepalived's is_executable(). */
function isExecutable(st: Stats, uid: number, gid: number): boolean {
  const mode = st.mode;
  return (
    (uid === 0 && (mode & (S_IXUSR | S_IXGRP | S_IXOTH)) !== 0) ||
    (uid === st.uid && (mode & S_IXUSR) !== 0) ||
    (uid !== st.uid && ((gid === st.gid && (mode & S_IXGRP) !== 0) || (gid !== st.gid && (mode & S_IXOTH) !== 0)))
  );
}

function lstatOf(ctx: BuildContext, path: string): Stats | undefined {
  return ctx.system.lstat ? ctx.system.lstat(path) : ctx.system.stat(path);
}

/** The search keepalived does for a command without '/', as execvp would; undefined when nothing runnable is found. */
function findInPath(ctx: BuildContext, file: string, uid: number, gid: number): string | undefined {
  if (file === '' || file.length >= PATH_MAX || file.length > NAME_MAX) return undefined;
  const env = ctx.options.env ?? process.env;
  const path = env.PATH ?? CS_PATH;
  for (const dir of path.split(':')) {
    const candidate = dir === '' ? file : `${dir}/${file}`;
    const st = ctx.system.stat(candidate);
    if (st !== undefined && st.isFile() && isExecutable(st, uid, gid)) return candidate;
  }
  return undefined;
}

/** keepalived's check_security(): each prefix of the path, then the file, must be root's and not writable by others. */
function checkPathSecurity(ctx: BuildContext, filename: string, security: boolean): number {
  const slashes: number[] = [];
  for (let i = 0; i < filename.length; i++) if (filename[i] === '/') slashes.push(i);
  const prefixes = slashes.map((i) => filename.slice(0, i === 0 ? 1 : i));
  prefixes.push(filename);
  for (let n = 0; n < prefixes.length; n++) {
    const last = n === prefixes.length - 1;
    const st = lstatOf(ctx, prefixes[n] as string);
    if (st === undefined) return SC_NOTFOUND;
    if (last ? !st.isFile() && !st.isSymbolicLink() : !st.isDirectory()) return SC_INHIBIT;
    const writableByOthers = (st.gid !== 0 && (st.mode & S_IWGRP) !== 0) || (st.mode & S_IWOTH) !== 0;
    const guarded = (st.isDirectory() && (st.mode & S_ISVTX) === 0) || st.isFile();
    if (st.uid !== 0 || (guarded && writableByOthers)) return SC_INSECURE | (security ? SC_INHIBIT : 0);
  }
  return 0;
}

/** Where a differently named symlink target really is, keeping the name the script was called by when possible. */
function resolvedName(ctx: BuildContext, given: string, real: string): { path: string; realFile: string | undefined } {
  const givenBase = given.slice(given.lastIndexOf('/') + 1);
  const realBase = real.slice(real.lastIndexOf('/') + 1);
  if (givenBase === realBase) return { path: real, realFile: undefined };
  const renamed = real.slice(0, real.lastIndexOf('/') + 1) + givenBase;
  const realSt = ctx.system.stat(real);
  const renamedSt = ctx.system.stat(renamed);
  if (realSt !== undefined && (renamedSt === undefined || realSt.dev !== renamedSt.dev || realSt.ino !== renamedSt.ino)) {
    return { path: real, realFile: undefined };
  }
  return { path: renamed, realFile: real };
}

/**
 * check_script_secure() for one script: sets `resolvedPath` (and rewrites nothing else) and returns the flags. The
 * script's uid/gid must be resolved already.
 */
export function checkScriptSecure(ctx: BuildContext, script: ScriptRef, security: boolean): ScriptCheck {
  let file = script.args[0] ?? '';
  // "</path" only tests that a file can be opened: nothing is executed.
  if (file[0] === '<' && file[1 + (/^[ \t]*/.exec(file.slice(1)) as RegExpExecArray)[0].length] === '/') {
    return { flags: SC_SYSTEM, killsConfigTest: false };
  }
  const uid = script.uid ?? 0;
  const gid = script.gid ?? 0;
  if (!file.includes('/')) {
    const found = findInPath(ctx, file, uid, gid);
    if (found === undefined) return { flags: SC_NOTFOUND, killsConfigTest: false };
    file = found;
  }
  const ours = ourIds(ctx);
  const otherUser = uid !== ours.uid || gid !== ours.gid;
  // Switching to another user needs root; keepalived disables the script when it cannot.
  if (otherUser && ours.uid !== 0) return { flags: SC_INHIBIT, killsConfigTest: false };
  const killsConfigTest = otherUser && ctx.diags.configTest;
  const real = ctx.system.realpath ? ctx.system.realpath(file) : ctx.system.stat(file) && file;
  if (real === undefined) return { flags: SC_NOTFOUND, killsConfigTest };
  const { path, realFile } = real === file ? { path: file, realFile: undefined } : resolvedName(ctx, file, real);
  script.resolvedPath = path;
  const st = ctx.system.stat(realFile ?? path);
  if (st === undefined) return { flags: SC_NOTFOUND, killsConfigTest };
  let flags = SC_ISSCRIPT;
  if (isExecutable(st, uid, gid)) {
    flags |= SC_EXECUTABLE;
    const setIdRoot =
      (st.uid === 0 && (st.mode & S_IXUSR) !== 0 && (st.mode & S_ISUID) !== 0) ||
      (st.gid === 0 && (st.mode & S_IXGRP) !== 0 && (st.mode & S_ISGID) !== 0);
    if (uid === 0 || gid === 0 || setIdRoot) {
      flags |= checkPathSecurity(ctx, path, security);
      if (realFile !== undefined) flags |= checkPathSecurity(ctx, realFile, security);
    }
  }
  return { flags, killsConfigTest };
}
