// smtp_final() of keepalived 2.2.7: a failure message is logged (prefixed "SMTP_CHECK ") when the server is up or
// not yet checked and either log_all_failures is on or the retries are used up; the server goes down once
// retry_it passes retry. Unlike the other checkers, every regular (delay_loop) attempt starts its count from 0
// (smtp_start_check_thread), so even the first failure at start-up is retried.
import { newVerdict, type CheckerTiming, type CheckState, type Verdict } from '../check-state';
import type { CheckerLabels } from '../labels';

/** Whether the next attempt is a retry (else a regular one, which resets the count). */
export interface SmtpCycle {
  retrying: boolean;
}

/** failure: the attempt's message, e.g. "Could not connect to server [10.0.0.2]:25"; undefined = success. */
export function smtpEpilog(
  st: CheckState,
  cycle: SmtpCycle,
  t: CheckerTiming,
  labels: CheckerLabels,
  failure: string | undefined,
): Verdict {
  if (!cycle.retrying) st.retryIt = 0;
  cycle.retrying = false;
  const v = newVerdict(t.delayLoopUs);
  if (failure !== undefined) {
    if ((st.isUp || !st.hasRun) && (t.logAllFailures || st.retryIt >= t.retry)) v.logs.push(`SMTP_CHECK ${failure}`);
    if (++st.retryIt <= t.retry) {
      v.delayUs = t.delayBeforeRetryUs;
      cycle.retrying = true;
      return v;
    }
    // keepalived formats the mail in a 542-byte buffer.
    if (st.isUp || !st.hasRun) st.update(false, v, st.isUp ? `=> CHECK failed on service : ${failure} <=`.slice(0, 541) : undefined);
    return v;
  }
  st.retryIt = 0;
  if (!st.isUp || !st.hasRun) {
    v.logs.push(`Remote SMTP server ${labels.rs} succeed on service.`);
    st.update(true, v, st.isUp ? undefined : '=> CHECK succeed on service <=');
  }
  st.hasRun = true;
  return v;
}
