// `virtual_server IP PORT | fwmark N | group NAME { … }`: the service settings, keepalived's scheduler flag
// keywords, persistence, sorry server, quorum, checker defaults and the real_server blocks.
import { ConfigErr } from '../../diagnostics';
import type { BuildContext } from '../../parser/build-context';
import type { KeywordArgs } from '../../parser/keyword-args';
import { keywordTable, type KeywordDef } from '../../parser/keyword-tree';
import { checkTrueFalse } from '../../values/bool';
import { readUnsignedWord } from '../../values/read-number';
import { readTimerUs } from '../../values/read-decimal';
import { readScript } from '../../values/script';
import { crashLikeKeepalived } from './crash';
import { checkState, type VsDraft } from './drafts';
import { fmtVs } from './format';
import { readForwarding, unsetForwarding } from './forwarding';
import { inetAton, inetNtop, portWord } from './inet-address';
import { realServerKeyword } from './real-server';
import { inetStoSockaddr } from './sockaddr';

const UINT_MAX = 4294967295;
const IPVS_WEIGHT_LIMIT = 2147483647;
/** keepalived's IPVS_SVC_PERSISTENT_TIMEOUT. */
export const DEFAULT_PERSISTENCE_TIMEOUT = 360;
/** keepalived's LVS_MAX_TIMEOUT: 31 days. */
const LVS_MAX_TIMEOUT = 86400 * 31;
/** IP_VS_PENAME_MAXLEN - 1. */
const PE_NAME_MAX = 15;
/** keepalived 2.2.7's list of schedulers. */
const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'sh', 'mh', 'dh', 'fo', 'ovf', 'lblcr', 'sed', 'nq', 'twos'];
const SCHEDULER_FLAGS = ['hashed', 'ops', 'flag-1', 'flag-2', 'flag-3', 'sh-port', 'sh-fallback', 'mh-port', 'mh-fallback'];

function newVirtualServer(a: KeywordArgs): Omit<VsDraft, 'kind' | 'family' | 'octets' | 'port' | 'fwmark' | 'group'> {
  return {
    name: a.words.slice(1, 3).join(' '),
    pos: a.pos,
    vsg: undefined,
    groupMember: 0,
    delayLoopUs: 60_000_000,
    connectTimeoutUs: 5_000_000,
    retry: undefined,
    delayBeforeRetryUs: undefined,
    warmupUs: undefined,
    inhibit: false,
    sched: '',
    flags: new Set(),
    fwd: unsetForwarding(),
    persistenceEngine: undefined,
    persistenceTimeout: 0,
    persistenceGranularity: undefined,
    protocol: undefined,
    haSuspend: false,
    smtpAlert: undefined,
    virtualhost: undefined,
    snmpName: undefined,
    alpha: false,
    omega: false,
    quorumUp: undefined,
    quorumDown: undefined,
    quorum: 1,
    hysteresis: 0,
    weight: 1,
    sorry: undefined,
    rs: [],
    stray: [],
  };
}

/** keepalived's alloc_vs(): undefined (block skipped) when the address or fwmark is refused. */
function allocVirtualServer(ctx: BuildContext, a: KeywordArgs): VsDraft | undefined {
  const first = a.word(1);
  const second = a.words[2];
  const base = newVirtualServer(a);
  if (first === 'group') {
    if (second === undefined) crashLikeKeepalived(ctx, a.pos, '`virtual_server group` without a group name');
    return { ...base, kind: 'group', family: undefined, octets: [], port: 0, fwmark: 0, group: second };
  }
  if (first === 'fwmark') {
    if (second === undefined) crashLikeKeepalived(ctx, a.pos, '`virtual_server fwmark` without a mark');
    const mark = readUnsignedWord(a, second, 0, UINT_MAX, true);
    if (mark === undefined) {
      a.error(ConfigErr.GeneralError, `virtual server fwmark '${second}' must be in [0, ${UINT_MAX}] - ignoring`);
      a.skipBlock();
      return undefined;
    }
    return { ...base, kind: 'fwmark', family: undefined, octets: [], port: 0, fwmark: mark, group: undefined };
  }
  const port = portWord(second);
  const addr = inetStoSockaddr(a, first, port);
  if (addr === undefined) {
    const p = port === undefined ? '' : '/port';
    const q = port === undefined ? '' : `/${port}`;
    a.error(ConfigErr.GeneralError, `Invalid virtual server IP address${p} ${first}${q} - skipping`);
    a.skipBlock();
    return undefined;
  }
  return { ...base, kind: 'address', family: addr.family, octets: addr.octets, port: addr.port, fwmark: 0, group: undefined };
}

