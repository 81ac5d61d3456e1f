// createChecker(): one real server's checker, running. The kind's runner does the I/O of an attempt and its
// epilog's accounting; CheckerMachine decides when; this file only carries actions out (timers, log lines, results).
import { readFileSync } from 'node:fs';
import type { Checker, RealServer, SslContext, VirtualServer } from '../../config/model/virtual-server';
import type { TrackFile } from '../../config/model/trackers';
import type { ScriptRunner } from '../../core/process';
import type { CheckerTiming, MigratedState, Verdict } from './check-state';
import { CheckerMachine, type CheckerAction } from './checker-machine';
import { formatPair, formatRs, formatVs, type CheckerLabels } from './labels';
import { dnsRunner } from './runners/dns-runner';
import { httpRunner } from './runners/http-runner';
import { miscRunner } from './runners/misc-runner';
import { pingRunner } from './runners/ping-runner';
import { targetOf, type AttemptRunner, type RunnerDetails } from './runners/runner';
import { smtpRunner } from './runners/smtp-runner';
import { tcpRunner } from './runners/tcp-runner';
import { udpRunner } from './runners/udp-runner';
import { fileChecker } from './file-check';

export interface CheckerSpec {
  checker: Checker;
  rs: RealServer;
  vs: VirtualServer;
  /** The SSL block, for SSL_GET. */
  ssl?: SslContext;
  /** FILE_CHECK: the track_file it names. */
  trackFile?: TrackFile;
  /** global_defs checker_log_all_failures. */
  logAllFailures?: boolean;
  /** At a reload: the state of the checker this one replaces (keepalived's migrate_checkers()). */
  migrated?: MigratedState;
}

export interface CheckerDeps {
  /** Receives keepalived's log lines (LOG_INFO). */
  log: (line: string) => void;
  /** Runs MISC_CHECK scripts. */
  scripts?: ScriptRunner;
  /** [0, 1): the share of warmup to wait before the first check (default Math.random). */
  random?: () => number;
}

/**
 * up: the checker's verdict (called for each update_svr_checker_state()); weight, when given: the checker's new
 * weight adjustment (keepalived's cur_weight): the real server's weight is its configured weight plus the
 * adjustments of its checkers that are up (MISC_CHECK misc_dynamic exit N gives N - 2 - configured weight;
 * FILE_CHECK value × weight). A checker going down drops its adjustment without a weight event (keepalived does
 * that silently); it reports the weight again when it comes back with a different one. A weight event carries the
 * checker's state at that moment (keepalived changes the weight before it brings a server back). mail, with a
 * verdict: the body of the SMTP alert this checker kind sends with it (sent only if the real server's smtp_alert
 * and no_checker_emails allow).
 */
export type ResultListener = (up: boolean, weight?: number, mail?: string) => void;

export interface HealthChecker {
  readonly labels: CheckerLabels;
  start(): void;
  stop(): void;
  onResult(cb: ResultListener): void;
  /**
   * ha_suspend: a disabled checker keeps its timer but skips its attempts (keepalived reschedules it a delay_loop
   * later each time). Checkers start enabled.
   */
  setEnabled(enabled: boolean): void;
  /** The checker's current view (keepalived's checker->is_up). */
  readonly up: boolean;
  /** What a successor built at a reload takes over (undefined: nothing to hand on). */
  snapshot?(): MigratedState | undefined;
  /** What the SIGUSR1 dump shows beyond the state. */
  details?(): RunnerDetails | undefined;
}

function timingOf(c: Exclude<Checker, { type: 'FILE_CHECK' | 'BFD_CHECK' }>, globalLogAll: boolean, migrated?: MigratedState): CheckerTiming {
  return {
    migrated,
    retry: c.retry,
    delayBeforeRetryUs: c.delayBeforeRetryUs,
    delayLoopUs: c.delayLoopUs,
    warmupUs: c.warmupUs,
    alpha: c.alpha,
    logAllFailures: c.logAllFailures || globalLogAll,
  };
}

function readOptional(path: string | undefined): Buffer | undefined {
  // Read once when the checker is built (start-up / reload), never on the path of a check.
  return path === undefined ? undefined : readFileSync(path);
}

