// Deciding how a script is run. keepalived runs the program directly (execve) when it is an executable file for the
// script's user, and hands the command line to /bin/sh -c (system()) otherwise; a command starting with '<'
// ("<file": can the file be opened?) is always for the shell. keepalived 2.2.7 disables a script whose program is
// not executable when it loads the configuration, so in practice the shell is only used for the '<' form. The stat
// is asynchronous: nothing here blocks the event loop.
import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { ScriptMode } from './script-spec';

const S_IXUSR = 0o100;
const S_IXGRP = 0o010;
const S_IXOTH = 0o001;

/** keepalived's is_executable(): root needs any x bit, others the bit of their class. */
export function isExecutableBy(st: Pick<Stats, 'mode' | 'uid' | 'gid'>, uid: number, gid: number): boolean {
  const mode = st.mode;
  return (
    (uid === 0 && (mode & (S_IXUSR | S_IXGRP | S_IXOTH)) !== 0) ||
    (uid === st.uid && (mode & S_IXUSR) !== 0) ||
    (uid !== st.uid && ((gid === st.gid && (mode & S_IXGRP) !== 0) || (gid !== st.gid && (mode & S_IXOTH) !== 0)))
  );
}

/** Why a program cannot be exec'd (an errno name), or undefined when it can. */
export async function execProblem(program: string, uid: number, gid: number): Promise<'ENOENT' | 'EACCES' | undefined> {
  try {
    const st = await stat(program);
    return st.isFile() && isExecutableBy(st, uid, gid) ? undefined : 'EACCES';
  } catch {
    return 'ENOENT';
  }
}

export async function chooseMode(program: string, uid: number, gid: number): Promise<ScriptMode> {
  if (program.trimStart().startsWith('<')) return 'shell';
  return (await execProblem(program, uid, gid)) === undefined ? 'exec' : 'shell';
}