/** The scheduler flag keywords: only some apply to the scheduler chosen so far. */
function applySchedulerFlag(a: KeywordArgs, vs: VsDraft): void {
  const flag = a.keyword;
  if (flag === 'ops' || flag === 'flag-1' || flag === 'flag-2' || flag === 'flag-3') vs.flags.add(flag);
  else if (vs.sched === 'sh') {
    if (flag === 'sh-port' || flag === 'sh-fallback') vs.flags.add(flag);
  } else if (vs.sched === 'mh') {
    if (flag === 'mh-port' || flag === 'mh-fallback') vs.flags.add(flag);
  } else a.error(ConfigErr.GeneralError, `${flag} only applies to sh scheduler - ignoring`);
}

function readGranularity(a: KeywordArgs, vs: VsDraft): void {
  const word = a.word(1);
  const family = vs.family ?? (word.includes('.') ? 'inet' : 'inet6');
  if (family === 'inet6') {
    if (readUnsignedWord(a, word, 1, 128, false) === undefined) {
      return a.error(ConfigErr.GeneralError, `Invalid IPv6 persistence_granularity specified - ${word}`);
    }
  } else if (inetAton(word) === undefined) {
    return a.error(ConfigErr.GeneralError, `Invalid IPv4 persistence_granularity specified - ${word}`);
  }
  vs.persistenceGranularity = word;
  vs.family ??= family;
  if (vs.persistenceTimeout === 0) vs.persistenceTimeout = DEFAULT_PERSISTENCE_TIMEOUT;
}

function readSorryServer(a: KeywordArgs, vs: VsDraft): void {
  const ip = a.word(1);
  const addr = inetStoSockaddr(a, ip, portWord(a.words[2]));
  if (addr === undefined) return a.error(ConfigErr.GeneralError, `Invalid sorry server IP address ${ip} - skipping`);
  vs.sorry = { family: addr.family, octets: addr.octets, port: addr.port, inhibit: false, fwd: { ...vs.fwd } };
}

/** A keyword with the other names keepalived installs it under. */
type AliasedDef = KeywordDef & { readonly aliases?: readonly string[] };

