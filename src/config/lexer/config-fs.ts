// The file system as the configuration reader sees it: the few calls keepalived's reader makes (glob's opendir /
// lstat / stat, stat of a match, fopen, access, chdir + getcwd). Synchronous on purpose: the configuration is read
// before the event loop runs. Paths are absolute UTF-8 paths.
import * as fs from 'node:fs';

export interface FsStat {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly mode: number;
}

export type DirEntryType = 'dir' | 'symlink' | 'other';

export interface DirEntry {
  readonly name: string;
  readonly type: DirEntryType;
}

export interface ConfigFs {
  /** stat(2): follows symlinks; null when it fails. */
  stat(path: string): FsStat | null;
  /** lstat(2); null when it fails. */
  lstat(path: string): FsStat | null;
  /** The entries of a directory (without . and ..); null when it cannot be opened. */
  readdir(path: string): DirEntry[] | null;
  /** The whole file, or the errno code (e.g. 'EACCES') when it cannot be opened. */
  readFile(path: string): Buffer | { readonly code: string };
  /** access(path, R_OK). */
  canRead(path: string): boolean;
  /** The physical path (what getcwd() returns after chdir into it); null when it does not exist. */
  realpath(path: string): string | null;
}

const toStat = (s: fs.Stats): FsStat => ({ isFile: s.isFile(), isDirectory: s.isDirectory(), mode: s.mode });

export const realFs: ConfigFs = {
  stat(path) {
    const s = fs.statSync(path, { throwIfNoEntry: false });
    return s ? toStat(s) : null;
  },
  lstat(path) {
    try {
      return toStat(fs.lstatSync(path));
    } catch {
      return null;
    }
  },
  readdir(path) {
    try {
      return fs.readdirSync(path, { withFileTypes: true }).map((d) => ({
        name: d.name,
        type: d.isDirectory() ? 'dir' : d.isSymbolicLink() ? 'symlink' : 'other',
      }));
    } catch {
      return null;
    }
  },
  readFile(path) {
    try {
      return fs.readFileSync(path);
    } catch (e) {
      return { code: (e as NodeJS.ErrnoException).code ?? 'EIO' };
    }
  },
  canRead(path) {
    try {
      fs.accessSync(path, fs.constants.R_OK);
      return true;
    } catch {
      return false;
    }
  },
  realpath(path) {
    try {
      return fs.realpathSync.native(path);
    } catch {
      return null;
    }
  },
};

const STRERROR: Readonly<Record<string, string>> = {
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EMFILE: 'Too many open files',
  ENFILE: 'Too many open files in system',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  EIO: 'Input/output error',
  ENOMEM: 'Cannot allocate memory',
};

/** strerror() text for an errno code. */
export function strerror(code: string): string {
  return Object.hasOwn(STRERROR, code) ? STRERROR[code] : code;
}
