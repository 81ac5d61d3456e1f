// The PATH search keepalived does for a program named without a '/' (as execvp would, but checking that the
// script's user may execute the file): the first regular, executable file in $PATH, or in glibc's default
// "/bin:/usr/bin" when PATH is unset. An empty PATH element is the current directory. Asynchronous.
import { stat } from 'node:fs/promises';
import { isExecutableBy } from './choose-mode';

export const DEFAULT_PATH = '/bin:/usr/bin';

export async function findInPath(
  file: string,
  uid: number,
  gid: number,
  path: string | undefined = process.env.PATH,
): Promise<string | undefined> {
  path ??= DEFAULT_PATH;
  if (file === '' || file.includes('/')) return file || undefined;
  for (const dir of path.split(':')) {
    const candidate = dir === '' ? file : `${dir}/${file}`;
    try {
      const st = await stat(candidate);
      if (st.isFile() && isExecutableBy(st, uid, gid)) return candidate;
    } catch {
      // not here: try the next directory
    }
  }
  return undefined;
}
