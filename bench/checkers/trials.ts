// The checker benchmark's trials, wherever they run (inside user-mode Linux, or in a namespace on the host with
// the IPVS stub): one HTTP server process answers every real server address, and each trial runs one daemon's
// checker process on the same configuration (HTTP_GET, delay_loop 1) for a warm-up and then a fixed window,
// reading the server's request count and the checker process's utime+stime (/proc/PID/stat) at both ends of the
// window. The implementations alternate trial by trial (ka, ts, ts, ka, …) so a slow phase hits both.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckerBenchInput, CheckerTrial, Impl } from './plan';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Where the processes run: how to wrap a command (namespace, CPU pinning), extra environment, IPVS checks. */
export interface TrialEnv {
  wrap(role: 'server' | 'checker', argv: string[]): string[];
  /** Environment added for the daemons (the host's IPVS stub). */
  daemonEnv?: Record<string, string>;
  /** Destinations in the kernel's IPVS table, where there is one. */
  ipvsDestinations(): number | undefined;
  /** Waits until the table is empty again (between trials). */
  settle(): Promise<void>;
}

const TS_REGISTER = require.resolve('@isaacs/ts-node-temp-fork-for-pr-2009/register/transpile-only');
const KEEPALIVED_TS = join(__dirname, '..', '..', 'bin', 'keepalived-ts.js');

/** [utime, stime] of a process, in clock ticks. */
function cpuTicks(pid: number): [number, number] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [Number(f[11]), Number(f[12])];
}

