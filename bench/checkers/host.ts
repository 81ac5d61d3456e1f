// The checker benchmark on the host, in a network namespace of its own: the host kernel has no IPVS, so
// keepalived runs with the LD_PRELOAD stub (ipvs-sockopt-stub.c: its IPVS socket options succeed and program
// nothing) and our side with an in-memory IPVS; neither programs a kernel table, so the comparison is of the
// checkers alone. Real cores here: the HTTP server is pinned to one (BENCH_CHECKERS_SERVER_CPU, default 0) and the
// checker process to the other (BENCH_CHECKERS_CPU, default 1).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLab } from '../../src/lab/netns-lab';
import type { CheckerBenchInput, GuestOutput } from './plan';
import { benchConfig, realAddress, runTrials, Server, type TrialEnv } from './trials';

export const SERVER_CPU = process.env.BENCH_CHECKERS_SERVER_CPU ?? '0';
export const CHECKER_CPU = process.env.BENCH_CHECKERS_CPU ?? '1';

function buildStub(dir: string): string {
  const out = join(dir, 'ipvs-sockopt-stub.so');
  try {
    execFileSync('cc', ['-O2', '-shared', '-fPIC', '-o', out, join(__dirname, 'ipvs-sockopt-stub.c'), '-ldl'], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`cannot build the IPVS stub for keepalived (a C compiler is needed): ${(e as Error).message}`);
  }
  return out;
}

export async function runOnHost(input: CheckerBenchInput): Promise<GuestOutput> {
  const dir = mkdtempSync(join(tmpdir(), 'kts-chbench-host-'));
  const lab = createLab([{}]);
  try {
    const stub = buildStub(dir);
    const ns = lab.nodes[0]!.ns;
    const inNs = (cmd: string, ...args: string[]): string => lab.exec(ns, cmd, args);
    // 1000 connections opened at once every second: deep accept queues, and ports back quickly (all per namespace).
    inNs('sysctl', '-q', '-w', 'net.core.somaxconn=8192', 'net.ipv4.tcp_max_syn_backlog=8192',
      'net.ipv4.ip_local_port_range=10000 65000', 'net.ipv4.tcp_tw_reuse=1');
    // The host kernel has no dummy driver: the real server addresses go on the namespace's loopback.
    inNs('ip', 'link', 'set', 'lo', 'up');
    writeFileSync(join(dir, 'addrs'), Array.from({ length: input.reals }, (_, i) => `addr add ${realAddress(i)}/32 dev lo\n`).join(''));
    inNs('ip', '-batch', join(dir, 'addrs'));
    const conf = join(dir, 'keepalived.conf');
    writeFileSync(conf, benchConfig(input, input.digest));
    const env: TrialEnv = {
      wrap: (role, argv) => ['ip', 'netns', 'exec', ns, 'taskset', '-c', role === 'server' ? SERVER_CPU : CHECKER_CPU, ...argv],
      daemonEnv: { LD_PRELOAD: stub, BENCH_IPVS: 'fake' },
      ipvsDestinations: () => undefined,
      settle: async () => undefined,
    };
    const server = new Server(env, input.port, input.bodyBytes);
    try {
      await server.ready();
      const trials = await runTrials(env, input, conf, dir, server);
      const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
      return { trials, clockTicksPerSecond: hz, cpus: cpus().length };
    } finally {
      server.stop();
    }
  } finally {
    lab.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}
