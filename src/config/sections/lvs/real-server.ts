// `real_server IP [PORT] { … }` inside a virtual_server: its own settings (each left unset to inherit from the
// virtual server) and its checker blocks. An unparsable address drops the whole block, as keepalived's skip_block().
import { ConfigErr } from '../../diagnostics';
import type { BuildContext } from '../../parser/build-context';
import type { KeywordArgs } from '../../parser/keyword-args';
import { keywordTable, type KeywordDef } from '../../parser/keyword-tree';
import { readUnsignedWord } from '../../values/read-number';
import { readTimerUs } from '../../values/read-decimal';
import { readScript } from '../../values/script';
import { checkerKeywords, checkerScope } from '../checkers';
import { readCheckerBool } from '../checkers/common';
import { checkState, forgetScripts, type RsDraft, type VsDraft } from './drafts';
import { fmtRs } from './format';
import { readForwarding } from './forwarding';
import { inetNtop, portWord } from './inet-address';
import { inetStoSockaddr } from './sockaddr';

const UINT_MAX = 4294967295;
const IPVS_WEIGHT_LIMIT = 2147483647;

function allocRealServer(vs: VsDraft, a: KeywordArgs): RsDraft | undefined {
  const ip = a.word(1);
  const port = a.has(2) ? a.word(2) : undefined;
  const addr = inetStoSockaddr(a, ip, portWord(port));
  if (addr === undefined) {
    a.error(ConfigErr.GeneralError, `Invalid real server ip address/port ${ip}/${port ?? '(null)'} - skipping`);
    a.skipBlock();
    return undefined;
  }
  return {
    name: a.words.slice(1, 3).join(' '),
    pos: a.pos,
    family: addr.family,
    octets: addr.octets,
    port: addr.port,
    fwd: { ...vs.fwd },
    weight: undefined,
    uthreshold: 0,
    lthreshold: 0,
    inhibit: undefined,
    notifyUp: undefined,
    notifyDown: undefined,
    alpha: undefined,
    retry: undefined,
    delayBeforeRetryUs: undefined,
    warmupUs: undefined,
    connectTimeoutUs: undefined,
    delayLoopUs: undefined,
    smtpAlert: undefined,
    virtualhost: undefined,
    snmpName: undefined,
    trackedBfds: [],
    checkers: [],
  };
}