const sum = (t: [number, number]): number => t[0] + t[1];

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(what: string, ok: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export class Server {
  private readonly child: ChildProcess;
  constructor(env: TrialEnv, port: number, bodyBytes: number) {
    const [cmd, ...args] = env.wrap('server', [process.execPath, '-r', TS_REGISTER, join(__dirname, 'http-server.ts'), String(port), String(bodyBytes)]);
    this.child = spawn(cmd as string, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  }
  get pid(): number {
    return this.child.pid as number;
  }
  ready(): Promise<void> {
    return new Promise((res, rej) => {
      this.child.once('message', () => res());
      this.child.once('exit', (code) => rej(new Error(`HTTP server exited (${code})`)));
    });
  }
  count(): Promise<{ requests: number; badRequests: number }> {
    return new Promise((res, rej) => {
      if (!this.child.connected) {
        rej(new Error('HTTP server gone'));
        return;
      }
      const gone = (): void => rej(new Error('HTTP server exited'));
      const on = (m: { type?: string; requests: number; badRequests: number }): void => {
        if (m.type !== 'count') return;
        this.child.off('message', on);
        this.child.off('exit', gone);
        res(m);
      };
      this.child.on('message', on);
      this.child.once('exit', gone);
      this.child.send({ type: 'count' });
    });
  }
  stop(): void {
    if (this.child.connected) this.child.disconnect();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

export function benchConfig(input: CheckerBenchInput, digest: string): string {
  const reals: string[] = [];
  for (let i = 0; i < input.reals; i++) {
    reals.push(`  real_server ${realAddress(i)} ${input.port} {
    weight 1
    HTTP_GET {
      url {
        path /check
        digest ${digest}
      }
      connect_timeout 5
      retry 1
      delay_before_retry 1
    }
  }`);
  }
  return `global_defs {
  router_id checker_bench
}
virtual_server 10.31.0.1 80 {
  delay_loop ${input.delayLoop}
  lb_algo rr
  lb_kind NAT
  protocol TCP
${reals.join('\n')}
}
`;
}

/** 10.30.x.y, y in 1..250: the i-th real server. */
export function realAddress(i: number): string {
  return `10.30.${Math.floor(i / 250)}.${(i % 250) + 1}`;
}

interface Daemon {
  /** The checker process. */
  checkerPid: number;
  log: () => string;
  stop(): Promise<void>;
}

async function startDaemon(env: TrialEnv, impl: Impl, input: CheckerBenchInput, conf: string, dir: string): Promise<Daemon> {
  const logPath = join(dir, `${impl}.log`);
  const fd = openSync(logPath, 'w');
  const cpid = join(dir, 'c.pid');
  rmSync(cpid, { force: true });
  const daemonArgs = ['-n', '-l', '-D', '-C', '-f', conf, '-p', join(dir, 'k.pid'), '-r', join(dir, 'v.pid'), '-c', cpid];
  // Both daemons: a parent and the checker child, whose pid the parent writes to the -c file.
  const viaPidFile = impl === 'keepalived' || input.ours === 'daemon';
  const argv = impl === 'keepalived' ? ['keepalived', ...daemonArgs]
    : input.ours === 'daemon' ? [process.execPath, KEEPALIVED_TS, ...daemonArgs]
    : [process.execPath, '-r', TS_REGISTER, join(__dirname, 'ours-checker.ts'), conf];
  const [cmd, ...args] = env.wrap('checker', argv);
  // The wrappers (ip netns exec, taskset) exec in place: the child's pid is the daemon's.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env.daemonEnv };
  delete childEnv.NODE_OPTIONS;
  const child = spawn(cmd as string, args, { stdio: ['ignore', fd, fd], env: childEnv });
  closeSync(fd);
  const pid = child.pid as number;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async (): Promise<void> => {
    if (alive(pid)) process.kill(pid, 'SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(pid, 'SIGKILL');
      await exited;
    }
  };
  const log = (): string => readFileSync(logPath, 'utf8');
  try {
    let checkerPid = pid;
    if (viaPidFile) {
      await until(`${impl} checker pid file`, () => existsSync(cpid) && readFileSync(cpid, 'utf8').trim() !== '', 30_000);
      checkerPid = Number(readFileSync(cpid, 'utf8').trim());
    }
    return { checkerPid, log, stop };
  } catch (e) {
    await stop();
    throw new Error(`${impl} did not start: ${(e as Error).message}\n${log().slice(-2000)}`);
  }
}

/** Log lines that mean some check did not succeed (a run with any is reported as such). */
const FAILURE = /failed|timeout|timed out|Disabling|Removing service|error/i;

async function trial(env: TrialEnv, impl: Impl, input: CheckerBenchInput, conf: string, dir: string, server: Server): Promise<CheckerTrial> {
  const d = await startDaemon(env, impl, input, conf, dir);
  try {
    const base = (await server.count()).requests;
    // Warm-up: every real server checked at least once, then a few more seconds of steady state.
    await until(`${impl}: every real server checked once`, async () => (await server.count()).requests - base >= input.reals, 60_000);
    await sleep(input.warmupS * 1000);
    if (!alive(d.checkerPid)) throw new Error(`${impl} checker process exited`);
    const c0 = await server.count();
    const cpu0 = cpuTicks(d.checkerPid);
    const srv0 = cpuTicks(server.pid);
    const t0 = process.hrtime.bigint();
    await sleep(input.windowS * 1000);
    const c1 = await server.count();
    const cpu1 = cpuTicks(d.checkerPid);
    const srv1 = cpuTicks(server.pid);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const services = env.ipvsDestinations() ?? -1;
    await d.stop();
    const lines = d.log().split('\n');
    return {
      impl, seconds, checks: c1.requests - c0.requests, badRequests: c1.badRequests - c0.badRequests,
      cpuTicks: sum(cpu1) - sum(cpu0), cpuUserTicks: cpu1[0] - cpu0[0], serverCpuTicks: sum(srv1) - sum(srv0), ipvsDestinations: services,
      failureLines: lines.filter((l) => FAILURE.test(l)).slice(0, 5), failureCount: lines.filter((l) => FAILURE.test(l)).length,
    };
  } finally {
    await d.stop();
  }
}

/** Every trial, alternating the implementations; the server must be ready, conf written. */
export async function runTrials(env: TrialEnv, input: CheckerBenchInput, conf: string, dir: string, server: Server): Promise<CheckerTrial[]> {
  const trials: CheckerTrial[] = [];
  for (let rep = 0; rep < input.reps; rep++) {
    const order: Impl[] = rep % 2 ? ['keepalived-ts', 'keepalived'] : ['keepalived', 'keepalived-ts'];
    for (const impl of order) {
      trials.push(await trial(env, impl, input, conf, dir, server));
      await env.settle();
    }
  }
  return trials;
}
