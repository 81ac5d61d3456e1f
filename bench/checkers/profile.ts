// A quick driver for profiling keepalived-ts's checkers alone (not part of `npm run bench`): the host bench's setup
// (a namespace, the real server addresses on its loopback, the bench HTTP server on one core) with only the
// stand-in (ours-checker.ts) on the other core, for one window; prints its CPU per check (user and system).
// PROFILE_DIR=dir adds `node --cpu-prof` to the checker process (the profile is written when it stops).
//   node -r ts-node/register/transpile-only bench/checkers/profile.ts [reals] [windowS]
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createLab } from '../../src/lab/netns-lab';
import { benchBody } from './body';
import { CHECKER_CPU, SERVER_CPU } from './host';
import type { CheckerBenchInput } from './plan';
import { benchConfig, realAddress, Server, type TrialEnv } from './trials';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const TS_REGISTER = require.resolve('@isaacs/ts-node-temp-fork-for-pr-2009/register/transpile-only');

function ticks(pid: number): [number, number] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [Number(f[11]), Number(f[12])];
}

async function main(): Promise<void> {
  const reals = Number(process.argv[2] ?? 1000);
  const windowS = Number(process.argv[3] ?? 20);
  const bodyBytes = 512;
  const input: CheckerBenchInput = {
    reals, delayLoop: 1, port: 8080, bodyBytes, digest: createHash('md5').update(benchBody(bodyBytes)).digest('hex'),
    warmupS: 5, windowS, reps: 1, ours: 'standin',
  };
  const dir = mkdtempSync(join(tmpdir(), 'kts-chprof-'));
  const lab = createLab([{}]);
  try {
    const ns = lab.nodes[0]!.ns;
    lab.exec(ns, 'sysctl', ['-q', '-w', 'net.core.somaxconn=8192', 'net.ipv4.tcp_max_syn_backlog=8192',
      'net.ipv4.ip_local_port_range=10000 65000', 'net.ipv4.tcp_tw_reuse=1']);
    lab.exec(ns, 'ip', ['link', 'set', 'lo', 'up']);
    writeFileSync(join(dir, 'addrs'), Array.from({ length: reals }, (_, i) => `addr add ${realAddress(i)}/32 dev lo\n`).join(''));
    lab.exec(ns, 'ip', ['-batch', join(dir, 'addrs')]);
    const conf = join(dir, 'keepalived.conf');
    writeFileSync(conf, benchConfig(input, input.digest));
    const env: TrialEnv = {
      wrap: (role, argv) => ['ip', 'netns', 'exec', ns, 'taskset', '-c', role === 'server' ? SERVER_CPU : CHECKER_CPU, ...argv],
      ipvsDestinations: () => undefined,
      settle: async () => undefined,
    };
    const server = new Server(env, input.port, bodyBytes);
    try {
      await server.ready();
      const prof = process.env.PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.PROFILE_DIR] : [];
      const [cmd, ...args] = env.wrap('checker', [process.execPath, ...prof, '-r', TS_REGISTER, join(__dirname, 'ours-checker.ts'), conf]);
      const childEnv: NodeJS.ProcessEnv = { ...process.env, BENCH_IPVS: 'fake' };
      delete childEnv.NODE_OPTIONS;
      const child = spawn(cmd as string, args, { stdio: ['ignore', 'ignore', 'inherit'], env: childEnv });
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      try {
        const base = (await server.count()).requests;
        const end = Date.now() + 60_000;
        while ((await server.count()).requests - base < reals) {
          if (Date.now() > end) throw new Error('not every real server was checked within 60 s');
          await sleep(100);
        }
        await sleep(input.warmupS * 1000);
        const pid = child.pid as number;
        const c0 = await server.count();
        const t0 = ticks(pid);
        const h0 = process.hrtime.bigint();
        await sleep(windowS * 1000);
        const c1 = await server.count();
        const t1 = ticks(pid);
        const s = Number(process.hrtime.bigint() - h0) / 1e9;
        const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
        const checks = c1.requests - c0.requests;
        const us = (n: number): string => ((n / hz) * 1e6 / Math.max(1, checks)).toFixed(1);
        console.log(`${checks} checks in ${s.toFixed(1)} s (${(checks / s).toFixed(0)}/s), bad ${c1.badRequests - c0.badRequests}; ` +
          `CPU µs/check ${us(t1[0] - t0[0] + t1[1] - t0[1])} (user ${us(t1[0] - t0[0])}, sys ${us(t1[1] - t0[1])})`);
      } finally {
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(15_000)]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    } finally {
      server.stop();
    }
  } finally {
    lab.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
