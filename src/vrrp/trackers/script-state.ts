// The result of one vrrp_script as keepalived 2.2.7 keeps it (vrrp_scheduler.c, vrrp_script_child_thread): a
// counter `result` in 0..rise+fall-1 that is "OK" from `rise` up. A success climbs one step (a failed script needs
// `rise` of them in a row), a failure falls one step (an OK script needs `fall` of them); reaching either end
// reports the new state once. Before the first run the script is "one success away from OK" (rise-1), or failed
// with init_fail; a script that has not run yet is reported as nothing (undefined) so weights do not apply yet.
// Pure: each exit is fed in, the log lines and the change (if any) come out.
import type { ScriptResult } from '../../core/process/script-runner';

/** How keepalived started the script: INIT (first load), INIT_RELOAD (new on reload), FAILED (init_fail), DONE. */
export type ScriptInitState = 'init' | 'init-reload' | 'failed' | 'done';

export interface ScriptParams {
  readonly name: string;
  readonly rise: number;
  readonly fall: number;
  readonly initFail: boolean;
}

/** One exit of the script as keepalived classifies it. */
export type ScriptOutcome =
  | { readonly kind: 'exited'; readonly status: number }
  | { readonly kind: 'signalled'; readonly signal: number }
  | { readonly kind: 'timed-out' };

export interface ScriptStep {
  readonly lines: readonly string[];
  /** The script's new state when it changed (true = OK). */
  readonly changed?: boolean;
}

/** Signal numbers as keepalived prints them (WTERMSIG). */
const SIGNAL_NUMBERS: Readonly<Record<string, number>> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10,
  SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGSTKFLT: 16, SIGCHLD: 17, SIGCONT: 18,
  SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26,
  SIGPROF: 27, SIGWINCH: 28, SIGIO: 29, SIGPWR: 30, SIGSYS: 31,
};

/**
 * A runner's result → keepalived's view: a script that died of the signal our timeout sent (SIGTERM, or SIGKILL
 * after it ignored SIGTERM) "timed_out"; any other signal is a failure "due to signal N"; an exit is its status
 * (the runner already maps sh's 127/126 and an exec failure to 0, as keepalived's script child does).
 */
export function classifyResult(r: ScriptResult): ScriptOutcome {
  if (r.signal !== null) {
    if (r.timedOut && (r.signal === 'SIGTERM' || r.signal === 'SIGKILL')) return { kind: 'timed-out' };
    return { kind: 'signalled', signal: SIGNAL_NUMBERS[r.signal] ?? 0 };
  }
  return { kind: 'exited', status: r.code ?? 0 };
}

export class ScriptState {
  result: number;
  initState: ScriptInitState;
  /** The last exit status, for "now returning" (keepalived starts it at 0). */
  lastStatus = 0;

  constructor(readonly p: ScriptParams, reload = false) {
    this.initState = p.initFail ? 'failed' : reload ? 'init-reload' : 'init';
    this.result = p.initFail ? 0 : p.rise - 1;
  }

  get ok(): boolean {
    return this.result >= this.p.rise;
  }

  /** What the instances see: nothing before the first report (unless init_fail), then OK or not. */
  get value(): boolean | undefined {
    return this.initState === 'init' || this.initState === 'init-reload' ? undefined : this.ok;
  }

  exited(o: ScriptOutcome): ScriptStep {
    const lines: string[] = [];
    let changed: boolean | undefined;
    const name = this.p.name;
    const top = this.p.rise + this.p.fall - 1;
    const wasInit = this.initState === 'init' || this.initState === 'init-reload';
    if (o.kind === 'exited') {
      if (o.status !== this.lastStatus) lines.push(`Script \`${name}\` now returning ${o.status}`);
      this.lastStatus = o.status;
    }
    if (o.kind === 'exited' && o.status === 0) {
      if (this.result < this.p.rise - 1) {
        this.result++;
      } else if (this.result !== top) {
        if (this.result < this.p.rise) {
          lines.push(`VRRP_Script(${name}) succeeded`);
          changed = true;
        }
        this.result = top;
      }
    } else if (this.result > this.p.rise) {
      this.result--;
    } else {
      if (this.result === this.p.rise || wasInit) {
        lines.push(`VRRP_Script(${name}) ${failure(o)}`);
        changed = false;
      }
      this.result = 0;
    }
    this.initState = 'done';
    return changed === undefined ? { lines } : { lines, changed };
  }

  /**
   * The same script in a reloaded configuration (keepalived matches vrrp_scripts by name): a script still in its
   * first state keeps it; otherwise the counter is carried into the new rise/fall as keepalived does it.
   */
  static carriedOver(old: ScriptState, p: ScriptParams): { state: ScriptState; line?: string } {
    const s = new ScriptState({ ...p, initFail: false });
    if (old.initState === 'init' || old.initState === 'init-reload') {
      s.initState = old.initState;
      s.result = p.rise - 1;
      return { state: s };
    }
    let line: string;
    if (old.result < old.p.rise) {
      s.result = old.result === 0 ? 0 : Math.max(0, p.rise - (old.p.rise - old.result));
      line = `VRRP_Script(${p.name}) considered unsuccessful on reload`;
    } else {
      const top = p.rise + p.fall - 1;
      s.result = old.result === old.p.rise + old.p.fall - 1 ? top : Math.min(top, p.rise + (old.result - old.p.rise));
      line = `VRRP_Script(${p.name}) considered successful on reload`;
    }
    s.lastStatus = old.lastStatus;
    s.initState = 'done';
    return { state: s, line };
  }
}

function failure(o: ScriptOutcome): string {
  if (o.kind === 'timed-out') return 'timed_out';
  if (o.kind === 'signalled') return `failed (due to signal ${o.signal})`;
  return `failed (exited with status ${o.status})`;
}
