// BFD_CHECK { name BFD; alpha }: the real server follows a bfd_instance defined earlier in the file.
import { ConfigErr } from '../../diagnostics';
import { keywordTable, type KeywordDef } from '../../parser/keyword-tree';
import type { CheckerDraft } from '../lvs/drafts';
import { fmtRs } from '../lvs/format';
import { dequeueChecker, newChecker, readCheckerBool, type CheckerScope } from './common';

/** keepalived's BFD_INAME_MAX. */
const BFD_INAME_MAX = 32;

/** A bfd_instance defined so far whose events go to the checker process. */
function bfdInstanceExists(scope: CheckerScope, name: string): boolean {
  return scope.ctx.config.bfdInstances.some((b) => b.name === name && b.checker);
}

export function bfdCheckerKeyword(scope: CheckerScope): KeywordDef {
  let current: CheckerDraft | undefined;
  const drop = (c: CheckerDraft): void => {
    dequeueChecker(scope, c);
    current = undefined;
  };
  return {
    name: 'BFD_CHECK',
    handler: (a) => {
      current = newChecker(scope, 'BFD_CHECK', a.pos, {
        connection: false,
        queued: true,
        scheduled: false,
        data: { kind: 'bfd', name: undefined },
      });
    },
    sub: keywordTable([
      {
        name: 'name',
        handler: (a) => {
          const c = current;
          if (c === undefined || c.data.kind !== 'bfd') return;
          const who = fmtRs(c.rs, c.vs);
          const name = a.words[1];
          let problem: string | undefined;
          if (a.count !== 2 || name === undefined) {
            problem = `(${who}) BFD_CHECK - No or too many names specified - skipping checker`;
          }
          else if (!bfdInstanceExists(scope, name)) problem = `(${who}) BFD_CHECK - BFD ${name} not configured`;
          else if (c.data.name !== undefined) problem = `(${who}) BFD_CHECK - BFD ${name} already specified as ${c.data.name}`;
          else if (Buffer.byteLength(name) >= BFD_INAME_MAX) problem = `(${who}) BFD_CHECK - BFD name ${name} too long`;
          else if (c.rs.trackedBfds.includes(name)) problem = `(${who}) BFD_CHECK - RS already monitoring ${name}`;
          if (problem !== undefined) {
            a.error(ConfigErr.GeneralError, problem);
            return drop(c);
          }
          c.data.name = name;
        },
      },
      {
        name: 'alpha',
        handler: (a) => {
          if (current === undefined) return;
          const v = readCheckerBool(a, 'alpha');
          if (v !== undefined) current.alpha = v;
        },
      },
    ]),
    close: (end) => {
      const c = current;
      current = undefined;
      if (c === undefined || c.data.kind !== 'bfd') return;
      if (c.data.name === undefined) {
        const who = fmtRs(c.rs, c.vs);
        scope.ctx.diags.error(ConfigErr.GeneralError, end, `(${who}) No name has been specified for BFD_CHECKER - skipping`);
        dequeueChecker(scope, c);
        return;
      }
      c.rs.trackedBfds.push(c.data.name);
    },
  };
}
