// SMTP_CHECK { helo_name; host { … } }: `host` is deprecated; each valid host block becomes one more SMTP checker
// of the same real server with that block's connection options.
import { ConfigErr } from '../../diagnostics';
import { keywordTable, type KeywordDef } from '../../parser/keyword-tree';
import type { CheckerDraft, ConnDraft } from '../lvs/drafts';
import {
  commonCheckerKeywords,
  connectionKeywordsFor,
  connOptsValid,
  dequeueChecker,
  lastQueued,
  newChecker,
  type CheckerScope,
} from './common';

/** keepalived's SMTP_DEFAULT_HELO. */
export const SMTP_DEFAULT_HELO = 'smtpchecker.keepalived.org';

export function smtpCheckerKeyword(scope: CheckerScope): KeywordDef {
  let current: CheckerDraft | undefined;
  let saved: ConnDraft | undefined;
  let hosts: ConnDraft[] = [];
  return {
    name: 'SMTP_CHECK',
    handler: (a) => {
      current = newChecker(scope, 'SMTP_CHECK', a.pos, {
        connection: true,
        queued: true,
        scheduled: true,
        data: { kind: 'smtp', heloName: undefined },
      });
      hosts = [];
    },
    sub: keywordTable([
      {
        name: 'helo_name',
        handler: (a) => {
          if (!a.has(1)) return a.error(ConfigErr.GeneralError, 'SMTP_CHECK helo name missing');
          const d = lastQueued(scope)?.data;
          if (d?.kind === 'smtp') d.heloName = a.word(1);
        },
      },
      ...commonCheckerKeywords(scope, true),
      {
        name: 'host',
        handler: (a) => {
          a.warning('The SMTP_CHECK host block is deprecated. Please define additional checkers.');
          if (current?.co === undefined) return;
          saved = current.co;
          current.co = { ...saved, dstOctets: [...saved.dstOctets], bindOctets: [...saved.bindOctets] };
        },
        sub: keywordTable(connectionKeywordsFor(() => current)),
        close: (end) => {
          if (current === undefined || saved === undefined) return;
          const co = current.co as ConnDraft;
          if (connOptsValid(scope, co, end)) hosts.push(co);
          current.co = saved;
          saved = undefined;
        },
      },
    ]),
    close: (end) => {
      const c = current;
      current = undefined;
      if (c === undefined || c.data.kind !== 'smtp') return;
      c.data.heloName ??= SMTP_DEFAULT_HELO;
      if (c.co !== undefined && !connOptsValid(scope, c.co, end)) {
        dequeueChecker(scope, c);
        return;
      }
      for (const co of hosts) {
        const copy: CheckerDraft = { ...c, co, data: { ...c.data } };
        c.rs.checkers.push(copy);
        scope.state.queue.push(copy);
      }
      hosts = [];
    },
  };
}
