// 9. HTTP_GET health checks: keepalived 2.2.7's checker process vs keepalived-ts's, on the same configuration
// (BENCH_CHECKERS_REALS real servers, default 1000, on a dummy interface; one virtual server; HTTP_GET of a
// BENCH_CHECKERS_BODY-byte body with its digest; delay_loop 1), against one local HTTP server process that answers
// them all (bench/checkers/http-server.ts). keepalived's checker process exits at start without IPVS, which the
// host kernel lacks, so it is measured in two places (BENCH_CHECKERS_ENV, default "host,uml"):
// - host: a namespace on the host, the server pinned to one core and the checker process to the other; keepalived
//   with an LD_PRELOAD stub answering its IPVS socket options (nothing programmed), ours with an in-memory IPVS.
// - uml: inside user-mode Linux, where IPVS exists and both program it for real; one virtual CPU shared by the
//   checker and the server, UML's own CPU accounting and very expensive system calls (a ratio measured in the same VM
//   in the same run, weighted towards system calls). The VM is pinned to one host core (BENCH_CHECKERS_UML_CPU).
//
// Each trial runs one daemon: warm-up until every real server was checked once plus BENCH_CHECKERS_WARMUP_S, then
// a BENCH_CHECKERS_WINDOW_S window where the server counts the requests and /proc/PID/stat gives the checker
// process's utime+stime. Implementations alternate (ka, ts, ts, ka, …), BENCH_CHECKERS_REPS trials each; the
// figures are totals over the trials (checks / seconds, CPU / checks).
//
// keepalived-ts's checker process: in user-mode Linux `keepalived-ts -C` (its checker child, from dist/: run
// `npx tsc -p tsconfig.build.json` first) once dist/ has it; on the host, where our daemon exits without IPVS as
// keepalived's does, and before that, the stand-in bench/checkers/ours-checker.ts (createChecker + LvsState + an
// IPVS client in one Node process). BENCH_CHECKERS_OURS=standin forces the stand-in everywhere.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runInUml, umlUnavailable } from '../../test/uml/uml-vm';
import { benchBody } from '../checkers/body';
import { CHECKER_CPU, runOnHost, SERVER_CPU } from '../checkers/host';
import type { CheckerBenchInput, CheckerTrial, GuestOutput, Impl, OursKind } from '../checkers/plan';
import { row, type Row } from '../report';

const env = (name: string, dflt: number): number => Number(process.env[name] ?? dflt);

const OURS_WHAT: Record<OursKind, string> = {
  daemon: 'keepalived-ts -C (its checker child)',
  standin: 'keepalived-ts checkers stand-in (createChecker + LvsState + IPVS client in one Node process, not the -C daemon)',
};
const DAEMON_BUILT = join(__dirname, '..', '..', 'dist', 'src', 'check', 'daemon', 'checker-child-main.js');

/** What runs as keepalived-ts where: the daemon only where IPVS exists (UML) and dist/ has its checker process. */
function oursFor(where: Where): OursKind {
  const want = process.env.BENCH_CHECKERS_OURS ?? 'auto';
  if (where === 'host' || want === 'standin') return 'standin';
  if (want === 'daemon' || existsSync(DAEMON_BUILT)) return 'daemon';
  return 'standin';
}
type Where = 'host' | 'uml';
const WHERE: Record<Where, string> = {
  host: 'host namespace, IPVS stubbed',
  uml: 'user-mode Linux, real IPVS, 1 vCPU',
};

export interface ImplFigure {
  impl: Impl;
  trials: number;
  seconds: number;
  checks: number;
  checksPerS: number;
  cpuUsPerCheck: number;
  /** The user-space part of it (the rest is system time). */
  userUsPerCheck: number;
  /** Share of one CPU the checker process used. */
  cpuShare: number;
  serverCpuUsPerCheck: number;
  failures: number;
  failureSample: string[];
  ipvsDestinations: number[];
}

export interface EnvResult {
  where: Where;
  ours: OursKind;
  figures: [ImplFigure, ImplFigure];
  cpus: number;
  notes: string[];
}

