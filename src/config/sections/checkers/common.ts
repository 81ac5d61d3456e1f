// What every checker shares: creating it as keepalived's queue_checker() does (destination = the real server,
// timings unset so they can be inherited), the common keywords (connection options, retry, delays, alpha,
// log_all_failures) and the link-local check run when a checker block closes.
import { ConfigErr, type Position } from '../../diagnostics';
import type { BuildContext } from '../../parser/build-context';
import type { KeywordArgs } from '../../parser/keyword-args';
import type { KeywordDef } from '../../parser/keyword-tree';
import { checkTrueFalse } from '../../values/bool';
import { readUnsignedWord } from '../../values/read-number';
import { readTimerUs } from '../../values/read-decimal';
import type { Checker } from '../../model/virtual-server';
import {
  checkState,
  type CheckerData,
  type CheckerDraft,
  type CheckState,
  type ConnDraft,
  type RsDraft,
  type VsDraft,
} from '../lvs/drafts';
import { inetNtop, isLinkLocal6, parseHostPart } from '../lvs/inet-address';

const UINT_MAX = 4294967295;

/** The checker keywords' view of the configuration being built. */
export interface CheckerScope {
  readonly ctx: BuildContext;
  readonly state: CheckState;
  /** The virtual server and real server the checker block stands in. */
  vs(): VsDraft;
  rs(): RsDraft;
}

export function checkerScope(ctx: BuildContext): CheckerScope {
  const state = checkState(ctx);
  return {
    ctx,
    state,
    vs: () => state.vs[state.vs.length - 1] as VsDraft,
    rs: () => {
      const vs = state.vs[state.vs.length - 1] as VsDraft;
      return vs.rs[vs.rs.length - 1] as RsDraft;
    },
  };
}

export interface NewChecker {
  connection: boolean;
  /** keepalived queues it while parsing (every type but FILE_CHECK). */
  queued: boolean;
  /** keepalived schedules it (every type but FILE_CHECK and BFD_CHECK). */
  scheduled: boolean;
  data: CheckerData;
}

/** keepalived's queue_checker(). */
export function newChecker(scope: CheckerScope, type: Checker['type'], pos: Position, opts: NewChecker): CheckerDraft {
  const rs = scope.rs();
  const co: ConnDraft | undefined = opts.connection
    ? {
        dstFamily: rs.family,
        dstOctets: [...rs.octets],
        dstPort: rs.port,
        bindFamily: undefined,
        bindOctets: [],
        bindPort: 0,
        bindIf: undefined,
        connectTimeoutUs: undefined,
        fwmark: 0,
      }
    : undefined;
  const checker: CheckerDraft = {
    type,
    pos,
    vs: scope.vs(),
    rs,
    scheduled: opts.scheduled,
    alpha: undefined,
    retry: undefined,
    delayBeforeRetryUs: undefined,
    warmupUs: undefined,
    delayLoopUs: undefined,
    logAllFailures: false,
    defaultRetry: 1,
    defaultDelayBeforeRetryUs: 1_000_000,
    co,
    data: opts.data,
  };
  rs.checkers.push(checker);
  if (opts.queued) scope.state.queue.push(checker);
  return checker;
}

/** keepalived's dequeue_new_checker(): the checker is dropped. */
export function dequeueChecker(scope: CheckerScope, checker: CheckerDraft): void {
  const q = scope.state.queue.indexOf(checker);
  if (q >= 0) scope.state.queue.splice(q, 1);
  const i = checker.rs.checkers.indexOf(checker);
  if (i >= 0) checker.rs.checkers.splice(i, 1);
}

/** The checker keepalived's CHECKER_GET_CURRENT() finds: the last one queued. */
export function lastQueued(scope: CheckerScope): CheckerDraft | undefined {
  return scope.state.queue[scope.state.queue.length - 1];
}

/** keepalived's check_conn_opts(): an IPv6 link-local destination needs bind_if. */
export function connOptsValid(scope: CheckerScope, co: ConnDraft, pos: Position | undefined): boolean {
  if (co.dstFamily === 'inet6' && isLinkLocal6(co.dstOctets) && co.bindIf === undefined) {
    scope.ctx.diags.error(ConfigErr.GeneralError, pos, `Checker link local address ${inetNtop(co.dstOctets)} requires a bind_if`);
    return false;
  }
  return true;
}

/** `keyword [BOOL]` of a checker: true without a value, keepalived's "Invalid <what> parameter" otherwise. */
export function readCheckerBool(a: KeywordArgs, what: string): boolean | undefined {
  if (!a.has(1)) return true;
  const v = checkTrueFalse(a.word(1));
  if (v === undefined) a.error(ConfigErr.GeneralError, `Invalid ${what} parameter ${a.word(1)}`);
  return v;
}

