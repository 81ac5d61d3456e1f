// Shared by the global_defs / trackers tests: loading a configuration text against a fixed machine (for model
// assertions), and comparing `-t` verdicts with the installed keepalived inside a throw-away network namespace.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configTestExitCode, loadConfig, type LoadResult } from '../../src/config/load';
import { formatDiagnostic } from '../../src/config/diagnostics';
import { liveSystem, type PasswdEntry, type SystemView } from '../../src/config/system-view';
import { runOurs, type OurVerdict } from '../helpers/config-loader-run';
import { createConfigOracle, type ConfigOracle } from '../helpers/config-oracle';

/** Placeholder for the folder holding the script fixtures (bin/, ww/). */
export const DIR = '@DIR@';

export interface ConfCase {
  name: string;
  conf: string;
}

const SCRIPT = '#!/bin/sh\nexit 0\n';

/**
 * Script fixtures: bin/check.sh (root, 0755, in a 0755 folder), bin/noexec.sh (0644), bin/owned.sh (owned by
 * nobody when running as root), ww/check.sh (in a world-writable folder), state/ (empty).
 */
export function makeScriptDir(parent: string): string {
  const dir = join(parent, 'scripts');
  for (const [sub, mode] of [
    ['bin', 0o755],
    ['ww', 0o777],
    ['state', 0o755],
  ] as const) {
    mkdirSync(join(dir, sub), { recursive: true });
    chmodSync(join(dir, sub), mode);
  }
  chmodSync(dir, 0o755);
  for (const [file, mode] of [
    ['bin/check.sh', 0o755],
    ['bin/noexec.sh', 0o644],
    ['bin/owned.sh', 0o755],
    ['ww/check.sh', 0o755],
  ] as const) {
    writeFileSync(join(dir, file), SCRIPT);
    chmodSync(join(dir, file), mode);
  }
  if (process.getuid?.() === 0) chownSync(join(dir, 'bin/owned.sh'), 65534, 65534);
  return dir;
}

export interface FakeMachine {
  interfaces?: readonly string[];
  hostname?: string;
  /** Extra passwd entries; root and nobody always exist. */
  users?: readonly PasswdEntry[];
  uid?: number;
}

/** A machine with the given interfaces and users; files are the real ones. */
export function fakeSystem(m: FakeMachine = {}): SystemView {
  const users: PasswdEntry[] = [
    { name: 'root', uid: 0, gid: 0, dir: '/root' },
    { name: 'nobody', uid: 65534, gid: 65534, dir: '/nonexistent' },
    ...(m.users ?? []),
  ];
  const groups = [
    { name: 'root', gid: 0 },
    { name: 'nogroup', gid: 65534 },
    ...(m.users ?? []).map((u) => ({ name: u.name, gid: u.gid })),
  ];
  const interfaces = new Set(m.interfaces ?? ['lo', 'eth0']);
  return {
    ...liveSystem,
    interfaceExists: (name) => interfaces.has(name),
    hostname: () => m.hostname ?? 'testhost',
    user: (key) => users.find((u) => u.name === key || String(u.uid) === key),
    group: (key) => groups.find((g) => g.name === key || String(g.gid) === key),
    uid: () => m.uid ?? 0,
  };
}

/** Loads `conf` (with @DIR@ replaced by `scriptDir`) as `keepalived -t` would, against `system`. */
export function loadText(conf: string, system: SystemView = fakeSystem(), scriptDir = '/nonexistent'): LoadResult {
  const dir = mkdtempSync(join(tmpdir(), 'kts-global-'));
  try {
    const file = join(dir, 'keepalived.conf');
    writeFileSync(file, conf.split(DIR).join(scriptDir));
    return loadConfig(file, { configTest: true, system });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function exitCodeOf(r: LoadResult): number {
  return configTestExitCode(r);
}

export function messagesOf(r: LoadResult): string[] {
  return r.diags.list.map(formatDiagnostic);
}

export interface VerdictPair {
  readonly name: string;
  /** keepalived's exit code; 128 + N when it died of signal N (as a shell reports it). */
  readonly keepalived: number | null;
  readonly keepalivedStderr: readonly string[];
  readonly ours: OurVerdict;
}

/**
 * Writes every case into a fresh oracle namespace (scripts under @DIR@), runs `keepalived -t` on each and our
 * loader on all, and returns the pairs. The caller cleans up with the returned oracle.
 */
export async function verdicts(cases: readonly ConfCase[], prefix: string): Promise<{ oracle: ConfigOracle; pairs: VerdictPair[] }> {
  const oracle = createConfigOracle();
  const scriptDir = makeScriptDir(oracle.workDir);
  const files = cases.map((c, i) => {
    const file = join(oracle.workDir, `${prefix}-${i + 1}.conf`);
    writeFileSync(file, c.conf.split(DIR).join(scriptDir));
    return file;
  });
  const ours = await runOurs(oracle.ns, files);
  const pairs: VerdictPair[] = [];
  for (const [i, c] of cases.entries()) {
    const k = await oracle.keepalived(files[i] as string);
    // Where keepalived 2.2.7 crashes on bad input (SIGSEGV) ours reports configuration errors (5); where its -t
    // kills itself checking another user's script (SIGTERM) there is no verdict to compare (null).
    const code = k.code ?? (k.signal === 'SIGSEGV' ? 5 : null);
    pairs.push({ name: c.name, keepalived: code, keepalivedStderr: k.stderr, ours: ours[i] as OurVerdict });
  }
  return { oracle, pairs };
}
