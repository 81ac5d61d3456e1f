// The per-checker state every keepalived checker keeps (is_up, has_run, retry_it) and the verdict an attempt's
// epilog returns. Pure data: the epilogs (epilogs/*.ts) are where keepalived's retry accounting lives.

/** The scheduling settings of one checker, resolved as keepalived does (the config model's ScheduledCheckerBase). */
export interface CheckerTiming {
  retry: number;
  delayBeforeRetryUs: number;
  delayLoopUs: number;
  warmupUs: number;
  alpha: boolean;
  /** The checker's log_all_failures or the global checker_log_all_failures. */
  logAllFailures: boolean;
  /** At a reload: the state of the same checker before it (keepalived's migrate_checkers()). */
  migrated?: MigratedState;
}

/** What a checker hands to its successor at a reload. */
export interface MigratedState {
  isUp: boolean;
  hasRun: boolean;
  retryIt: number;
  /** MISC_CHECK: its last exit status and run (migrate_misc_check carries both over). */
  lastExitCode?: number;
  lastRanUs?: number;
}

/** keepalived's checker->is_up / has_run / retry_it, with the start values validate_check_config() gives them. */
export class CheckState {
  /** Alpha checkers start failed; the others start up. */
  isUp: boolean;
  hasRun = false;
  /** Starts at `retry`, so the very first failure is decisive ("one failure is enough initially"). */
  retryIt: number;

  constructor(timing: Pick<CheckerTiming, 'alpha' | 'retry' | 'migrated'>) {
    this.isUp = !timing.alpha;
    this.retryIt = timing.retry;
    const m = timing.migrated;
    if (m) {
      // keepalived's migrate_checkers(): the verdict if there was one; enough retries used for the new retry
      // value means one more failure is decisive.
      if (m.hasRun) this.isUp = m.isUp;
      this.hasRun = m.hasRun;
      if (m.retryIt && timing.retry) this.retryIt = m.retryIt >= timing.retry ? timing.retry - 1 : m.retryIt;
    }
  }

  /**
   * update_svr_checker_state(): the checker's verdict goes to its real server; has_run is set either way. mail: the
   * body of the smtp_alert the checker kind sends with this verdict (each kind decides from is_up before the update).
   */
  update(alive: boolean, v: Verdict, mail?: string): void {
    v.updates.push(mail === undefined ? { up: alive, firstRun: !this.hasRun } : { up: alive, firstRun: !this.hasRun, mail });
    this.isUp = alive;
    this.hasRun = true;
  }
}

/** One call of update_svr_checker_state(): firstRun is set for the checker's first verdict (rs notifies). */
export interface StateUpdate {
  up: boolean;
  firstRun: boolean;
  /**
   * The body of the checker's SMTP alert for this verdict (keepalived's SMTP_MSG_RS), when the checker kind sends one;
   * the real-server state decides whether it goes (smtp_alert, no_checker_emails).
   */
  mail?: string;
}

/** What an attempt's epilog decided. */
export interface Verdict {
  /** When the next attempt starts, µs after this one ended (or after it started: fromAttemptStart). */
  delayUs: number;
  /** MISC_CHECK measures its next run from when the script started (misck_checker->last_ran). */
  fromAttemptStart?: boolean;
  /** Log lines, in order. */
  logs: string[];
  /** update_svr_checker_state() calls, in order. */
  updates: StateUpdate[];
  /**
   * The checker's new weight adjustment (keepalived's cur_weight; undefined = unchanged): the real server's weight
   * is its configured weight plus the adjustments of its checkers that are up (MISC_CHECK misc_dynamic,
   * FILE_CHECK); a checker that goes down drops its adjustment without a weight event, as keepalived does.
   */
  weight?: number;
}

export function newVerdict(delayUs = 0): Verdict {
  return { delayUs, logs: [], updates: [] };
}
