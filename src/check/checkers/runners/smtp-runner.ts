// SMTP_CHECK: the banner / HELO / QUIT dialogue against the server (connect_ip/port, default port 25).
import { CheckState, type CheckerTiming } from '../check-state';
import { smtpEpilog } from '../epilogs/smtp-epilog';
import { smtpAttempt } from '../io/smtp-attempt';
import type { ConnectTarget } from '../io/tcp-connect';
import type { CheckerLabels } from '../labels';
import { reschedule, type AttemptRunner } from './runner';

export function smtpRunner(
  t: CheckerTiming,
  labels: CheckerLabels,
  target: ConnectTarget,
  rsPair: string,
  heloName: string,
): AttemptRunner {
  const st = new CheckState(t);
  const cycle = { retrying: false };
  let cancel: (() => void) | undefined;
  return {
    state: st,
    attempt(done) {
      cancel = smtpAttempt(target, rsPair, heloName, (r) => {
        cancel = undefined;
        if (r.kind === 'bind-failed') {
          cycle.retrying = false;
          return done(reschedule(t.delayLoopUs, r.line, 'SMTP_CHECK socket bind failed. Rescheduling.'));
        }
        const v = smtpEpilog(st, cycle, t, labels, r.failure);
        v.logs.unshift(...r.logs);
        done(v);
      });
    },
    cancel() {
      cancel?.();
    },
  };
}