export interface CheckersResult {
  rows: Row[];
  envs: EnvResult[];
  input: Omit<CheckerBenchInput, 'ours'>;
}

function figureOf(impl: Impl, trials: CheckerTrial[], hz: number): ImplFigure {
  const ts = trials.filter((t) => t.impl === impl);
  const seconds = ts.reduce((s, t) => s + t.seconds, 0);
  const checks = ts.reduce((s, t) => s + t.checks, 0);
  const cpuUs = (ts.reduce((s, t) => s + t.cpuTicks, 0) / hz) * 1e6;
  const userUs = (ts.reduce((s, t) => s + t.cpuUserTicks, 0) / hz) * 1e6;
  const serverUs = (ts.reduce((s, t) => s + t.serverCpuTicks, 0) / hz) * 1e6;
  return {
    impl, trials: ts.length, seconds, checks, checksPerS: checks / seconds, cpuUsPerCheck: cpuUs / Math.max(1, checks),
    userUsPerCheck: userUs / Math.max(1, checks),
    cpuShare: cpuUs / 1e6 / seconds, serverCpuUsPerCheck: serverUs / Math.max(1, checks),
    failures: ts.reduce((s, t) => s + t.failureCount + t.badRequests, 0), failureSample: ts.flatMap((t) => t.failureLines).slice(0, 3),
    ipvsDestinations: ts.map((t) => t.ipvsDestinations),
  };
}

async function measure(where: Where, input: CheckerBenchInput): Promise<GuestOutput> {
  if (input.ours === 'daemon' && !existsSync(DAEMON_BUILT)) throw new Error(`keepalived-ts -C is not built: ${DAEMON_BUILT} (npx tsc -p tsconfig.build.json)`);
  if (where === 'host') return runOnHost(input);
  const why = umlUnavailable();
  if (why) throw new Error(`checkers bench needs user-mode Linux: ${why}`);
  // Per trial: start-up (IPVS programming is slow in UML), the first round, warm-up, window, shutdown.
  const perTrialS = 60 + input.warmupS + input.windowS;
  const { result } = await runInUml<GuestOutput>({
    guest: join(__dirname, '..', 'checkers', 'guest.ts'), input,
    timeoutMs: (60 + 2 * input.reps * perTrialS) * 1000, memory: '1G', cpus: process.env.BENCH_CHECKERS_UML_CPU ?? '1',
  });
  return result;
}

function envRows(r: EnvResult, input: Omit<CheckerBenchInput, 'ours'>): Row[] {
  const [ka, ts] = r.figures;
  const what = `checkers HTTP_GET ${input.reals} real servers delay_loop ${input.delayLoop} (${WHERE[r.where]})`;
  const base = 'keepalived 2.2.7 checker process (same run)';
  // row(): ratio = baseline / value, so above 1 keepalived-ts is cheaper per check (or, for checks/s, slower).
  return [
    row(`${what}: CPU per check, ${OURS_WHAT[r.ours]}`, 'µs/check', ts.cpuUsPerCheck, base, ka.cpuUsPerCheck),
    row(`${what}: checks per second, ${OURS_WHAT[r.ours]}`, 'checks/s', ts.checksPerS, base, ka.checksPerS),
    row(`${what}: HTTP server CPU per check, keepalived-ts trials`, 'µs/check', ts.serverCpuUsPerCheck, 'keepalived trials', ka.serverCpuUsPerCheck),
  ];
}

