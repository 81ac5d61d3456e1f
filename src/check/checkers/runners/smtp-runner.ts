// SMTP_CHECK: the banner / HELO / QUIT dialogue against the server (connect_ip/port, default port 25).
import { CheckState, type CheckerTiming } from '../check-state';
import { smtpEpilog } from '../epilogs/smtp-epilog';
import { smtpAttempt } from '../io/smtp-attempt';
import type { ConnectTarget } from '../io/tcp-connect';
import type { CheckerLabels } from '../labels';
import { reschedule, type AttemptRunner } from './runner';

export function smtpRunner(t: CheckerTiming, labels: CheckerLabels, target: ConnectTarget, heloName: string): AttemptRunner {
  const st = new CheckState(t);
  let cancel: (() => void) | undefined;
  return {
    attempt(done) {
      cancel = smtpAttempt(target, heloName, (r) => {
        cancel = undefined;
        if (r.kind === 'bind-failed') return done(reschedule(t.delayLoopUs, 'SMTP_CHECK socket bind failed. Rescheduling.'));
        const v = smtpEpilog(st, t, labels, r.failure);
        v.logs.unshift(...r.logs);
        done(v);
      });
    },
    cancel() {
      cancel?.();
    },
  };
}