function vsKeywords(ctx: BuildContext, vs: () => VsDraft): AliasedDef[] {
  const on = (f: (a: KeywordArgs, v: VsDraft) => void) => (a: KeywordArgs) => f(a, vs());
  type Set = (v: VsDraft, t: number) => void;
  const timer = (name: string, min: number, max: number, message: (w: string) => string, set: Set): KeywordDef => ({
    name,
    handler: on((a, v) => {
      const t = readTimerUs(a, 1, min, max, true);
      if (t === undefined) return a.error(ConfigErr.GeneralError, message(a.word(1)));
      set(v, t);
    }),
  });
  const flagOnly = (name: string, set: (v: VsDraft) => void): KeywordDef => ({ name, handler: on((_a, v) => set(v)) });
  const quorumScript = (name: 'quorum_up' | 'quorum_down', field: 'quorumUp' | 'quorumDown'): KeywordDef => ({
    name,
    handler: on((a, v) => {
      const first = a.word(1);
      if (v[field] !== undefined) {
        return a.error(ConfigErr.GeneralError, `(${v.group ?? '(null)'}) ${name} script already specified - ignoring ${first}`);
      }
      v[field] = readScript(ctx, a, 1, `${name} script for ${fmtVs(v)}`, { scope: 'check', type: 'quorum' });
    }),
  });
  return [
    {
      name: 'ip_family',
      handler: on((a, v) => {
        const f = a.word(1);
        if (f !== 'inet' && f !== 'inet6') return a.error(ConfigErr.GeneralError, `unknown address family ${f}`);
        if (v.family !== undefined && v.family !== f) {
          return a.error(ConfigErr.GeneralError, `Virtual server specified family ${f} conflicts with server family`);
        }
        v.family = f;
      }),
    },
    {
      name: 'retry',
      handler: on((a, v) => {
        const n = readUnsignedWord(a, a.word(1), 1, UINT_MAX, false);
        if (n === undefined) return a.error(ConfigErr.GeneralError, `retry value invalid - ${a.word(1)}`);
        v.retry = n;
      }),
    },
    timer(
      'delay_before_retry',
      0,
      0,
      (w) => `virtual server delay before retry '${w}' invalid - ignoring`,
      (v, t) => (v.delayBeforeRetryUs = t),
    ),
    timer('warmup', 0, 0, (w) => `virtual server warmup '${w}' invalid - ignoring`, (v, t) => (v.warmupUs = t)),
    timer(
      'connect_timeout',
      1,
      UINT_MAX,
      (w) => `virtual server connect_timeout ${w} invalid - ignoring`,
      (v, t) => (v.connectTimeoutUs = t),
    ),
    timer('delay_loop', 1, 0, (w) => `virtual server delay loop '${w}' invalid - ignoring`, (v, t) => (v.delayLoopUs = t)),
    flagOnly('inhibit_on_failure', (v) => (v.inhibit = true)),
    {
      name: 'lb_algo',
      aliases: ['lvs_sched'],
      handler: on((a, v) => {
        const s = a.word(1);
        if (!SCHEDULERS.includes(s)) return a.error(ConfigErr.GeneralError, `Invalid lvs_scheduler '${s}' - ignoring`);
        v.sched = s;
      }),
    },
    ...SCHEDULER_FLAGS.map((name) => ({ name, handler: on((a, v) => applySchedulerFlag(a, v)) })),
    { name: 'lb_kind', aliases: ['lvs_method'], handler: on((a, v) => readForwarding(a, v.fwd, 'virtual')) },
    {
      name: 'persistence_engine',
      handler: on((a, v) => {
        const name = a.word(1);
        if (Buffer.byteLength(name) > PE_NAME_MAX) {
          a.error(ConfigErr.GeneralError, `persistence_name too long, truncating - ${name}`);
        }
        v.persistenceEngine = Buffer.from(name).subarray(0, PE_NAME_MAX).toString();
      }),
    },
    {
      name: 'persistence_timeout',
      handler: on((a, v) => {
        if (a.count < 2) {
          v.persistenceTimeout = DEFAULT_PERSISTENCE_TIMEOUT;
          return;
        }
        const t = readUnsignedWord(a, a.word(1), 1, LVS_MAX_TIMEOUT, false);
        if (t === undefined) return a.error(ConfigErr.GeneralError, 'persistence_timeout invalid');
        v.persistenceTimeout = t;
      }),
    },
    { name: 'persistence_granularity', handler: on((a, v) => readGranularity(a, v)) },
    {
      name: 'protocol',
      handler: on((a, v) => {
        const p = a.word(1).toUpperCase();
        if (p !== 'TCP' && p !== 'UDP' && p !== 'SCTP') {
          return a.error(ConfigErr.GeneralError, `Unknown protocol ${a.word(1)} - ignoring`);
        }
        v.protocol = p;
      }),
    },
    flagOnly('ha_suspend', (v) => (v.haSuspend = true)),
    {
      name: 'smtp_alert',
      handler: on((a, v) => {
        if (!a.has(1)) {
          v.smtpAlert = true;
          return;
        }
        const b = checkTrueFalse(a.word(1));
        if (b === undefined) return a.error(ConfigErr.GeneralError, `Invalid virtual_server smtp_alert parameter ${a.word(1)}`);
        v.smtpAlert = b;
      }),
    },
    {
      name: 'virtualhost',
      handler: on((a, v) => {
        if (!a.has(1)) return a.error(ConfigErr.GeneralError, 'virtual server virtualhost missing');
        v.virtualhost = a.word(1);
      }),
    },
    {
      name: 'snmp_name',
      handler: on((a, v) => {
        if (a.count !== 2) return a.error(ConfigErr.GeneralError, 'virtual server snmp_name missing or extra parameters');
        v.snmpName = a.word(1);
      }),
    },
    flagOnly('alpha', (v) => (v.alpha = true)),
    flagOnly('omega', (v) => (v.omega = true)),
    quorumScript('quorum_up', 'quorumUp'),
    quorumScript('quorum_down', 'quorumDown'),
    {
      name: 'quorum',
      handler: on((a, v) => {
        const q = readUnsignedWord(a, a.word(1), 1, UINT_MAX, true);
        if (q === undefined) a.error(ConfigErr.GeneralError, `Quorum ${a.word(1)} must be in [1, ${UINT_MAX}]. Setting to 1.`);
        v.quorum = q ?? 1;
      }),
    },
    {
      name: 'hysteresis',
      handler: on((a, v) => {
        const h = readUnsignedWord(a, a.word(1), 0, UINT_MAX, true);
        if (h === undefined) {
          return a.error(ConfigErr.GeneralError, `Hysteresis ${a.word(1)} must be in [0, ${UINT_MAX}] - ignoring`);
        }
        v.hysteresis = h;
      }),
    },
    {
      name: 'weight',
      handler: on((a, v) => {
        const w = readUnsignedWord(a, a.word(1), 1, IPVS_WEIGHT_LIMIT, true);
        if (w === undefined) {
          return a.error(ConfigErr.GeneralError, `Virtual server weight ${a.word(1)} is outside range 1-${IPVS_WEIGHT_LIMIT}`);
        }
        v.weight = w;
      }),
    },
    { name: 'sorry_server', handler: on((a, v) => readSorryServer(a, v)) },
    {
      name: 'sorry_server_inhibit',
      handler: on((a, v) => {
        if (v.sorry === undefined) {
          return a.error(ConfigErr.GeneralError, 'Ignoring sorry_server inhibit used before or without sorry_server');
        }
        v.sorry.inhibit = true;
      }),
    },
    {
      name: 'sorry_server_lvs_method',
      handler: on((a, v) => {
        if (v.sorry === undefined) return a.error(ConfigErr.GeneralError, 'sorry_server forwarding used without sorry_server');
        readForwarding(a, v.sorry.fwd, 'sorry');
      }),
    },
    realServerKeyword(ctx),
  ];
}

