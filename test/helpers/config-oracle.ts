// Config-test oracle: runs a configuration through the installed keepalived 2.2.7 (`keepalived -t`) and through
// ours (`node bin/keepalived-ts.js -t`) inside one throw-away network namespace, and returns each one's verdict.
//
// The namespace (`ktsc<pid>`, or `ktsc<pid>-<n>` for a second oracle in the same process) holds `lo` and an
// interface `eth0` (one end of a veth pair whose other end, `kpeer0`, stays in the same namespace; both up) with
// 10.211.9.1/24 and fd00:9::1/64, so configurations can name eth0; `eth9` never exists. Nothing is ever sent
// anywhere: `-t` only reads the configuration and asks the kernel about interfaces.
//
// Corpus files are run from a temporary copy (prepareCorpus): every `%%DIR%%` in the copied files becomes the
// copy's root, and the copy gets `bin/check.sh` (a secure executable script), `ww/check.sh` (the same script in a
// world-writable folder, for script-security probes) and an empty `state/` folder.
//
// A corpus root file starts with a header of comment lines:
//   # expect N: what the file probes            (N = keepalived's `-t` exit code as measured)
//   # expect SIGSEGV: what the file probes      (keepalived 2.2.7 crashes on it) followed by
//   # ours: N                                   (the exit code ours must give instead)
//   # id: CONFIG_ID                             (optional, passed as -i to both)
//   # args: -e                                  (optional extra command-line words, passed to both)
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { childEnv } from '../../src/lab/child-env';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const CORPUS_DIR = join(REPO_ROOT, 'test', 'fixtures', 'config-corpus');
export const OURS_BIN = join(REPO_ROOT, 'bin', 'keepalived-ts.js');

/** Placeholder replaced by the corpus copy's root folder. */
export const DIR_PLACEHOLDER = '%%DIR%%';

export interface RunOptions {
  /** Config id (`-i`). */
  id?: string;
  /** Extra command-line words, e.g. ['-e']. */
  args?: string[];
  /** Kill the run (SIGKILL) after this long; default 30 s. */
  timeoutMs?: number;
  /** Working directory of the run; default the oracle's temp folder. */
  cwd?: string;
}

export interface RunResult {
  /** Exit code; null when killed by a signal or by the timeout. */
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** stderr lines in first-seen order, duplicates and empty lines removed (keepalived parses once per process). */
  stderr: string[];
  stdout: string;
  /** The command line run inside the namespace. */
  argv: string[];
}

export interface Verdicts {
  keepalived: RunResult;
  ours: RunResult;
}

export interface CorpusHeader {
  /** keepalived's exit code as measured when the file was written. */
  expect?: number;
  /** The signal keepalived dies of on this file (a keepalived bug), instead of an exit code. */
  expectSignal?: NodeJS.Signals;
  /** Our exit code where keepalived has none (it crashes). */
  ours?: number;
  probe: string;
  id?: string;
  args: string[];
}

export interface Position {
  file?: string;
  line: number;
}

export interface ConfigOracle {
  ns: string;
  /** Private temp folder (removed by cleanup). */
  workDir: string;
  keepalived(file: string, opts?: RunOptions): Promise<RunResult>;
  ours(file: string, opts?: RunOptions): Promise<RunResult>;
  /** keepalived first, then ours, same file and options. */
  both(file: string, opts?: RunOptions): Promise<Verdicts>;
  /** Copies a folder into workDir/name, substituting %%DIR%% and adding bin/, ww/ and state/; returns the copy's path. */
  prepareCorpus(srcDir?: string, name?: string): string;
  /** Deletes the namespace and the temp folder; idempotent (also runs at process exit). */
  cleanup(): void;
}

/** Why the oracle cannot run here (not root, no keepalived, no `ip`), or undefined when it can. */
export function oracleUnavailable(): string | undefined {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'needs root (network namespaces)';
  for (const [cmd, args] of [
    ['keepalived', ['-v']],
    ['ip', ['-V']],
  ] as const) {
    try {
      execFileSync(cmd, [...args], { stdio: 'ignore' });
    } catch {
      return `${cmd} is not installed`;
    }
  }
  return undefined;
}

/** Lines of text, trimmed of the line end, without empty lines and without repeats (first occurrence kept). */
export function dedupeLines(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || seen.has(line)) continue;
    seen.add(line);
    out.push(line);
  }
  return out;
}

const POSITION = /\((?:([^()]*?): )?Line (\d+)\)/g;

