// Processes in network namespaces for interop tests (run as root).
//
// spawnInNs() runs a process inside a namespace, with a kill-by-pid stop; spawnTsInNs() runs a TypeScript file
// that way; NsAgent is a line-JSON RPC client for such fixture scripts. The namespaces themselves come from
// createLab() in src/lab/netns-lab.ts, re-exported here with its types so tests import both from one place.
import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { resolve } from 'node:path';
import { childEnv } from '../../src/lab/child-env';
import { daemonCommand, type Implementation } from '../../src/lab/vrrp-daemon';

export { createLab } from '../../src/lab/netns-lab';
export type { Lab, LabNode, LabNodeSpec } from '../../src/lab/netns-lab';

export interface NsProcess {
  child: ChildProcess;
  pid: number;
  stdout(): Buffer;
  stderr(): string;
  /** Resolves when `pattern` appears on stderr or stdout (text), rejects on exit or timeout. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** Sends signal (default SIGTERM) to the pid, SIGKILL after timeoutMs; resolves once it exited. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Spawns `ip netns exec ns cmd args` (ip execs cmd, so the pid is cmd's). */
export function spawnInNs(ns: string, cmd: string, args: string[], options: SpawnOptions = {}): NsProcess {
  const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: childEnv(),
    ...options,
  });
  const out: Buffer[] = [];
  let err = '';
  let text = '';
  const waiters: Array<() => void> = [];
  const poke = (): void => waiters.forEach((w) => w());
  child.stdout?.on('data', (d: Buffer) => {
    out.push(d);
    text += d.toString('latin1');
    poke();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    text += d.toString();
    poke();
  });
  const exited = new Promise<number | null>((res) => child.on('exit', (code, sig) => res(code ?? (sig ? -1 : null))));
  let done = false;
  void exited.then(() => {
    done = true;
    poke();
  });
  const proc: NsProcess = {
    child,
    pid: child.pid as number,
    exited,
    stdout: () => Buffer.concat(out),
    stderr: () => err,
    waitFor(pattern, timeoutMs) {
      return new Promise((res, rej) => {
        const check = (): void => {
          if (pattern.test(text)) finish(null);
          else if (done) finish(new Error(`${cmd} exited before ${pattern}: ${err.slice(-2000)}`));
        };
        const timer = setTimeout(() => finish(new Error(`timeout waiting for ${pattern} from ${cmd}: ${err.slice(-2000)}`)), timeoutMs);
        const finish = (e: Error | null): void => {
          clearTimeout(timer);
          const k = waiters.indexOf(check);
          if (k >= 0) waiters.splice(k, 1);
          if (e) rej(e);
          else res();
        };
        waiters.push(check);
        check();
      });
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 5000) {
      if (!done) {
        try {
          process.kill(proc.pid, signal);
        } catch {
          // already gone
        }
        const timer = setTimeout(() => {
          try {
            process.kill(proc.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }, timeoutMs);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
  return proc;
}

/** keepalived 2.2.7 or keepalived-ts with these arguments in ns, started with the command src/lab/vrrp-daemon.ts uses. */
export function spawnDaemonInNs(ns: string, impl: Implementation, args: string[]): NsProcess {
  const [cmd, ...lead] = daemonCommand(impl);
  return spawnInNs(ns, cmd, [...lead, ...args]);
}

/** A node process running a TypeScript file (transpiled by tap's ts-node) inside a namespace. */
export function spawnTsInNs(ns: string, script: string, args: string[] = [], nodeFlags: string[] = []): NsProcess {
  const register = require.resolve('@isaacs/ts-node-temp-fork-for-pr-2009/register');
  // `env -u NODE_OPTIONS` (env execs node, so the pid stays node's): the test runner adds its ESM hooks to
  // NODE_OPTIONS of every child it sees spawned, and those make node load a .ts main file as ESM.
  return spawnInNs(ns, 'env', ['-u', 'NODE_OPTIONS', process.execPath, ...nodeFlags, '-r', register, script, ...args], {
    cwd: resolve(__dirname, '..', '..'),
    env: childEnv({ TS_NODE_TRANSPILE_ONLY: '1' }),
  });
}

/**
 * Line-JSON RPC with a fixture script: requests {id, op, ...args} on stdin, responses
 * {id, ok: true, result} or {id, ok: false, error: {message, code}} on stdout, one per line.
 */
export class NsAgent {
  private nextId = 1;
  private pending = new Map<number, { res: (v: unknown) => void; rej: (e: Error) => void }>();
  private buf = '';

  private constructor(readonly proc: NsProcess) {
    proc.child.stdout?.on('data', (d: Buffer) => {
      this.buf += d.toString();
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        this.onLine(line);
      }
    });
    void proc.exited.then((code) => {
      for (const p of this.pending.values()) p.rej(new Error(`agent exited (${code}): ${proc.stderr().slice(-2000)}`));
      this.pending.clear();
    });
  }

  /** Starts the fixture script in ns and waits for its {"ready":true} line. */
  static async start(ns: string, script: string, nodeFlags: string[] = []): Promise<NsAgent> {
    const agent = new NsAgent(spawnTsInNs(ns, script, [], nodeFlags));
    await agent.proc.waitFor(/"ready":true/, 20000);
    return agent;
  }

  private onLine(line: string): void {
    if (!line.startsWith('{')) return;
    const msg = JSON.parse(line) as { id?: number; ok?: boolean; result?: unknown; error?: { message: string; code?: string } };
    if (msg.id === undefined) return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.res(msg.result);
    else p.rej(Object.assign(new Error(msg.error?.message ?? 'agent error'), { code: msg.error?.code }));
  }

  /** Calls op in the agent; rejects with an Error carrying the remote message and code. */
  call<T = unknown>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((res, rej) => {
      this.pending.set(id, { res: res as (v: unknown) => void, rej });
      this.proc.child.stdin?.write(`${JSON.stringify({ id, op, ...args })}\n`);
    });
  }

  /**
   * Ends the agent: closes its stdin (it closes its sockets and exits 0), then SIGTERM/SIGKILL by pid if
   * it is still running after 2 s. Resolves to the exit code (-1 when killed by a signal). Idempotent.
   */
  async stop(): Promise<number | null> {
    this.proc.child.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.proc.exited, new Promise((r) => (timer = setTimeout(r, 2000)))]);
    clearTimeout(timer);
    return this.proc.stop('SIGTERM', 2000);
  }
}
