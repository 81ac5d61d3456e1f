// UDP_CHECK: send the payload (keepalived's filler when none is configured); an ICMP error fails the check, silence
// passes unless require_reply, and a reply must match reply_data / the length limits when they are set.
import type { UdpCheck } from '../../../config/model/virtual-server';
import { CheckState, type CheckerTiming } from '../check-state';
import { connectEpilog } from '../epilogs/connect-epilogs';
import { datagramAttempt } from '../io/datagram-attempt';
import type { ConnectTarget } from '../io/tcp-connect';
import type { CheckerLabels } from '../labels';
import { hexPayload, keepalivedFiller, parseReplyPattern, udpReplyMatches } from '../udp/reply-match';
import type { AttemptRunner } from './runner';

/** keepalived's UDP_BUFSIZE: the size of the default payload. */
const DEFAULT_PAYLOAD_BYTES = 32;

export function udpRunner(t: CheckerTiming, labels: CheckerLabels, target: ConnectTarget, c: UdpCheck): AttemptRunner {
  const st = new CheckState(t);
  const payload = c.payload !== undefined ? hexPayload(c.payload) : keepalivedFiller(DEFAULT_PAYLOAD_BYTES);
  const pattern = c.requireReply && c.replyData !== undefined ? parseReplyPattern(c.replyData) : undefined;
  let cancel: (() => void) | undefined;
  return {
    state: st,
    attempt(done) {
      cancel = datagramAttempt(
        target,
        payload,
        () => true,
        (o) => {
          cancel = undefined;
          if (o.kind === 'timeout') {
            const ok = !c.requireReply;
            return done(connectEpilog('UDP', st, t, labels, ok, ok ? undefined : `UDP connection to ${labels.rs} failed.`));
          }
          if (o.kind === 'mark-failed') {
            // keepalived logs the line whatever the retry state, then fails the attempt (udp_epilog).
            const v = connectEpilog('UDP', st, t, labels, false);
            v.logs.unshift(o.line);
            return done(v);
          }
          if (o.kind === 'error') return done(connectEpilog('UDP', st, t, labels, false, `UDP connection to ${labels.rs} failed.`));
          const ok = !c.requireReply || udpReplyMatches(o.data, pattern, c.minReplyLength, c.maxReplyLength);
          done(connectEpilog('UDP', st, t, labels, ok, ok ? undefined : `UDP check to ${labels.rs} reply data mismatch.`));
        },
      );
    },
    cancel() {
      cancel?.();
    },
  };
}