export function realServerKeyword(ctx: BuildContext): KeywordDef {
  const state = checkState(ctx);
  const vs = (): VsDraft => state.vs[state.vs.length - 1] as VsDraft;
  const rs = (): RsDraft | undefined => vs().rs[vs().rs.length - 1];
  const on = (f: (a: KeywordArgs, r: RsDraft) => void) => (a: KeywordArgs) => {
    const r = rs();
    if (r !== undefined) f(a, r);
  };
  type Set = (r: RsDraft, v: number) => void;
  const timer = (name: string, min: number, max: number, message: (w: string) => string, set: Set): KeywordDef => ({
    name,
    handler: on((a, r) => {
      const t = readTimerUs(a, 1, min, max, true);
      if (t === undefined) return a.error(ConfigErr.GeneralError, message(a.word(1)));
      set(r, t);
    }),
  });
  const bool = (name: string, what: string, set: (r: RsDraft, v: boolean) => void): KeywordDef => ({
    name,
    handler: on((a, r) => {
      const v = readCheckerBool(a, what);
      if (v !== undefined) set(r, v);
    }),
  });
  const notify = (name: 'notify_up' | 'notify_down', field: 'notifyUp' | 'notifyDown'): KeywordDef => ({
    name,
    handler: on((a, r) => {
      const first = a.word(1);
      if (r[field] !== undefined) {
        const group = vs().group ?? '(null)';
        return a.error(ConfigErr.GeneralError, `(${group}) ${name} script already specified - ignoring ${first}`);
      }
      r[field] = readScript(ctx, a, 1, `${name} script for ${fmtRs(r, vs())}`, { scope: 'check', type: 'notify' });
    }),
  });
  const threshold = (name: string, which: string, set: (r: RsDraft, v: number) => void): KeywordDef => ({
    name,
    handler: on((a, r) => {
      const n = readUnsignedWord(a, a.word(1), 0, UINT_MAX, true);
      if (n === undefined) return a.error(ConfigErr.GeneralError, `Invalid real_server ${which} '${a.word(1)}' - ignoring`);
      set(r, n);
    }),
  });

  return {
    name: 'real_server',
    handler: (a) => {
      const r = allocRealServer(vs(), a);
      if (r !== undefined) vs().rs.push(r);
    },
    sub: keywordTable([
      {
        name: 'weight',
        handler: on((a, r) => {
          const w = readUnsignedWord(a, a.word(1), 0, IPVS_WEIGHT_LIMIT, true);
          if (w === undefined) {
            return a.error(ConfigErr.GeneralError, `Real server weight ${a.word(1)} is outside range 0-${IPVS_WEIGHT_LIMIT}`);
          }
          r.weight = w;
        }),
      },
      { name: 'lvs_method', handler: on((a, r) => readForwarding(a, r.fwd, 'real')) },
      threshold('uthreshold', 'uthreshold', (r, v) => (r.uthreshold = v)),
      threshold('lthreshold', 'lthreshold', (r, v) => (r.lthreshold = v)),
      bool('inhibit_on_failure', 'inhibit_on_failure', (r, v) => (r.inhibit = v)),
      notify('notify_up', 'notifyUp'),
      notify('notify_down', 'notifyDown'),
      bool('alpha', 'alpha', (r, v) => (r.alpha = v)),
      {
        name: 'retry',
        handler: on((a, r) => {
          const n = readUnsignedWord(a, a.word(1), 1, UINT_MAX, false);
          if (n === undefined) return a.error(ConfigErr.GeneralError, `retry value invalid - ${a.word(1)}`);
          r.retry = n;
        }),
      },
      timer(
        'delay_before_retry',
        0,
        0,
        (w) => `real server delay_before_retry '${w}' invalid - ignoring`,
        (r, v) => (r.delayBeforeRetryUs = v),
      ),
      timer('warmup', 0, 0, (w) => `real server warmup '${w}' invalid - ignoring`, (r, v) => (r.warmupUs = v)),
      timer(
        'connect_timeout',
        1,
        UINT_MAX,
        (w) => `real server connect_timeout ${w} invalid - ignoring`,
        (r, v) => (r.connectTimeoutUs = v),
      ),
      timer('delay_loop', 1, 0, (w) => `real server delay_loop '${w}' invalid - ignoring`, (r, v) => (r.delayLoopUs = v)),
      bool('smtp_alert', 'real_server smtp_alert', (r, v) => (r.smtpAlert = v)),
      {
        name: 'virtualhost',
        handler: on((a, r) => {
          if (!a.has(1)) return a.error(ConfigErr.GeneralError, 'real server virtualhost missing');
          r.virtualhost = a.word(1);
        }),
      },
      {
        name: 'snmp_name',
        handler: on((a, r) => {
          if (a.count !== 2) return a.error(ConfigErr.GeneralError, 'real server snmp_name missing or extra parameters');
          r.snmpName = a.word(1);
        }),
      },
      ...checkerKeywords(checkerScope(ctx)),
    ]),
    close: (end) => {
      const v = state.vs[state.vs.length - 1];
      const r = v?.rs[v.rs.length - 1];
      if (v === undefined || r === undefined || r.fwd.method === 'TUN') return;
      if (v.family === undefined) v.family = r.family;
      else if (v.family !== r.family) {
        ctx.diags.error(
          ConfigErr.GeneralError,
          end,
          `Address family of virtual server and real server ${inetNtop(r.octets)} don't match - skipping real server.`,
        );
        // keepalived frees the server but leaves its checkers queued (their scripts are still checked).
        v.rs.pop();
        for (const c of r.checkers) v.stray.push(c);
        forgetScripts(ctx, [r.notifyUp, r.notifyDown]);
      }
    },
  };
}
