// dns_final() of keepalived 2.2.7: every line is "DNS_CHECK (<rs>) <message>"; a failure is logged when the
// retries are used up (or log_all_failures), with " after N retries" once the checker has run. There is no
// success line. A verdict that changes the checker's view carries its mail.
import { newVerdict, type CheckerTiming, type CheckState, type Verdict } from '../check-state';
import type { CheckerLabels } from '../labels';

export function dnsLine(labels: CheckerLabels, message: string): string {
  return `DNS_CHECK (${labels.rs}) ${message}`;
}

/** failure: e.g. "read timeout from socket"; undefined = success. */
export function dnsEpilog(st: CheckState, t: CheckerTiming, labels: CheckerLabels, failure: string | undefined): Verdict {
  const v = newVerdict(t.delayLoopUs);
  if (failure !== undefined) {
    if (st.isUp || !st.hasRun) {
      if (t.logAllFailures || st.retryIt >= t.retry) {
        const tail = st.hasRun && st.retryIt >= t.retry ? ` after ${t.retry} retries` : '';
        v.logs.push(dnsLine(labels, failure + tail));
      }
      if (st.retryIt < t.retry) {
        st.retryIt++;
        st.hasRun = true;
        v.delayUs = t.delayBeforeRetryUs;
        return v;
      }
      st.update(false, v, st.isUp ? '=> DNS_CHECK: failed on service <=' : undefined);
    }
  } else if (!st.isUp || !st.hasRun) {
    st.update(true, v, st.isUp ? undefined : '=> DNS_CHECK: succeed on service <=');
  }
  st.retryIt = 0;
  return v;
}
