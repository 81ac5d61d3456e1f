// What create-checker.ts needs from each checker kind: run one attempt and conclude it with the kind's epilog.
import { newVerdict, type CheckState, type Verdict } from '../check-state';
import type { CheckerConnection } from '../../../config/model/virtual-server';
import type { ConnectTarget } from '../io/tcp-connect';

export interface AttemptRunner {
  /** Runs one attempt; done gets the epilog's verdict. */
  attempt(done: (v: Verdict) => void): void;
  /** Abandons the attempt in progress (done is then never called). */
  cancel(): void;
  /** The checker's is_up / has_run / retry_it, handed on at a reload. */
  readonly state: CheckState;
  /** What the SIGUSR1 dump shows beyond the state (MISC_CHECK: its script's last run). */
  details?(): RunnerDetails;
}

export interface RunnerDetails {
  /** MISC_CHECK: the exit status keepalived keeps (last_exit_code). */
  lastExitCode?: number;
  /** MISC_CHECK: when the script was last started, µs since the epoch (0: never). */
  lastRanUs?: number;
  /** HTTP_GET / SSL_GET: the path of the url that failed, while it does. */
  failedUrl?: string;
  /** FILE_CHECK: the track file's path and last value read. */
  filePath?: string;
  fileValue?: number;
}

/** A socket could not be created or bound: keepalived logs it and tries again a delay_loop later, counting nothing. */
export function reschedule(delayLoopUs: number, ...lines: string[]): Verdict {
  const v = newVerdict(delayLoopUs);
  v.logs.push(...lines);
  return v;
}

/** Where a checker connects: connect_ip/connect_port, else the real server. */
export function targetOf(co: CheckerConnection, rsAddress: string, rsPort: number): ConnectTarget {
  return {
    address: co.connectIp ?? rsAddress,
    port: co.connectPort || rsPort,
    bindto: co.bindto,
    bindPort: co.bindPort,
    timeoutMs: Math.max(1, Math.round(co.connectTimeoutUs / 1000)),
    fwmark: co.fwmark,
  };
}
