// The scheduling half of every scheduled checker, sans-IO: when to start (1 s bootstrap delay plus a random part
// of warmup, as register_checkers_thread()), when to run the next attempt, and turning an epilog's Verdict into
// ordered actions. The caller owns the clock and the timer; the kind's epilog (epilogs/*.ts) owns the accounting.
import type { Verdict } from './check-state';

/** keepalived's BOOTSTRAP_DELAY: checkers start one second after the checker process. */
export const BOOTSTRAP_DELAY_US = 1_000_000;

export type CheckerAction =
  /** Arm the (single) checker timer delayUs from now; it replaces any armed one. */
  | { type: 'arm'; delayUs: number }
  /** Start one attempt (connect, run the script, …) and report its outcome through conclude(). */
  | { type: 'attempt' }
  | { type: 'log'; line: string }
  /** update_svr_checker_state(up): firstRun marks the checker's first verdict. */
  | { type: 'update'; up: boolean; firstRun: boolean; mail?: string }
  /** The checker's weight adjustment changed (see Verdict.weight). */
  | { type: 'weight'; weight: number };

export class CheckerMachine {
  private attemptStartUs = 0;
  private state: 'idle' | 'waiting' | 'attempting' | 'stopped' = 'idle';

  /** ha_suspend clears this while the virtual server's address is absent. */
  enabled = true;

  constructor(
    private readonly warmupUs: number,
    private readonly delayLoopUs = 0,
  ) {}

  /** random01 in [0, 1): the share of warmup to wait (keepalived: warmup * random() / RAND_MAX). */
  start(random01: number): CheckerAction[] {
    if (this.state !== 'idle') return [];
    this.state = 'waiting';
    const warm = this.warmupUs > 0 ? Math.floor(this.warmupUs * Math.min(Math.max(random01, 0), 1)) : 0;
    return [{ type: 'arm', delayUs: BOOTSTRAP_DELAY_US + warm }];
  }

  timerFired(nowUs: number): CheckerAction[] {
    if (this.state !== 'waiting') return [];
    if (!this.enabled) return [{ type: 'arm', delayUs: this.delayLoopUs }];
    this.state = 'attempting';
    this.attemptStartUs = nowUs;
    return [{ type: 'attempt' }];
  }

  /** The attempt ended with the epilog's verdict. */
  conclude(nowUs: number, v: Verdict): CheckerAction[] {
    if (this.state !== 'attempting') return [];
    this.state = 'waiting';
    const out: CheckerAction[] = [];
    // keepalived changes the weight before it logs the check's result, and updates the server after.
    if (v.weight !== undefined) out.push({ type: 'weight', weight: v.weight });
    for (const line of v.logs) out.push({ type: 'log', line });
    for (const u of v.updates) {
      out.push(u.mail === undefined ? { type: 'update', up: u.up, firstRun: u.firstRun } : { type: 'update', up: u.up, firstRun: u.firstRun, mail: u.mail });
    }
    let delay = v.delayUs;
    if (v.fromAttemptStart) delay = Math.max(1, this.attemptStartUs + v.delayUs - nowUs);
    out.push({ type: 'arm', delayUs: delay });
    return out;
  }

  get attempting(): boolean {
    return this.state === 'attempting';
  }

  stop(): void {
    this.state = 'stopped';
  }
}
