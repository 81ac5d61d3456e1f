// PING_CHECK: one ICMP / ICMPv6 echo to the real server (or connect_ip), answered within connect_timeout.
import { CheckState, type CheckerTiming } from '../check-state';
import { connectEpilog } from '../epilogs/connect-epilogs';
import { pingAttempt } from '../io/ping-attempt';
import type { CheckerLabels } from '../labels';
import type { AttemptRunner } from './runner';

export function pingRunner(t: CheckerTiming, labels: CheckerLabels, address: string, timeoutMs: number): AttemptRunner {
  const st = new CheckState(t);
  let cancel: (() => void) | undefined;
  return {
    state: st,
    attempt(done) {
      cancel = pingAttempt(address, timeoutMs, (o) => {
        cancel = undefined;
        if (o.kind === 'reply') return done(connectEpilog('ICMP', st, t, labels, true));
        const line =
          o.kind === 'timeout' ? `ICMP connection to address ${labels.rs} timeout.` : `ICMP connection to ${labels.rs} of ${labels.vs} failed.`;
        done(connectEpilog('ICMP', st, t, labels, false, line));
      });
    },
    cancel() {
      cancel?.();
    },
  };
}
