// The epilogs of the one-shot checkers: TCP_CHECK (tcp_epilog), UDP_CHECK (udp_epilog) and PING_CHECK
// (icmp_epilog) of keepalived 2.2.7. TCP keeps retrying with delay_before_retry spacing even once down; UDP and
// ICMP only retry while the checker is up (once down, every attempt is a delay_loop apart). A verdict that changes the
// checker's view carries its mail ("=> TCP CHECK succeed on service <=").
import { newVerdict, type CheckerTiming, type CheckState, type Verdict } from '../check-state';
import type { CheckerLabels } from '../labels';

export type ConnectKind = 'TCP' | 'UDP' | 'ICMP';

function successLine(kind: ConnectKind, l: CheckerLabels): string {
  return `${kind} connection to ${l.rs} success.`;
}

function failureLine(kind: ConnectKind, l: CheckerLabels, retry: number, afterRetries: boolean): string {
  if (kind === 'ICMP') {
    return afterRetries
      ? `ICMP CHECK on service ${l.rs} of ${l.vs} failed after ${retry} retries.`
      : `ICMP CHECK on service ${l.rs} failed.`;
  }
  return afterRetries ? `${kind}_CHECK on service ${l.rs} failed after ${retry} retries.` : `${kind}_CHECK on service ${l.rs} failed.`;
}

/**
 * Concludes one attempt. failLine is the attempt's own failure message ("TCP connection to … timeout."), which
 * keepalived logs only while the checker is up and log_all_failures is on.
 */
export function connectEpilog(
  kind: ConnectKind,
  st: CheckState,
  t: CheckerTiming,
  labels: CheckerLabels,
  success: boolean,
  failLine?: string,
): Verdict {
  const v = newVerdict(t.delayLoopUs);
  if (!success && failLine !== undefined && st.isUp && t.logAllFailures) v.logs.push(failLine);
  const exhausted = kind === 'TCP' ? st.retryIt >= t.retry : (st.isUp || !st.hasRun) && st.retryIt >= t.retry;
  if (success || exhausted) {
    st.retryIt = 0;
    if (success && (!st.isUp || !st.hasRun)) {
      v.logs.push(successLine(kind, labels));
      st.update(true, v, st.isUp ? undefined : `=> ${kind} CHECK succeed on service <=`);
    } else if (!success && (st.isUp || !st.hasRun)) {
      v.logs.push(failureLine(kind, labels, t.retry, t.retry > 0 && st.hasRun));
      st.update(false, v, st.isUp ? `=> ${kind} CHECK failed on service <=` : undefined);
    }
  } else if (kind === 'TCP' || st.isUp) {
    v.delayUs = t.delayBeforeRetryUs;
    st.retryIt++;
  }
  st.hasRun = true;
  return v;
}
