// What the host hands the checker benchmark's guest (inside user-mode Linux) and what comes back.
export type Impl = 'keepalived' | 'keepalived-ts';

export interface CheckerBenchInput {
  reals: number;
  /** delay_loop, seconds. */
  delayLoop: number;
  port: number;
  bodyBytes: number;
  /** MD5 of the body, for the HTTP_GET url's digest. */
  digest: string;
  /** Seconds of steady state before the window, after every real server was checked once. */
  warmupS: number;
  windowS: number;
  /** Trials per implementation, alternating (ka, ts, ts, ka, …). */
  reps: number;
  /**
   * keepalived-ts's side: `daemon` is `keepalived-ts -C` (bin/keepalived-ts.js from dist/, its checker child measured),
   * `standin` bench/checkers/ours-checker.ts (the checker pieces in one process, for where the daemon cannot run).
   */
  ours: OursKind;
}

export type OursKind = 'daemon' | 'standin';

export interface CheckerTrial {
  impl: Impl;
  seconds: number;
  /** Complete HTTP requests the server received in the window. */
  checks: number;
  badRequests: number;
  /** utime + stime of the checker process over the window, clock ticks. */
  cpuTicks: number;
  /** The utime part of it. */
  cpuUserTicks: number;
  /** The same for the HTTP server process. */
  serverCpuTicks: number;
  /** Destinations in `ipvsadm -Ln` at the end of the window (all real servers up: every one). */
  ipvsDestinations: number;
  /** Log lines of the daemon that report a failed check or a state change (first few, and how many). */
  failureLines: string[];
  failureCount: number;
}

export interface GuestOutput {
  trials: CheckerTrial[];
  clockTicksPerSecond: number;
  /** CPUs the VM has (1: the checker and the server share it). */
  cpus: number;
}