/** keepalived's vs_end_handler(): settles the address family from the sorry and real servers. */
function closeVirtualServer(ctx: BuildContext, v: VsDraft, end: Parameters<NonNullable<KeywordDef['close']>>[0]): void {
  const s = v.sorry;
  if (s !== undefined && s.fwd.method !== 'TUN') {
    if (v.family === undefined) v.family = s.family;
    else if (v.family !== s.family) {
      ctx.diags.error(
        ConfigErr.GeneralError,
        end,
        `Address family of virtual server and sorry server ${inetNtop(s.octets)} don't match - skipping sorry server.`,
      );
      v.sorry = undefined;
    }
  }
  if (v.family !== undefined || v.kind === 'group') return;
  // Only tunnelled servers are left to decide: one family if they all agree, else IPv4.
  let family = v.sorry?.family;
  for (const r of v.rs) {
    if (family === undefined) family = r.family;
    else if (family !== r.family) {
      family = 'inet';
      break;
    }
  }
  v.family = family ?? 'inet';
}

export function virtualServerKeyword(ctx: BuildContext): KeywordDef {
  const state = checkState(ctx);
  const current = (): VsDraft => state.vs[state.vs.length - 1] as VsDraft;
  return {
    name: 'virtual_server',
    handler: (a) => {
      const v = allocVirtualServer(ctx, a);
      if (v !== undefined) state.vs.push(v);
    },
    sub: keywordTable(vsKeywords(ctx, current)),
    close: (end) => {
      const v = state.vs[state.vs.length - 1];
      if (v !== undefined) closeVirtualServer(ctx, v, end);
    },
  };
}