/** Every `(FILE: Line N)` or `(Line N)` position named in the lines. */
export function positions(lines: string[]): Position[] {
  const out: Position[] = [];
  for (const line of lines) {
    for (const m of line.matchAll(POSITION)) out.push({ file: m[1], line: Number(m[2]) });
  }
  return out;
}

/**
 * Runs fn over items with at most `concurrency` calls in flight; returns one promise per item, in order, each
 * settling when its own call does (so callers can await results one by one while the rest keep running).
 */
export function mapLimited<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R>[] {
  let next = 0;
  const slots: Array<{ res: (v: R) => void; rej: (e: unknown) => void }> = [];
  const promises = items.map((_, i) => new Promise<R>((res, rej) => (slots[i] = { res, rej })));
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      try {
        slots[i].res(await fn(items[i]));
      } catch (e) {
        slots[i].rej(e);
      }
    }
  };
  // Mark every promise handled now; a rejection still reaches whoever awaits it later.
  for (const p of promises) p.catch(() => undefined);
  for (let w = 0; w < Math.min(concurrency, items.length); w++) void worker();
  return promises;
}

/** Reads the `# expect N: …`, `# id: …` and `# args: …` header of a corpus file. */
export function parseCorpusHeader(text: string): CorpusHeader {
  const header: CorpusHeader = { probe: '', args: [] };
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    let m: RegExpExecArray | null;
    if ((m = /^#\s*expect\s+(\d+|SIG[A-Z]+)\s*:\s*(.*)$/.exec(line))) {
      if (m[1].startsWith('SIG')) header.expectSignal = m[1] as NodeJS.Signals;
      else header.expect = Number(m[1]);
      header.probe = m[2].trim();
    } else if ((m = /^#\s*ours:\s*(\d+)/.exec(line))) header.ours = Number(m[1]);
    else if ((m = /^#\s*id:\s*(\S+)/.exec(line))) header.id = m[1];
    else if ((m = /^#\s*args:\s*(.*)$/.exec(line))) header.args = m[1].trim().split(/\s+/).filter(Boolean);
  }
  return header;
}

/** The root files of the corpus: the `*.conf` files directly in the folder (included files live in subfolders). */
export function corpusRoots(dir = CORPUS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.conf') && statSync(join(dir, f)).isFile())
    .sort();
}

let oracles = 0;
const NS_NAME = /^ktsc(\d+)(?:-\d+)?$/;

function ip(args: string[]): string {
  try {
    return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as Error & { stderr?: string };
    throw new Error(`ip ${args.join(' ')} failed: ${err.stderr?.trim() || err.message}`);
  }
}

/** Deletes namespaces of this naming left behind by processes that no longer exist. */
function sweepStale(): void {
  if (!existsSync('/run/netns')) return;
  for (const name of readdirSync('/run/netns')) {
    const m = NS_NAME.exec(name);
    if (!m || Number(m[1]) === process.pid || existsSync(`/proc/${m[1]}`)) continue;
    try {
      ip(['netns', 'del', name]);
    } catch {
      // already gone
    }
  }
}

const SCRIPT = '#!/bin/sh\nexit 0\n';

function runInNs(ns: string, argv: string[], opts: RunOptions, cwd: string): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? 30000;
  return new Promise((res) => {
    // `ip netns exec` execs the command, so the child's pid is the command's own.
    const child = spawn('ip', ['netns', 'exec', ns, ...argv], {
      cwd: opts.cwd ?? cwd,
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      res({ code: timedOut ? null : code, signal, timedOut, stderr: dedupeLines(err), stdout: out, argv });
    };
    child.on('error', (e) => {
      err += `spawn failed: ${e.message}\n`;
      finish(null, null);
    });
    child.on('close', finish);
  });
}

function commonArgs(file: string, opts: RunOptions): string[] {
  return ['-t', '-f', file, ...(opts.id !== undefined ? ['-i', opts.id] : []), ...(opts.args ?? [])];
}

/** Creates the namespace and temp folder. Call cleanup() (e.g. from t.teardown) when done. */
export function createConfigOracle(): ConfigOracle {
  sweepStale();
  const n = oracles++;
  const ns = n === 0 ? `ktsc${process.pid}` : `ktsc${process.pid}-${n}`;
  const workDir = mkdtempSync(join(tmpdir(), 'ktsc-'));
  let nsCreated = false;
  let cleaned = false;
  let runs = 0;

  const cleanup = (): void => {
    if (cleaned) return;
    cleaned = true;
    process.removeListener('exit', cleanup);
    if (nsCreated) {
      try {
        ip(['netns', 'del', ns]);
      } catch {
        // already gone
      }
    }
    rmSync(workDir, { recursive: true, force: true });
  };
  process.on('exit', cleanup);

  try {
    ip(['netns', 'add', ns]);
    nsCreated = true;
    ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    // No dummy module is guaranteed to be loadable; a veth pair kept inside the namespace always works.
    ip(['-n', ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'kpeer0']);
    ip(['-n', ns, 'addr', 'add', '10.211.9.1/24', 'dev', 'eth0']);
    ip(['-n', ns, 'addr', 'add', 'fd00:9::1/64', 'dev', 'eth0', 'nodad']);
    ip(['-n', ns, 'link', 'set', 'kpeer0', 'up']);
    ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
  } catch (e) {
    cleanup();
    throw e;
  }

  const keepalived = (file: string, opts: RunOptions = {}): Promise<RunResult> => {
    // Own pid files, so a run can never touch those of a keepalived running on the host.
    const pidDir = join(workDir, `pids-${runs++}`);
    mkdirSync(pidDir, { recursive: true });
    const pids = ['-p', 'keepalived.pid', '-r', 'vrrp.pid', '-c', 'checkers.pid', '-b', 'bfd.pid'].map((a, i) =>
      i % 2 ? join(pidDir, a) : a,
    );
    return runInNs(ns, ['keepalived', ...commonArgs(file, opts), ...pids], opts, workDir);
  };
  const ours = (file: string, opts: RunOptions = {}): Promise<RunResult> =>
    runInNs(ns, [process.execPath, OURS_BIN, ...commonArgs(file, opts)], opts, workDir);

  return {
    ns,
    workDir,
    keepalived,
    ours,
    async both(file, opts = {}) {
      const k = await keepalived(file, opts);
      const o = await ours(file, opts);
      return { keepalived: k, ours: o };
    },
    prepareCorpus(srcDir = CORPUS_DIR, name = 'corpus') {
      const dest = join(workDir, name);
      cpSync(srcDir, dest, { recursive: true });
      const substitute = (dir: string): void => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const p = join(dir, entry.name);
          if (entry.isDirectory()) substitute(p);
          else if (entry.isFile()) {
            const text = readFileSync(p, 'latin1');
            if (text.includes(DIR_PLACEHOLDER)) writeFileSync(p, text.split(DIR_PLACEHOLDER).join(dest), 'latin1');
          }
        }
      };
      substitute(dest);
      for (const [sub, mode] of [
        ['bin', 0o755],
        ['ww', 0o777],
      ] as const) {
        mkdirSync(join(dest, sub), { recursive: true });
        chmodSync(join(dest, sub), mode);
        writeFileSync(join(dest, sub, 'check.sh'), SCRIPT);
        chmodSync(join(dest, sub, 'check.sh'), 0o755);
      }
      mkdirSync(join(dest, 'state'), { recursive: true });
      return dest;
    },
    cleanup,
  };
}

/**
 * The oracle of a whole test file: where it cannot run (oracleUnavailable(), else the caller's own `skip` reason),
 * plans no tests with that reason and returns undefined; otherwise creates it and cleans it up at teardown.
 */
export function fileOracle(
  t: { plan(n: number, why?: string): void; teardown(fn: () => void): void },
  skip?: string,
): ConfigOracle | undefined {
  const why = oracleUnavailable() ?? skip;
  if (why) {
    t.plan(0, why);
    return undefined;
  }
  const oracle = createConfigOracle();
  t.teardown(() => oracle.cleanup());
  return oracle;
}

/** Our CLI still answers `-t` with its "not part of this release" placeholder (the config layer is not wired yet). */
export function oursIsPlaceholder(r: RunResult): boolean {
  return r.code === 1 && r.stderr.some((l) => l.includes('not part of this release'));
}

/** A short, readable account of a run for assertion diagnostics. */
export function describeRun(r: RunResult, strip = ''): { code: number | null; signal: NodeJS.Signals | null; timedOut: boolean; stderr: string[] } {
  const clean = (l: string): string => (strip ? l.split(`${strip}/`).join('') : l);
  return { code: r.code, signal: r.signal, timedOut: r.timedOut, stderr: r.stderr.slice(0, 12).map(clean) };
}
