// 9. HTTP_GET health checks: keepalived 2.2.7's checker process vs keepalived-ts's, on the same configuration
// (BENCH_CHECKERS_REALS real servers, default 1000, on a dummy interface; one virtual server; HTTP_GET with a body
// digest; delay_loop 1), against one local HTTP server process that answers them all. keepalived's checker
// process needs IPVS, which the host kernel lacks (it exits at start without it), so both run inside user-mode
// Linux: one virtual CPU (the checkers and the server share it) and UML's own CPU accounting, fine for a ratio
// measured in the same VM in the same run. The VM itself is pinned to one host core (BENCH_CHECKERS_CPU).
//
// Each trial runs one daemon: warm-up until every real server was checked once plus BENCH_CHECKERS_WARMUP_S, then
// a BENCH_CHECKERS_WINDOW_S window where the server counts the requests and /proc/PID/stat gives the checker
// process's utime+stime. Implementations alternate (ka, ts, ts, ka, …), BENCH_CHECKERS_REPS trials each; the
// figures are totals over the trials (checks / seconds, CPU / checks).
//
// keepalived-ts's checker process: bench/checkers/ours-checker.ts (createChecker + LvsState + startIpvs in one
// Node process) until `keepalived-ts -C` runs the checker child.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { runInUml, umlUnavailable } from '../../test/uml/uml-vm';
import { benchBody } from '../checkers/body';
import type { CheckerBenchInput, CheckerTrial, GuestOutput, Impl } from '../checkers/plan';
import { row, type Row } from '../report';

const env = (name: string, dflt: number): number => Number(process.env[name] ?? dflt);

export const OURS_WHAT = 'keepalived-ts checkers (createChecker + LvsState + IPVS, one Node process; not yet `keepalived-ts -C`)';
const NAMES: Record<Impl, string> = { keepalived: 'keepalived 2.2.7 checker process', 'keepalived-ts': OURS_WHAT };

export interface ImplFigure {
  impl: Impl;
  trials: number;
  seconds: number;
  checks: number;
  checksPerS: number;
  cpuUsPerCheck: number;
  /** Share of one CPU the checker process used. */
  cpuShare: number;
  serverCpuUsPerCheck: number;
  failures: number;
  failureSample: string[];
  ipvsDestinations: number[];
}

export interface CheckersResult {
  rows: Row[];
  figures: ImplFigure[];
  input: CheckerBenchInput;
  cpus: number;
  notes: string[];
}

function figureOf(impl: Impl, trials: CheckerTrial[], hz: number): ImplFigure {
  const ts = trials.filter((t) => t.impl === impl);
  const seconds = ts.reduce((s, t) => s + t.seconds, 0);
  const checks = ts.reduce((s, t) => s + t.checks, 0);
  const cpuUs = (ts.reduce((s, t) => s + t.cpuTicks, 0) / hz) * 1e6;
  const serverUs = (ts.reduce((s, t) => s + t.serverCpuTicks, 0) / hz) * 1e6;
  return {
    impl, trials: ts.length, seconds, checks, checksPerS: checks / seconds, cpuUsPerCheck: cpuUs / Math.max(1, checks),
    cpuShare: cpuUs / 1e6 / seconds, serverCpuUsPerCheck: serverUs / Math.max(1, checks),
    failures: ts.reduce((s, t) => s + t.failureCount + t.badRequests, 0), failureSample: ts.flatMap((t) => t.failureLines).slice(0, 3),
    ipvsDestinations: ts.map((t) => t.ipvsDestinations),
  };
}

