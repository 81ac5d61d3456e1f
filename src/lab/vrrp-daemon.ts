// One VRRP daemon in a namespace: keepalived 2.2.7 or keepalived-ts, started with the same command line
// (`-n -l -D -f CONF -p P1 -r P2 -c P3`, pid files in the node's own folder), its console log kept line by line.
//
// It runs in a process group of its own, so a crash can be simulated exactly: SIGKILL to the whole group at once.
// Killing only the parent would not be a crash (keepalived's VRRP child gets SIGTERM from PR_SET_PDEATHSIG and
// shuts down cleanly, sending priority 0), and killing only the child would make the parent respawn it.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/package-root';
import { childEnv } from './child-env';

export type Implementation = 'keepalived' | 'keepalived-ts';
export const IMPLEMENTATIONS: readonly Implementation[] = ['keepalived', 'keepalived-ts'];
export type VrrpState = 'INIT' | 'BACKUP' | 'MASTER' | 'FAULT';

export interface LogLine {
  /** Wall-clock time the line was read, ms. */
  atMs: number;
  text: string;
}

export interface DaemonOptions {
  impl: Implementation;
  ns: string;
  conf: string;
  /** Folder for the pid files. */
  dir: string;
  /** Extra flags after the common ones. */
  extraArgs?: string[];
  /** Extra environment (e.g. TMPDIR, where both implementations write their dumps). */
  env?: Record<string, string>;
}

export interface VrrpDaemon {
  impl: Implementation;
  /** The parent's pid (ip netns exec execs the daemon, so it is the daemon's). */
  pid: number;
  lines: LogLine[];
  /** The last "(NAME) Entering X STATE" of this run for the instance, if any. */
  state(instance: string): VrrpState | undefined;
  running(): boolean;
  /** What has been read from its output so far (for failure messages). */
  io(): string;
  /** Exit code, or the signal name. */
  exited: Promise<number | string>;
  /** Resolves with the first line (from `fromIndex` on) matching pattern; rejects on exit or timeout. */
  waitForLine(pattern: RegExp, timeoutMs: number, fromIndex?: number): Promise<LogLine>;
  /**
   * SIGTERM: an orderly stop, sent to the parent pid (SIGKILL to the group after timeoutMs).
   * SIGKILL: a crash, the whole process group at once.
   * Resolves once the parent and its VRRP child are gone.
   */
  stop(signal: 'SIGTERM' | 'SIGKILL', timeoutMs?: number): Promise<void>;
}

const KEEPALIVED = process.env.KEEPALIVED_BIN ?? '/usr/sbin/keepalived';
/** keepalived-ts's entry script; KEEPALIVED_TS_BIN may point at a copy (e.g. a build that must not change meanwhile). */
const KEEPALIVED_TS = (): string => process.env.KEEPALIVED_TS_BIN ?? join(packageRoot(), 'bin', 'keepalived-ts.js');
const ENTERING = /\((\S+)\) Entering (MASTER|BACKUP|FAULT) STATE/;

/**
 * The command and leading arguments that run an implementation. keepalived-ts goes through `env -u NODE_OPTIONS`
 * (env execs node, so the pid is still the daemon's): a test runner injects its own module hooks into the
 * NODE_OPTIONS of every child a test spawns, whatever the environment the test passes.
 */
export function daemonCommand(impl: Implementation): string[] {
  return impl === 'keepalived' ? [KEEPALIVED] : ['env', '-u', 'NODE_OPTIONS', process.execPath, KEEPALIVED_TS()];
}