function connectionKeywords(target: () => CheckerDraft | undefined): KeywordDef[] {
  const co = (): ConnDraft | undefined => target()?.co;
  return [
    {
      name: 'connect_ip',
      handler: (a) => {
        const c = co();
        if (c === undefined) return;
        const addr = parseHostPart(a.word(1));
        if (addr === undefined) {
          c.dstFamily = undefined;
          return a.error(ConfigErr.GeneralError, `Invalid connect_ip address ${a.word(1)} - ignoring`);
        }
        c.dstFamily = addr.family;
        c.dstOctets = addr.octets;
        if (c.bindFamily !== undefined && c.bindFamily !== c.dstFamily) {
          a.error(ConfigErr.GeneralError, `connect_ip address ${a.word(1)} does not match address family of bindto - skipping`);
          c.dstFamily = undefined;
        }
      },
    },
    {
      name: 'connect_port',
      handler: (a) => {
        const c = co();
        if (c === undefined) return;
        const port = readUnsignedWord(a, a.word(1), 1, 65535, true);
        if (port === undefined) return a.error(ConfigErr.GeneralError, `Invalid checker connect_port '${a.word(1)}'`);
        c.dstPort = port;
      },
    },
    {
      name: 'bindto',
      handler: (a) => {
        const c = co();
        if (c === undefined) return;
        const addr = parseHostPart(a.word(1));
        if (addr === undefined) {
          c.bindFamily = undefined;
          return a.error(ConfigErr.GeneralError, `Invalid bindto address ${a.word(1)} - ignoring`);
        }
        c.bindFamily = addr.family;
        c.bindOctets = addr.octets;
        if (c.dstFamily !== undefined && c.dstFamily !== c.bindFamily) {
          a.error(ConfigErr.GeneralError, `bindto address ${a.word(1)} does not match address family of connect_ip - skipping`);
          c.bindFamily = undefined;
        }
      },
    },
    {
      name: 'bind_port',
      handler: (a) => {
        const c = co();
        if (c === undefined) return;
        const port = readUnsignedWord(a, a.word(1), 1, 65535, true);
        if (port === undefined) return a.error(ConfigErr.GeneralError, `Invalid checker bind_port '${a.word(1)}'`);
        c.bindPort = port;
      },
    },
    {
      name: 'bind_if',
      handler: (a) => {
        const c = co();
        if (c === undefined) return;
        // IFNAMSIZ - 1
        if (Buffer.byteLength(a.word(1)) > 15) {
          return a.error(ConfigErr.GeneralError, `Interface name ${a.word(1)} is too long - ignoring`);
        }
        c.bindIf = a.word(1);
      },
    },
    {
      name: 'connect_timeout',
      handler: (a) => {
        const c = co();
        if (c === undefined) return;
        const t = readTimerUs(a, 1, 1, UINT_MAX, true);
        if (t === undefined) return a.error(ConfigErr.GeneralError, `connect_timeout ${a.word(1)} invalid - ignoring`);
        c.connectTimeoutUs = t;
      },
    },
    {
      name: 'fwmark',
      handler: (a) => {
        const c = co();
        if (c === undefined) return;
        const mark = readUnsignedWord(a, a.word(1), 0, UINT_MAX, true);
        if (mark === undefined) return a.error(ConfigErr.GeneralError, `Invalid fwmark connection value '${a.word(1)}'`);
        c.fwmark = mark;
      },
    },
  ];
}

function scheduleKeywords(target: () => CheckerDraft | undefined): KeywordDef[] {
  type Set = (c: CheckerDraft, v: number) => void;
  const timer = (name: string, min: number, message: (w: string) => string, set: Set): KeywordDef => ({
    name,
    handler: (a) => {
      const c = target();
      if (c === undefined) return;
      const t = readTimerUs(a, 1, min, 0, true);
      if (t === undefined) return a.error(ConfigErr.GeneralError, message(a.word(1)));
      set(c, t);
    },
  });
  return [
    {
      name: 'retry',
      handler: (a) => {
        const c = target();
        if (c === undefined) return;
        const n = readUnsignedWord(a, a.word(1), 0, UINT_MAX, true);
        if (n === undefined) return a.error(ConfigErr.GeneralError, `Invalid retry connection value '${a.word(1)}'`);
        c.retry = n;
      },
    },
    timer(
      'delay_before_retry',
      0,
      (w) => `Invalid delay_before_retry connection value '${w}'`,
      (c, v) => (c.delayBeforeRetryUs = v),
    ),
    timer('warmup', 0, (w) => `Invalid warmup connection value '${w}'`, (c, v) => (c.warmupUs = v)),
    timer('delay_loop', 1, (w) => `delay_loop '${w}' is invalid - ignoring`, (c, v) => (c.delayLoopUs = v)),
    {
      name: 'alpha',
      handler: (a) => {
        const c = target();
        const v = readCheckerBool(a, 'alpha');
        if (c !== undefined && v !== undefined) c.alpha = v;
      },
    },
    {
      name: 'log_all_failures',
      handler: (a) => {
        const c = target();
        const v = readCheckerBool(a, 'log_all_failures');
        if (c !== undefined && v !== undefined) c.logAllFailures = v;
      },
    },
  ];
}

/**
 * keepalived's install_checker_common_keywords(): they act on the last checker queued (after a MISC_CHECK was
 * dropped mid-block, that is the checker before it).
 */
export function commonCheckerKeywords(scope: CheckerScope, connection: boolean): KeywordDef[] {
  const target = (): CheckerDraft | undefined => lastQueued(scope);
  return [...(connection ? connectionKeywords(target) : []), ...scheduleKeywords(target)];
}

/** The connection options of a block (SMTP_CHECK's deprecated `host`) that are not the last queued checker's. */
export function connectionKeywordsFor(target: () => CheckerDraft | undefined): KeywordDef[] {
  return [...connectionKeywords(target), ...scheduleKeywords(target)];
}
