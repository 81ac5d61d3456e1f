// A checker with only the common keywords (TCP_CHECK, PING_CHECK); its connection options are checked when the
// block closes.
import { keywordTable, type KeywordDef } from '../../parser/keyword-tree';
import type { CheckerDraft } from '../lvs/drafts';
import { commonCheckerKeywords, connOptsValid, dequeueChecker, newChecker, type CheckerScope } from './common';

export function plainChecker(scope: CheckerScope, type: 'TCP_CHECK' | 'PING_CHECK'): KeywordDef {
  let current: CheckerDraft | undefined;
  return {
    name: type,
    handler: (a) => {
      current = newChecker(scope, type, a.pos, { connection: true, queued: true, scheduled: true, data: { kind: 'plain' } });
    },
    sub: keywordTable(commonCheckerKeywords(scope, true)),
    close: (end) => {
      const c = current;
      current = undefined;
      if (c?.co !== undefined && !connOptsValid(scope, c.co, end)) dequeueChecker(scope, c);
    },
  };
}