function runnerFor(spec: CheckerSpec, t: CheckerTiming, labels: CheckerLabels, deps: CheckerDeps): AttemptRunner {
  const { checker: c, rs, vs } = spec;
  switch (c.type) {
    case 'TCP_CHECK':
      return tcpRunner(t, labels, targetOf(c, rs.address, rs.port));
    case 'HTTP_GET':
    case 'SSL_GET': {
      const ssl = spec.ssl;
      return httpRunner(t, labels, {
        check: c,
        target: targetOf(c, rs.address, rs.port),
        rsVirtualhost: rs.virtualhost,
        vsVirtualhost: vs.virtualhost,
        tls:
          c.type === 'SSL_GET'
            ? { cert: readOptional(ssl?.certificate), key: readOptional(ssl?.key), ca: readOptional(ssl?.ca), passphrase: ssl?.password }
            : undefined,
      });
    }
    case 'SMTP_CHECK':
      return smtpRunner(t, labels, targetOf(c, rs.address, rs.port), formatPair(rs.address, rs.port), c.heloName);
    case 'DNS_CHECK':
      return dnsRunner(t, labels, targetOf(c, rs.address, rs.port), c.dnsType, c.name);
    case 'UDP_CHECK':
      return udpRunner(t, labels, targetOf(c, rs.address, rs.port), c);
    case 'PING_CHECK':
      return pingRunner(t, labels, c.connectIp ?? rs.address, Math.max(1, Math.round(c.connectTimeoutUs / 1000)));
    case 'MISC_CHECK':
      if (!deps.scripts) throw new Error('MISC_CHECK needs a script runner');
      return miscRunner(t, labels, c, rs.weight, deps.scripts);
    default:
      throw new Error(`${c.type} is not a scheduled checker`);
  }
}

export function createChecker(spec: CheckerSpec, deps: CheckerDeps): HealthChecker {
  const labels: CheckerLabels = { rs: formatRs(spec.rs, spec.vs), vs: formatVs(spec.vs) };
  const c = spec.checker;
  if (c.type === 'FILE_CHECK') return fileChecker(c, spec.trackFile, labels, deps);
  if (c.type === 'BFD_CHECK') throw new Error('BFD_CHECK is driven by the BFD process, not by a checker');
  // keepalived drops a MISC_CHECK whose script failed the script-security pass ("Disabling misc script …").
  if (c.type === 'MISC_CHECK' && c.miscPath.runnable === false) return inertChecker(labels, !c.alpha);
  return new ScheduledChecker(spec, timingOf(c, spec.logAllFailures ?? false, spec.migrated), labels, deps);
}

/** A checker keepalived removed at start-up: it never runs and never reports. */
function inertChecker(labels: CheckerLabels, up: boolean): HealthChecker {
  return { labels, up, start: () => undefined, stop: () => undefined, onResult: () => undefined, setEnabled: () => undefined };
}

class ScheduledChecker implements HealthChecker {
  private readonly machine: CheckerMachine;
  private readonly runner: AttemptRunner;
  private readonly listeners: ResultListener[] = [];
  private timer: NodeJS.Timeout | undefined;
  private isUp: boolean;
  private readonly epochMs = performance.now();
  /** The timer's and the attempt's callbacks, made once (not a closure per check). */
  private readonly onTimer = (): void => this.apply(this.machine.timerFired(this.nowUs()));
  private readonly onVerdict = (v: Verdict): void => this.apply(this.machine.conclude(this.nowUs(), v));

  constructor(
    spec: CheckerSpec,
    timing: CheckerTiming,
    readonly labels: CheckerLabels,
    private readonly deps: CheckerDeps,
  ) {
    this.machine = new CheckerMachine(timing.warmupUs, timing.delayLoopUs);
    this.runner = runnerFor(spec, timing, labels, deps);
    this.isUp = this.runner.state.isUp;
  }

  snapshot(): MigratedState {
    const st = this.runner.state;
    const d = this.runner.details?.();
    return { isUp: st.isUp, hasRun: st.hasRun, retryIt: st.retryIt, lastExitCode: d?.lastExitCode, lastRanUs: d?.lastRanUs };
  }

  get up(): boolean {
    return this.isUp;
  }

  details(): RunnerDetails | undefined {
    return this.runner.details?.();
  }

  onResult(cb: ResultListener): void {
    this.listeners.push(cb);
  }

  setEnabled(enabled: boolean): void {
    this.machine.enabled = enabled;
  }

  start(): void {
    this.apply(this.machine.start((this.deps.random ?? Math.random)()));
  }

  stop(): void {
    this.machine.stop();
    clearTimeout(this.timer);
    this.runner.cancel();
  }

  private nowUs(): number {
    // The same monotonic clock as process.hrtime, without a BigInt per reading.
    return Math.floor((performance.now() - this.epochMs) * 1000);
  }

  private apply(actions: CheckerAction[]): void {
    for (const a of actions) {
      switch (a.type) {
        case 'arm':
          clearTimeout(this.timer);
          this.timer = setTimeout(this.onTimer, Math.ceil(a.delayUs / 1000));
          break;
        case 'attempt':
          this.runner.attempt(this.onVerdict);
          break;
        case 'log':
          this.deps.log(a.line);
          break;
        case 'weight':
          for (const cb of this.listeners) cb(this.isUp, a.weight);
          break;
        case 'update':
          this.isUp = a.up;
          for (const cb of this.listeners) cb(a.up, undefined, a.mail);
          break;
      }
    }
  }
}