export async function checkersRows(log: (line: string) => void = () => undefined): Promise<CheckersResult> {
  const why = umlUnavailable();
  if (why) throw new Error(`checkers bench needs user-mode Linux: ${why}`);
  const bodyBytes = env('BENCH_CHECKERS_BODY', 512);
  const input: CheckerBenchInput = {
    reals: env('BENCH_CHECKERS_REALS', 1000), delayLoop: 1, port: 8080, bodyBytes,
    digest: createHash('md5').update(benchBody(bodyBytes)).digest('hex'),
    warmupS: env('BENCH_CHECKERS_WARMUP_S', 5), windowS: env('BENCH_CHECKERS_WINDOW_S', 20), reps: env('BENCH_CHECKERS_REPS', 2),
  };
  // Per trial: start-up (IPVS programming is slow in UML), the first round, warm-up, window, shutdown.
  const perTrialS = 60 + input.warmupS + input.windowS;
  log(`  ${input.reals} real servers, delay_loop ${input.delayLoop}, ${input.reps} trials each of ${input.windowS} s after ${input.warmupS} s warm-up`);
  const { result } = await runInUml<GuestOutput>({
    guest: join(__dirname, '..', 'checkers', 'guest.ts'), input,
    timeoutMs: (60 + 2 * input.reps * perTrialS) * 1000, memory: '1G', cpus: process.env.BENCH_CHECKERS_CPU ?? '1',
  });
  for (const t of result.trials) {
    log(`  ${t.impl}: ${t.checks} checks in ${t.seconds.toFixed(1)} s, checker ${t.cpuTicks} ticks, server ${t.serverCpuTicks} ticks, ${t.failureCount} failure lines`);
  }
  const hz = result.clockTicksPerSecond;
  const figures = (['keepalived', 'keepalived-ts'] as Impl[]).map((i) => figureOf(i, result.trials, hz));
  const [ka, ts] = figures as [ImplFigure, ImplFigure];
  const what = `checkers HTTP_GET ${input.reals} real servers delay_loop ${input.delayLoop} (UML, 1 vCPU)`;
  const base = `${NAMES.keepalived} (same VM, same run)`;
  // row(): ratio = baseline / value; for checks/s the ratio is then ka/ts, so it is given as its inverse too below.
  const rows = [
    row(`${what}: CPU per check, ${OURS_WHAT}`, 'µs/check', ts.cpuUsPerCheck, base, ka.cpuUsPerCheck),
    row(`${what}: checks per second, ${OURS_WHAT}`, 'checks/s', ts.checksPerS, base, ka.checksPerS),
    row(`${what}: HTTP server CPU per check during the keepalived-ts trials`, 'µs/check', ts.serverCpuUsPerCheck, 'during the keepalived trials', ka.serverCpuUsPerCheck),
  ];
  const notes: string[] = [];
  for (const f of figures) {
    if (f.failures) notes.push(`${f.impl}: ${f.failures} failed checks or bad requests, e.g. ${f.failureSample.join(' | ')}`);
    if (f.ipvsDestinations.some((n) => n !== input.reals)) notes.push(`${f.impl}: IPVS destinations at the end of the windows ${f.ipvsDestinations.join(', ')} (want ${input.reals})`);
  }
  return { rows, figures, input, cpus: result.cpus, notes };
}

export function printCheckers(r: CheckersResult): void {
  const { input } = r;
  console.log(`\nCheckers: HTTP_GET, ${input.reals} real servers, delay_loop ${input.delayLoop}, body ${input.bodyBytes} B with digest; inside user-mode Linux (${r.cpus} vCPU shared by the checker and the HTTP server), VM pinned to one host core`);
  console.log(`  ${input.reps} trial(s) per implementation, alternating, each ${input.windowS} s after a ${input.warmupS} s warm-up; CPU = utime+stime of the checker process (/proc/PID/stat)`);
  console.log(`  ${'implementation'.padEnd(34)} | checks/s | CPU µs/check | CPU share | server µs/check | failures`);
  for (const f of r.figures) {
    const name = f.impl === 'keepalived' ? 'keepalived 2.2.7 (keepalived -C)' : 'keepalived-ts (see below)';
    console.log(`  ${name.padEnd(34)} | ${f.checksPerS.toFixed(0).padStart(8)} | ${f.cpuUsPerCheck.toFixed(1).padStart(12)} | ${(100 * f.cpuShare).toFixed(1).padStart(8)}% | ${f.serverCpuUsPerCheck.toFixed(1).padStart(15)} | ${f.failures}`);
  }
  const [ka, ts] = r.figures as [ImplFigure, ImplFigure];
  console.log(`  ratio ours/keepalived: CPU per check ${(ts.cpuUsPerCheck / ka.cpuUsPerCheck).toFixed(2)} (< 1 = keepalived-ts cheaper), checks/s ${(ts.checksPerS / ka.checksPerS).toFixed(2)} (> 1 = keepalived-ts more)`);
  console.log(`  keepalived-ts side: ${OURS_WHAT}`);
  for (const n of r.notes) console.log(`  note: ${n}`);
}
