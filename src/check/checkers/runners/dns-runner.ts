// DNS_CHECK: one query (type, name) to the server; an answer with rcode 0 is a success.
import { randomInt } from 'node:crypto';
import type { DnsRecordType } from '../../../config/model/virtual-server';
import { CheckState, type CheckerTiming } from '../check-state';
import { buildDnsQuery, judgeDnsReply } from '../dns/query';
import { dnsEpilog, dnsLine } from '../epilogs/dns-epilog';
import { datagramAttempt } from '../io/datagram-attempt';
import { errnoText } from '../io/errno-text';
import type { ConnectTarget } from '../io/tcp-connect';
import type { CheckerLabels } from '../labels';
import { formatPair } from '../labels';
import { reschedule, type AttemptRunner } from './runner';

export function dnsRunner(
  t: CheckerTiming,
  labels: CheckerLabels,
  target: ConnectTarget,
  type: DnsRecordType,
  name: string,
): AttemptRunner {
  const st = new CheckState(t);
  let cancel: (() => void) | undefined;
  return {
    state: st,
    attempt(done) {
      const id = randomInt(0x10000);
      let rcode = 0;
      cancel = datagramAttempt(
        target,
        buildDnsQuery(id, name, type),
        (reply) => {
          const j = judgeDnsReply(id, reply);
          if (j.kind === 'rcode') rcode = j.rcode;
          return j.kind !== 'ignore';
        },
        (o) => {
          cancel = undefined;
          // A socket keepalived could not mark: logged, and the check tried again a delay_loop later, counting nothing.
          if (o.kind === 'mark-failed') return done(reschedule(t.delayLoopUs, o.line, dnsLine(labels, 'UDP socket bind failed. Rescheduling.')));
          let failure: string | undefined;
          if (o.kind === 'timeout') failure = 'read timeout from socket';
          else if (o.kind === 'reply') failure = rcode ? `read error occurred. (rcode = ${rcode})` : undefined;
          else if (o.stage === 'connect') failure = `network unreachable for ${formatPair(target.address, target.port)}`;
          else if (o.stage === 'send') failure = 'failed to write socket.';
          else {
            const e = errnoText(o.error);
            failure = `failed to read socket; errno ${e.errno} (${e.text})`;
          }
          done(dnsEpilog(st, t, labels, failure));
        },
      );
    },
    cancel() {
      cancel?.();
    },
  };
}
