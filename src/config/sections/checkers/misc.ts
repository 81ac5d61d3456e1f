// MISC_CHECK { misc_path "CMD ARGS"; misc_timeout SECS; misc_dynamic; user USER [GROUP] }: retry defaults to 0.
// misc_path takes only the first (quoted) word of its line as the command; the user comes from `user`, else the
// default script user when the block closes.
import { ConfigErr } from '../../diagnostics';
import { keywordTable, type KeywordDef } from '../../parser/keyword-tree';
import { readUnsignedWord, TIMER_HZ } from '../../values/read-number';
import { cmdStr, defaultScriptUser, lookUpScriptUser, newScriptRef, noteScript, readScriptArgs } from '../../values/script';
import type { CheckerDraft, MiscData } from '../lvs/drafts';
import { fmtRs } from '../lvs/format';
import { commonCheckerKeywords, dequeueChecker, newChecker, type CheckerScope } from './common';

export function miscCheckerKeyword(scope: CheckerScope): KeywordDef {
  let current: CheckerDraft | undefined;
  const data = (): MiscData | undefined => (current?.data.kind === 'misc' ? current.data : undefined);
  const drop = (c: CheckerDraft): void => {
    dequeueChecker(scope, c);
    current = undefined;
  };
  return {
    name: 'MISC_CHECK',
    handler: (a) => {
      current = newChecker(scope, 'MISC_CHECK', a.pos, {
        connection: false,
        queued: true,
        scheduled: true,
        data: {
          kind: 'misc',
          script: undefined,
          args: undefined,
          pathPos: undefined,
          timeoutUs: 0,
          dynamic: false,
          user: undefined,
        },
      });
      current.defaultRetry = 0;
    },
    sub: keywordTable([
      ...commonCheckerKeywords(scope, false),
      {
        name: 'misc_path',
        handler: (a) => {
          const d = data();
          if (d === undefined) return;
          const args = readScriptArgs(a, 1);
          if (args === undefined) return;
          d.args = args;
          d.pathPos = a.pos;
        },
      },
      {
        name: 'misc_timeout',
        handler: (a) => {
          const d = data();
          if (d === undefined) return;
          const t = readUnsignedWord(a, a.word(1), 0, Math.floor(4294967295 / TIMER_HZ), true);
          if (t === undefined) return a.error(ConfigErr.GeneralError, `Invalid misc_timeout value '${a.word(1)}'`);
          d.timeoutUs = t * TIMER_HZ;
        },
      },
      {
        name: 'misc_dynamic',
        handler: () => {
          const d = data();
          if (d !== undefined) d.dynamic = true;
        },
      },
      {
        name: 'user',
        handler: (a) => {
          const c = current;
          const d = data();
          if (c === undefined || d === undefined) return;
          const cmd = cmdStr(d.args ?? []);
          if (!a.has(1)) return a.error(ConfigErr.GeneralError, `No user specified for misc checker script ${cmd}`);
          const group = a.has(2) ? a.word(2) : undefined;
          const ids = lookUpScriptUser(scope.ctx, a.word(1), group, 'check');
          if (ids === undefined) {
            a.error(ConfigErr.GeneralError, `Failed to set uid/gid for misc checker script ${cmd} - removing`);
            return drop(c);
          }
          d.user = { name: a.word(1), group, ...ids };
        },
      },
    ]),
    close: (end) => {
      const c = current;
      current = undefined;
      if (c === undefined || c.data.kind !== 'misc') return;
      const d = c.data;
      if (d.args === undefined) {
        scope.ctx.diags.error(ConfigErr.GeneralError, end, 'No script path has been specified for MISC_CHECKER - skipping');
        return dequeueChecker(scope, c);
      }
      const script = newScriptRef(d.args, d.user?.name, d.user?.group);
      const ids = d.user ?? defaultScriptUser(scope.ctx, end, true, 'check');
      if (ids === undefined) {
        const msg = `Unable to set default user for misc script ${cmdStr(d.args)} - removing`;
        scope.ctx.diags.error(ConfigErr.GeneralError, end, msg);
        return dequeueChecker(scope, c);
      }
      script.uid = ids.uid;
      script.gid = ids.gid;
      d.script = script;
      noteScript(scope.ctx, script, `MISC_CHECK script for ${fmtRs(c.rs, c.vs)}`, d.pathPos ?? c.pos);
    },
  };
}