/** Parent pid of a live, non-zombie process, or undefined when it is gone. */
function liveParent(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' || fields[0] === 'X' ? undefined : Number(fields[1]);
  } catch {
    return undefined;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Live daemons of this process, killed (by group) if the process exits with them still running. */
const live = new Set<number>();
process.on('exit', () => {
  for (const pid of live) signal(-pid, 'SIGKILL');
});

export function startDaemon(o: DaemonOptions): VrrpDaemon {
  const [cmd, ...lead] = daemonCommand(o.impl);
  const pidFiles = ['-p', join(o.dir, 'keepalived.pid'), '-r', join(o.dir, 'vrrp.pid'), '-c', join(o.dir, 'checkers.pid')];
  const child: ChildProcess = spawn('ip', ['netns', 'exec', o.ns, cmd, ...lead, '-n', '-l', '-D', '-f', o.conf, ...pidFiles, ...(o.extraArgs ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    cwd: packageRoot(),
    env: { ...childEnv(), ...o.env },
  });
  const pid = child.pid as number;
  live.add(pid);
  const lines: LogLine[] = [];
  const states = new Map<string, VrrpState>();
  const waiters = new Set<() => void>();
  let done = false;
  const received = [{ bytes: 0, lastMs: 0 }, { bytes: 0, lastMs: 0 }];
  for (const [k, stream] of [child.stdout, child.stderr].entries()) {
    let partial = '';
    stream?.on('data', (d: Buffer) => {
      received[k].bytes += d.length;
      received[k].lastMs = Date.now();
      const parts = (partial + d.toString()).split('\n');
      partial = parts.pop() ?? '';
      const atMs = Date.now();
      for (const text of parts) {
        lines.push({ atMs, text });
        const m = ENTERING.exec(text);
        if (m) states.set(m[1], m[2] as VrrpState);
      }
      for (const w of waiters) w();
    });
  }
  const exited = new Promise<number | string>((res) => child.once('exit', (code, sig) => {
    done = true;
    live.delete(pid);
    for (const w of waiters) w();
    res(code ?? sig ?? -1);
  }));

  const vrrpChild = (): number | undefined => {
    const file = join(o.dir, 'vrrp.pid');
    if (!existsSync(file)) return undefined;
    const v = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(v) && v > 0 && liveParent(v) === pid ? v : undefined;
  };

  return {
    impl: o.impl,
    pid,
    lines,
    state: (instance) => (done ? undefined : states.get(instance)),
    running: () => !done,
    io: () => received.map((r, k) => `${k ? 'stderr' : 'stdout'} ${r.bytes} B${r.lastMs ? ` last at ${new Date(r.lastMs).toISOString().slice(11, 23)}` : ''}`).join(', ')
      + `; flowing ${child.stdout?.readableFlowing}/${child.stderr?.readableFlowing}`,
    exited,
    waitForLine(pattern, timeoutMs, fromIndex = 0) {
      return new Promise((res, rej) => {
        const check = (): void => {
          const hit = lines.slice(fromIndex).find((l) => pattern.test(l.text));
          if (hit) finish(undefined, hit);
          else if (done) finish(new Error(`${o.impl} in ${o.ns} exited before ${pattern}`));
        };
        // at the timeout, output already waiting in the pipe is read first (setImmediate runs after I/O polling)
        const timer = setTimeout(() => setImmediate(() => {
          check();
          if (waiters.has(check)) finish(new Error(`${o.impl} in ${o.ns}: no ${pattern} within ${timeoutMs} ms`));
        }), timeoutMs);
        const finish = (err?: Error, line?: LogLine): void => {
          clearTimeout(timer);
          waiters.delete(check);
          if (err) rej(err);
          else res(line as LogLine);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(sig, timeoutMs = 8000) {
      if (done) return;
      const vrrp = vrrpChild();
      if (sig === 'SIGKILL') {
        signal(-pid, 'SIGKILL');
        if (vrrp !== undefined) signal(vrrp, 'SIGKILL'); // in case the implementation put it in a group of its own
      } else {
        signal(pid, 'SIGTERM');
      }
      const timer = setTimeout(() => {
        signal(-pid, 'SIGKILL');
        if (vrrp !== undefined) signal(vrrp, 'SIGKILL');
      }, timeoutMs);
      await exited;
      while (vrrp !== undefined && liveParent(vrrp) !== undefined) await sleep(5);
      clearTimeout(timer);
    },
  };
}
