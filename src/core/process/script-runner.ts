// The one interface to the outside world for running scripts (notify scripts, vrrp_script / MISC_CHECK checks,
// FIFO scripts). ProcessScriptRunner runs real processes; FakeScriptRunner (fake-script-runner.ts) is for unit
// tests. run() returns at once: the script is started in the background and never blocks the event loop.
import type { ScriptSpec } from './script-spec';

export interface ScriptResult {
  /** The exit code as keepalived sees it (see process-script-runner.ts for its mappings); null when signalled. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The timeout expired: SIGTERM was sent to the script's process group (and SIGKILL if it did not exit). */
  timedOut: boolean;
  /** The program could not be started. keepalived's script child then exits 0, and so does code. */
  error?: NodeJS.ErrnoException;
  durationMs: number;
}

export interface RunOptions {
  /** vrrp_script/MISC_CHECK timeout: SIGTERM to the process group after this, SIGKILL killGraceMs later. */
  timeoutMs?: number;
  /** Default 2000 ms, as keepalived. */
  killGraceMs?: number;
}

export interface ScriptHandle {
  /** The script's pid (also its process group id) once started. */
  readonly pid: number | undefined;
  /** Resolves with the pid once the process exists, undefined when it could not be started. */
  readonly started: Promise<number | undefined>;
  /** Resolves (never rejects) when the script has ended. */
  readonly exited: Promise<ScriptResult>;
  /**
   * The result if the script ends within ms, else undefined (the script keeps running). This is the bounded wait
   * keepalived does for notify_stop at shutdown, without blocking the event loop.
   */
  wait(ms: number): Promise<ScriptResult | undefined>;
  /** Signals the script's whole process group. */
  kill(signal?: NodeJS.Signals): void;
}

export interface ScriptRunner {
  run(spec: ScriptSpec, options?: RunOptions): ScriptHandle;
  /** Scripts started and not yet ended. */
  readonly running: number;
  /** Signals the process group of every running script. */
  killAll(signal: NodeJS.Signals): void;
}

export const DEFAULT_KILL_GRACE_MS = 2000;

/** Races a promise against a timer that is cleared when the promise wins. */
export function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((res) => (timer = setTimeout(() => res(undefined), ms)));
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}
