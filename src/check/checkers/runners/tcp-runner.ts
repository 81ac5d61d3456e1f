// TCP_CHECK: a connection that opens is a success (closed at once); refused, unreachable or timed out is a failure.
import { CheckState, type CheckerTiming } from '../check-state';
import { connectEpilog } from '../epilogs/connect-epilogs';
import { connectTcp, type ConnectTarget } from '../io/tcp-connect';
import type { CheckerLabels } from '../labels';
import { reschedule, type AttemptRunner } from './runner';

export function tcpRunner(t: CheckerTiming, labels: CheckerLabels, target: ConnectTarget): AttemptRunner {
  const st = new CheckState(t);
  let cancel: (() => void) | undefined;
  return {
    state: st,
    attempt(done) {
      cancel = connectTcp(target, (r) => {
        cancel = undefined;
        if (r.kind === 'connected') {
          r.socket.destroy();
          return done(connectEpilog('TCP', st, t, labels, true));
        }
        if (r.kind === 'bind') return done(reschedule(t.delayLoopUs, r.line, 'TCP socket bind failed. Rescheduling.'));
        // An immediate failure goes straight to the epilog, without a line of its own.
        const line =
          r.kind === 'timeout'
            ? `TCP connection to ${labels.rs} timeout.`
            : r.kind === 'async-fail'
              ? `TCP connection to ${labels.rs} failed.`
              : undefined;
        done(connectEpilog('TCP', st, t, labels, false, line));
      });
    },
    cancel() {
      cancel?.();
    },
  };
}
