// DNS_CHECK { type; name }: retry defaults to 3 and delay_before_retry to the delay_loop.
import { ConfigErr } from '../../diagnostics';
import { keywordTable, type KeywordDef } from '../../parser/keyword-tree';
import type { DnsRecordType } from '../../model/virtual-server';
import type { CheckerDraft, DnsData } from '../lvs/drafts';
import { commonCheckerKeywords, connOptsValid, dequeueChecker, lastQueued, newChecker, type CheckerScope } from './common';

const DNS_TYPES: readonly DnsRecordType[] = ['A', 'NS', 'CNAME', 'SOA', 'MX', 'TXT', 'AAAA', 'RRSIG', 'DNSKEY'];

/**
 * A name keepalived refuses: a leading '.' (other than the root "."), two dots in a row, or - keepalived 2.2.7's
 * scan starts one character early - a second character '.', so a one-letter first label ("x.com") is refused too.
 */
function hasEmptyLabel(name: string): boolean {
  return (name.startsWith('.') && name !== '.') || name[1] === '.' || name.includes('..');
}

export function dnsCheckerKeyword(scope: CheckerScope): KeywordDef {
  let current: CheckerDraft | undefined;
  const data = (): DnsData | undefined => {
    const d = lastQueued(scope)?.data;
    return d?.kind === 'dns' ? d : undefined;
  };
  return {
    name: 'DNS_CHECK',
    handler: (a) => {
      current = newChecker(scope, 'DNS_CHECK', a.pos, {
        connection: true,
        queued: true,
        scheduled: true,
        data: { kind: 'dns', dnsType: 'SOA', name: undefined },
      });
      current.defaultRetry = 3;
      current.defaultDelayBeforeRetryUs = 0;
    },
    sub: keywordTable([
      ...commonCheckerKeywords(scope, true),
      {
        name: 'type',
        handler: (a) => {
          const word = a.word(1);
          const t = DNS_TYPES.find((x) => x.toLowerCase() === word.toLowerCase());
          if (t === undefined) return a.error(ConfigErr.GeneralError, `Unknown DNS check type ${word} - ignoring`);
          const d = data();
          if (d !== undefined) d.dnsType = t;
        },
      },
      {
        name: 'name',
        handler: (a) => {
          const d = data();
          if (d?.name !== undefined) return a.error(ConfigErr.GeneralError, 'DNS_CHECK name already specified - ignoring');
          const name = a.word(1);
          if (hasEmptyLabel(name)) return a.error(ConfigErr.GeneralError, `DNS_CHECK name '${name}' has empty label - ignoring`);
          if (d !== undefined) d.name = name;
        },
      },
    ]),
    close: (end) => {
      const c = current;
      current = undefined;
      if (c === undefined || c.data.kind !== 'dns') return;
      if (c.co !== undefined && !connOptsValid(scope, c.co, end)) {
        dequeueChecker(scope, c);
        return;
      }
      c.data.name ??= '.';
    },
  };
}