export async function checkersRows(log: (line: string) => void = () => undefined): Promise<CheckersResult> {
  const bodyBytes = env('BENCH_CHECKERS_BODY', 512);
  const common: Omit<CheckerBenchInput, 'ours'> = {
    reals: env('BENCH_CHECKERS_REALS', 1000), delayLoop: 1, port: 8080, bodyBytes,
    digest: createHash('md5').update(benchBody(bodyBytes)).digest('hex'),
    warmupS: env('BENCH_CHECKERS_WARMUP_S', 5), windowS: env('BENCH_CHECKERS_WINDOW_S', 20), reps: env('BENCH_CHECKERS_REPS', 2),
  };
  const wheres = (process.env.BENCH_CHECKERS_ENV ?? 'host,uml').split(',').filter((w): w is Where => w === 'host' || w === 'uml');
  log(`  ${common.reals} real servers, delay_loop ${common.delayLoop}, ${common.reps} trials each of ${common.windowS} s after ${common.warmupS} s warm-up; in ${wheres.join(', ')}`);
  const envs: EnvResult[] = [];
  for (const where of wheres) {
    const t0 = Date.now();
    const input: CheckerBenchInput = { ...common, ours: oursFor(where) };
    log(`  ${where}: keepalived-ts side is ${OURS_WHAT[input.ours]}`);
    const result = await measure(where, input);
    for (const t of result.trials) {
      log(`  ${where} ${t.impl}: ${t.checks} checks in ${t.seconds.toFixed(1)} s, checker ${t.cpuTicks} ticks (user ${t.cpuUserTicks}), server ${t.serverCpuTicks} ticks, ${t.failureCount} failure lines`);
    }
    log(`  ${where}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const hz = result.clockTicksPerSecond;
    const figures = [figureOf('keepalived', result.trials, hz), figureOf('keepalived-ts', result.trials, hz)] as [ImplFigure, ImplFigure];
    const notes: string[] = [];
    for (const f of figures) {
      if (f.failures) notes.push(`${f.impl}: ${f.failures} failed checks or bad requests, e.g. ${f.failureSample.join(' | ')}`);
      if (f.ipvsDestinations.some((n) => n >= 0 && n !== input.reals)) notes.push(`${f.impl}: IPVS destinations at the end of the windows ${f.ipvsDestinations.join(', ')} (want ${input.reals})`);
    }
    envs.push({ where, ours: input.ours, figures, cpus: result.cpus, notes });
  }
  return { rows: envs.flatMap((e) => envRows(e, common)), envs, input: common };
}

export function printCheckers(r: CheckersResult): void {
  const { input } = r;
  console.log(`\nCheckers: HTTP_GET, ${input.reals} real servers, delay_loop ${input.delayLoop}, body ${input.bodyBytes} B with digest; ${input.reps} trial(s) per implementation,`);
  console.log(`  alternating, each ${input.windowS} s after a ${input.warmupS} s warm-up; CPU = utime+stime of the checker process (/proc/PID/stat)`);
  for (const e of r.envs) {
    const placement = e.where === 'host'
      ? `server on CPU ${SERVER_CPU}, checker process on CPU ${CHECKER_CPU} (taskset); keepalived with the IPVS sockopt stub, ours with an in-memory IPVS (FakeIpvs)`
      : `${e.cpus} vCPU shared by the checker and the server; both program the VM's IPVS`;
    console.log(`\n  ${WHERE[e.where]}: ${placement}`);
    console.log(`    keepalived-ts side: ${OURS_WHAT[e.ours]}`);
    console.log(`    ${'implementation'.padEnd(34)} | checks/s | CPU µs/check (user+sys) | CPU share | server µs/check | failures`);
    for (const f of e.figures) {
      const name = f.impl === 'keepalived' ? 'keepalived 2.2.7 (keepalived -C)' : 'keepalived-ts';
      console.log(`    ${name.padEnd(34)} | ${f.checksPerS.toFixed(0).padStart(8)} | ${`${f.cpuUsPerCheck.toFixed(1)} (${f.userUsPerCheck.toFixed(1)}+${(f.cpuUsPerCheck - f.userUsPerCheck).toFixed(1)})`.padStart(23)} | ${(100 * f.cpuShare).toFixed(1).padStart(8)}% | ${f.serverCpuUsPerCheck.toFixed(1).padStart(15)} | ${f.failures}`);
    }
    const [ka, ts] = e.figures;
    console.log(`    ratio ours/keepalived: CPU per check ${(ts.cpuUsPerCheck / ka.cpuUsPerCheck).toFixed(2)} (< 1 = keepalived-ts cheaper), checks/s ${(ts.checksPerS / ka.checksPerS).toFixed(2)} (> 1 = keepalived-ts more)`);
    for (const n of e.notes) console.log(`    note: ${n}`);
  }
}
