// A quick driver for profiling keepalived-ts's checkers alone (not part of `npm run bench`): the host bench's setup
// (a namespace, the real server addresses on its loopback, the bench HTTP server on one core) with only the
// stand-in (ours-checker.ts) on the other core, for one window; prints its CPU per check (user and system).
// PROFILE_DIR=dir adds `node --cpu-prof` to the checker process (the profile is written when it stops).
// PROFILE_COMPARE=dir: alternate trials with another checkout's stand-in (dir/bench/checkers/ours-checker.ts, e.g.
// `git archive` of an older commit with node_modules and build/ linked in), `reps` trials each, to tell a change
// from the noise of a loaded machine.
//   node -r ts-node/register/transpile-only bench/checkers/profile.ts [reals] [windowS] [reps]
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

async function trial(env: TrialEnv, script: string, conf: string, server: Server, reals: number, warmupS: number, windowS: number): Promise<{ checks: number; bad: number; user: number; sys: number; seconds: number }> {
  const prof = process.env.PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.PROFILE_DIR] : [];
  const [cmd, ...args] = env.wrap('checker', [process.execPath, ...prof, '-r', TS_REGISTER, script, conf]);
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
    await sleep(warmupS * 1000);
    const pid = child.pid as number;
    const c0 = await server.count();
    const t0 = ticks(pid);
    const h0 = process.hrtime.bigint();
    await sleep(windowS * 1000);
    const c1 = await server.count();
    const t1 = ticks(pid);
    const seconds = Number(process.hrtime.bigint() - h0) / 1e9;
    return { checks: c1.requests - c0.requests, bad: c1.badRequests - c0.badRequests, user: t1[0] - t0[0], sys: t1[1] - t0[1], seconds };
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.race([exited, sleep(5_000)]);
  }
}

async function main(): Promise<void> {
  const reals = Number(process.argv[2] ?? 1000);
  const windowS = Number(process.argv[3] ?? 20);
  const reps = Number(process.argv[4] ?? 1);
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
      const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
      const compare = process.env.PROFILE_COMPARE;
      const sides = compare ? [['this', join(__dirname, 'ours-checker.ts')], ['compare', join(compare, 'bench', 'checkers', 'ours-checker.ts')]] : [['this', join(__dirname, 'ours-checker.ts')]];
      const totals = new Map<string, { checks: number; user: number; sys: number }>();
      for (let rep = 0; rep < reps; rep++) {
        for (const [name, script] of rep % 2 ? [...sides].reverse() : sides) {
          const r = await trial(env, script as string, conf, server, reals, input.warmupS, windowS);
          const t = totals.get(name as string) ?? { checks: 0, user: 0, sys: 0 };
          t.checks += r.checks;
          t.user += r.user;
          t.sys += r.sys;
          totals.set(name as string, t);
          const us = (n: number): string => ((n / hz) * 1e6 / Math.max(1, r.checks)).toFixed(1);
          console.log(`${name}: ${r.checks} checks in ${r.seconds.toFixed(1)} s, bad ${r.bad}; CPU µs/check ${us(r.user + r.sys)} (user ${us(r.user)}, sys ${us(r.sys)})`);
        }
      }
      for (const [name, t] of totals) {
        const us = (n: number): string => ((n / hz) * 1e6 / Math.max(1, t.checks)).toFixed(1);
        console.log(`total ${name}: ${t.checks} checks; CPU µs/check ${us(t.user + t.sys)} (user ${us(t.user)}, sys ${us(t.sys)})`);
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
