// What configuration validation needs to know about the machine (keepalived looks these up while checking a
// config): interfaces in this network namespace, the host name, users and groups, files. One interface so tests of
// the pure parser can supply a fixed machine.
import { lstatSync, readFileSync, realpathSync, statSync, Stats } from 'node:fs';
import { interfaceIndex, localName } from '../net/addon';

export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly dir: string;
}

export interface SystemView {
  interfaceExists(name: string): boolean;
  /** keepalived's local name: the resolver's canonical name for the node name; '' when it does not resolve. */
  hostname(): string;
  user(nameOrUid: string): PasswdEntry | undefined;
  group(nameOrGid: string): { name: string; gid: number } | undefined;
  /** stat(2) following symlinks; undefined when it fails. */
  stat(path: string): Stats | undefined;
  readText(path: string): string | undefined;
  /** lstat(2), symlinks not followed (script security walks paths with it); undefined when it fails. */
  lstat?(path: string): Stats | undefined;
  /** realpath(3) (script security resolves scripts with it); undefined when it fails. */
  realpath?(path: string): string | undefined;
  /** The running process's uid (keepalived's default script user logic depends on it). */
  uid(): number;
}

function readColonFile(path: string): string[][] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(':'));
  } catch {
    return [];
  }
}

/** The real machine, read as keepalived reads it. */
export const liveSystem: SystemView = {
  interfaceExists(name) {
    try {
      interfaceIndex(name);
      return true;
    } catch {
      return false;
    }
  },
  hostname: () => localName() ?? '',
  user(key) {
    const row = readColonFile('/etc/passwd').find((r) => r[0] === key || (/^\d+$/.test(key) && r[2] === key));
    return row ? { name: row[0] as string, uid: Number(row[2]), gid: Number(row[3]), dir: row[5] ?? '/' } : undefined;
  },
  group(key) {
    const row = readColonFile('/etc/group').find((r) => r[0] === key || (/^\d+$/.test(key) && r[2] === key));
    return row ? { name: row[0] as string, gid: Number(row[2]) } : undefined;
  },
  stat(path) {
    try {
      return statSync(path);
    } catch {
      return undefined;
    }
  },
  readText(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  lstat(path) {
    try {
      return lstatSync(path);
    } catch {
      return undefined;
    }
  },
  realpath(path) {
    try {
      return realpathSync.native(path);
    } catch {
      return undefined;
    }
  },
  uid: () => process.getuid?.() ?? 0,
};
