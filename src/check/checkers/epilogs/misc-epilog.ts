// misc_check_child_thread() of keepalived 2.2.7: exit 0 is success; with misc_dynamic, 2..255 is success too
// and sets the real server's weight to code - 2 (reported as the checker's adjustment, code - 2 - configured weight); anything else (or a signal, or the timeout) is a failure, retried
// `retry` times before the server goes down. The next run is timed from when this one started.
import { newVerdict, type CheckerTiming, type CheckState, type Verdict } from '../check-state';
import type { CheckerLabels } from '../labels';

export type MiscOutcome =
  | { kind: 'exit'; code: number }
  /** timedOut: keepalived killed it for running past misc_timeout. */
  | { kind: 'signal'; signal: number; timedOut: boolean };

export interface MiscSettings {
  /** argv[0] as written in misc_path. */
  program: string;
  dynamic: boolean;
  /** The real server's configured weight (keepalived's iweight). */
  configuredWeight: number;
}

/** misck_checker->last_exit_code, which keepalived keeps beside the common checker state. */
export interface MiscState {
  lastExitCode: number;
}

function retryNote(retry: number, retryIt: number): string {
  if (retry === 0) return ' with retry disabled';
  if (retryIt === 1) return `, will do ${retry} ${retry === 1 ? 'retry' : 'retries'}`;
  if (retryIt > 1) return ` on retry ${retryIt - 1}/${retry}`;
  return ` after ${retry} ${retry === 1 ? 'retry' : 'retries'}`;
}

export function miscEpilog(
  st: CheckState,
  ms: MiscState,
  t: CheckerTiming,
  s: MiscSettings,
  labels: CheckerLabels,
  outcome: MiscOutcome,
): Verdict {
  const v = newVerdict();
  let exitType: string | undefined;
  let success = false;
  let reason: string | undefined;
  let reasonCode = 0;
  let messageOnly = false;

  const failed = (type: string): void => {
    exitType = type;
    if (st.retryIt < t.retry) {
      st.retryIt++;
      if (t.logAllFailures) messageOnly = true;
      else exitType = undefined;
    } else {
      st.retryIt = 0;
    }
  };

  if (outcome.kind === 'exit') {
    const code = outcome.code;
    if (code === 0 || (s.dynamic && code >= 2 && code <= 255)) {
      if (code !== ms.lastExitCode) {
        v.weight = code ? code - 2 - s.configuredWeight : 0;
        ms.lastExitCode = code;
      }
      if (!st.isUp || !st.hasRun) {
        exitType = 'succeeded';
        success = true;
      }
      st.retryIt = 0;
    } else if (st.isUp || !st.hasRun) {
      reason = 'exited with status';
      reasonCode = code;
      failed('failed');
      // Out of retries: this code becomes the one to compare with. The dynamic weight is dropped silently (a
      // failed checker adjusts nothing), so the next success re-applies its weight.
      if (st.retryIt === 0) ms.lastExitCode = code;
    }
  } else if (st.isUp || !st.hasRun) {
    if (outcome.timedOut) failed('timed out');
    else {
      reason = 'due to signal';
      reasonCode = outcome.signal;
      failed('failed');
    }
  }

  if (exitType !== undefined) {
    const note = success ? '' : retryNote(t.retry, st.retryIt);
    const head = `Misc check for [${labels.rs} VS ${labels.vs}] by [${s.program}] ${exitType}${note}`;
    v.logs.push(reason !== undefined ? `${head} (${reason} ${reasonCode}).` : `${head}.`);
    // Unlike the other kinds, MISC_CHECK mails every verdict it applies, whatever the checker's view was.
    if (!messageOnly) st.update(success, v, `=> MISC CHECK ${exitType} on service <=`);
  }

  v.delayUs = st.retryIt ? t.delayBeforeRetryUs : t.delayLoopUs;
  v.fromAttemptStart = true;
  st.hasRun = true;
  return v;
}
