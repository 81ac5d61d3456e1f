// One rule entry (static_rules, virtual_rules) as keepalived 2.2.7's alloc_rule() reads it: iproute2 `ip rule`
// selectors and exactly one action. keepalived's quirks are kept: `inet`/`inet6` also swallow the next word, a
// single port (`dport 80`) is refused, `protocol` takes only a number, and a rule without a preference is numbered
// downwards from 16384 per family and reported as an error.
import type { BlockEntry } from '../parser/keyword-args';
import type { BuildContext } from '../parser/build-context';
import type { IpFamily, IpPrefix, RuleEntry } from '../model/static-routing';
import { EntryWords } from './ip-entry';
import { interfaceUsable } from './ip-interfaces';
import { readUnsigned64Entry, readUnsignedEntry, strtoulC } from './ip-number';
import { ParsedPrefix, parseRoutePrefix } from './ip-prefix';
import { trackGroupDefined } from './ip-track-group';
import { RTPROT_KEEPALIVED } from './ip-route';
import { findDsfield, findGroup, findRealms, findRouteType, findTable } from './rt-tables';

/** FR_ACT_* values. */
export const FR_ACT = { toTable: 1, goto: 2, nop: 3, blackhole: 6, unreachable: 7, prohibit: 8 } as const;
/** RTN_* route types that double as rule actions. */
const RTN_ACTIONS: ReadonlyMap<number, number> = new Map([
  [6, FR_ACT.blackhole],
  [7, FR_ACT.unreachable],
  [8, FR_ACT.prohibit],
]);
const RULE_START_PRIORITY = 16384;
const UINT32_MAX = 0xffffffff;

/** The next automatic preference per family, per configuration. */
const nextPriority = new WeakMap<BuildContext, Record<IpFamily, number>>();

/** C sscanf("%u-%u") / ("%hu-%hu"): how many numbers matched, wrapped to the C type. */
function scanRange(text: string, bits: 16 | 32): { count: number; start: number; end: number } {
  const num = (s: string): { v: number; rest: string } | undefined => {
    const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s);
    if (!m) return undefined;
    let v = BigInt(m[2] as string);
    if (v > 0xffffffffffffffffn) v = 0xffffffffffffffffn;
    if (m[1] === '-') v = -v;
    const mod = 1n << BigInt(bits);
    return { v: Number(((v % mod) + mod) % mod), rest: s.slice(m[0].length) };
  };
  const a = num(text);
  if (!a) return { count: 0, start: 0, end: 0 };
  if (!a.rest.startsWith('-')) return { count: 1, start: a.v, end: a.v };
  const b = num(a.rest.slice(1));
  return b ? { count: 2, start: a.v, end: b.v } : { count: 1, start: a.v, end: a.v };
}

/** inet_proto_a2n(): a number ≤ 127, or a protocol name or alias from /etc/protocols. */
function findIpProto(ctx: BuildContext, word: string): number | undefined {
  const text = word.replace(/^[ \t\n\v\f\r]+/, '');
  if (text === '' || text.startsWith('-')) return undefined;
  const n = strtoulC(text, 10);
  if (n.value > 127n) return undefined;
  if (n.rest === '') return Number(n.value);
  for (const line of (ctx.system.readText('/etc/protocols') ?? '').split('\n')) {
    const words = line.replace(/#.*$/, '').trim().split(/\s+/);
    if (words.length < 2) continue;
    const [name, num, ...aliases] = words as [string, string, ...string[]];
    if (name === text || aliases.includes(text)) return /^\d+$/.test(num) ? Number(num) : undefined;
  }
  return undefined;
}

/** `fwmark MARK[/MASK]`, each part strtoul base 0 within 32 bits. */
function parseFwmark(word: string): { mark: number; mask: number | undefined } | undefined {
  const str = word.replace(/^[ \t\n\v\f\r]+/, '');
  if (str.startsWith('-')) return undefined;
  const mark = strtoulC(str, 0);
  if (mark.value > BigInt(UINT32_MAX)) return undefined;
  let rest = mark.empty ? str : mark.rest;
  let mask: number | undefined;
  if (rest.startsWith('/')) {
    const after = rest.slice(1);
    if (/^[ \t\n\v\f\r-]/.test(after)) return undefined;
    const m = strtoulC(after, 0);
    if (m.value > BigInt(UINT32_MAX)) return undefined;
    mask = Number(m.value);
    rest = m.empty ? after : m.rest;
  }
  if (rest !== '') return undefined;
  return { mark: Number(mark.value), mask };
}

function emptyRule(entry: BlockEntry): RuleEntry {
  return {
    pos: entry.pos,
    family: 'inet',
    invert: false,
    from: undefined,
    to: undefined,
    priority: 0,
    tos: 0,
    fwmark: undefined,
    fwmask: undefined,
    realms: undefined,
    suppressPrefixlength: undefined,
    suppressIfgroup: undefined,
    iif: undefined,
    oif: undefined,
    tunnelId: undefined,
    uidrange: undefined,
    l3mdev: false,
    protocol: undefined,
    ipproto: undefined,
    sport: undefined,
    dport: undefined,
    action: 0,
    table: undefined,
    goto: undefined,
    noTrack: false,
    trackGroup: undefined,
  };
}

const MORE_THAN_ONE = 'Cannot specify more than one of table/nop/goto/blackhole/prohibit/unreachable';

/** Parses one rule entry; undefined where keepalived drops it. */
export function parseRuleEntry(ctx: BuildContext, entry: BlockEntry, opts: { virtual: boolean }): RuleEntry | undefined {
  const w = new EntryWords(ctx, entry);
  const r = emptyRule(entry);
  let family: IpFamily | undefined;
  let priority: number | undefined;
  let from: ParsedPrefix | undefined;
  let to: ParsedPrefix | undefined;
  let tableOption = false;

  const address = (word: string, what: 'from' | 'to'): ParsedPrefix | undefined => {
    const a = parseRoutePrefix(w, word);
    if (a === undefined) {
      w.error(`Invalid rule ${what} address ${word}`);
      return undefined;
    }
    if (family === undefined) family = a.family;
    else if (a.family !== family) {
      w.error('rule specification has mixed IPv4 and IPv6');
      return undefined;
    }
    return a;
  };
  const iface = (word: string): boolean => {
    if (interfaceUsable(ctx, word)) return true;
    w.error(`WARNING - interface ${word} for rule doesn't exist`);
    return false;
  };

  for (let i = 0; i < w.count; i++) {
    const str = w.slot(i);
    if (str === 'inet6' || str === 'inet') {
      if (family === undefined) family = str;
      else if (family !== str) {
        w.error(str === 'inet6' ? 'inet6 specified for IPv4 rule' : 'inet specified for IPv6 rule');
        return undefined;
      }
      // keepalived steps over the next word as well
      i++;
    } else if (str === 'from') {
      if ((from = address(w.slot(++i), 'from')) === undefined) return undefined;
    } else if (str === 'to') {
      if ((to = address(w.slot(++i), 'to')) === undefined) return undefined;
    } else if (str === 'table' || str === 'lookup') {
      const word = w.slot(++i);
      const table = findTable(ctx.system, word);
      if (table === undefined) {
        w.error(`Routing table ${word} not found for rule`);
        return undefined;
      }
      if (table === 0) {
        w.error('Table 0 is not valid');
        return undefined;
      }
      r.table = table;
      if (r.action !== 0) {
        w.error(`${MORE_THAN_ONE} for rule`);
        return undefined;
      }
      r.action = FR_ACT.toTable;
    } else if (str === 'not') r.invert = true;
    else if (str === 'preference' || str === 'order' || str === 'priority') {
      const v = readUnsignedEntry(w, w.slot(++i), 0, UINT32_MAX, false, 0);
      if (v === undefined) {
        w.error(`Invalid rule preference ${str} specified`);
        return undefined;
      }
      priority = v;
    } else if (str === 'tos' || str === 'dsfield') {
      const word = w.slot(++i);
      const tos = findDsfield(ctx.system, word);
      if (tos === undefined) {
        w.error(`TOS value ${word} is invalid`);
        return undefined;
      }
      r.tos = tos;
    } else if (str === 'fwmark') {
      const word = w.slot(++i);
      const fw = parseFwmark(word);
      if (fw === undefined) {
        w.error(`Invalid rule fwmark ${word.replace(/^[ \t\n\v\f\r]+/, '')} specified`);
        return undefined;
      }
      r.fwmark = fw.mark;
      r.fwmask = fw.mask;
    } else if (str === 'realms') {
      const word = w.slot(++i);
      const realms = findRealms(ctx.system, word);
      if (realms === undefined) {
        w.error(`invalid realms ${word} for rule`);
        return undefined;
      }
      r.realms = realms;
      tableOption = true;
      if (family === undefined) family = 'inet';
      else if (family !== 'inet') {
        w.error('realms is only valid for IPv4');
        return undefined;
      }
    } else if (str === 'suppress_prefixlength' || str === 'sup_pl') {
      const v = readUnsignedEntry(w, w.slot(++i), 0, 0x7fffffff);
      if (v === undefined) {
        w.error(`Invalid suppress_prefixlength ${str} specified`);
        return undefined;
      }
      r.suppressPrefixlength = v;
      tableOption = true;
    } else if (str === 'suppress_ifgroup' || str === 'sup_group') {
      const word = w.slot(++i);
      const group = findGroup(ctx.system, word);
      if (group === undefined) {
        w.error(`suppress_group ${word} is invalid`);
        return undefined;
      }
      r.suppressIfgroup = group;
      tableOption = true;
    } else if (str === 'dev' || str === 'iif') {
      const word = w.slot(++i);
      if (!iface(word)) return undefined;
      r.iif = word;
    } else if (str === 'oif') {
      const word = w.slot(++i);
      if (!iface(word)) return undefined;
      r.oif = word;
    } else if (str === 'tunnel-id') {
      const v = readUnsigned64Entry(w, w.slot(++i));
      if (v === undefined) {
        w.error(`Invalid tunnel-id ${str} specified`);
        return undefined;
      }
      r.tunnelId = v;
    } else if (str === 'uidrange') {
      const range = scanRange(w.slot(++i), 32);
      if (range.count !== 2) {
        w.error(`Invalid uidrange ${str} specified`);
        return undefined;
      }
      r.uidrange = { start: range.start, end: range.end };
    } else if (str === 'l3mdev') {
      r.l3mdev = true;
      if (r.action !== 0) {
        w.error('Cannot specify l3mdev with other action');
        return undefined;
      }
      r.action = FR_ACT.toTable;
    } else if (str === 'protocol') {
      const word = w.slot(++i);
      const v = readUnsignedEntry(w, word, 0, 255);
      if (v === undefined) w.error(`Invalid protocol ${word}`);
      else r.protocol = v;
    } else if (str === 'ipproto') {
      const word = w.slot(++i);
      const v = findIpProto(ctx, word);
      if (v === undefined || v > 255) w.error(`Invalid ipproto ${word}`);
      else r.ipproto = v;
    } else if (str === 'sport' || str === 'dport') {
      const word = w.slot(++i);
      // keepalived accepts only START-END here, although it means to allow a single port
      const range = scanRange(word, 16);
      if (range.count !== 2) w.error(`invalid ${str} range ${word}`);
      else r[str] = { start: range.start, end: range.end };
    } else if (str === 'no_track') r.noTrack = true;
    else if (!opts.virtual && str === 'track_group') {
      const name = w.slot(++i);
      if (r.trackGroup !== undefined) {
        w.error(`track_group ${name} is a duplicate`);
        break;
      }
      if (trackGroupDefined(ctx, name)) r.trackGroup = name;
      else w.error(`track_group ${name} not found`);
    } else {
      let word = str;
      if (word === 'type') word = w.slot(++i);
      let action: number;
      if (word === 'goto') {
        const v = readUnsignedEntry(w, w.slot(++i), 0, UINT32_MAX);
        if (v === undefined) {
          w.error(`Invalid target ${word} specified`);
          return undefined;
        }
        r.goto = v;
        action = FR_ACT.goto;
      } else if (word === 'nop') action = FR_ACT.nop;
      else {
        const type = findRouteType(word);
        if (type === undefined) {
          w.error(`Unknown rule option ${word}`);
          return undefined;
        }
        const a = RTN_ACTIONS.get(type);
        if (a === undefined) {
          w.error(`Invalid rule action ${word}`);
          return undefined;
        }
        action = a;
      }
      if (r.action !== 0) {
        w.error(`${MORE_THAN_ONE}/l3mdev for rule`);
        return undefined;
      }
      r.action = action;
    }
  }

  if (r.action === FR_ACT.goto) {
    const target = r.goto as number;
    if (priority === undefined) {
      w.error(`Invalid rule - goto target ${target} specified without preference`);
      return undefined;
    }
    if (priority >= target) {
      w.error(`Invalid rule - preference ${priority} >= goto target ${target}`);
      return undefined;
    }
  }
  if (r.action === 0) {
    w.error('No action specified for rule - ignoring');
    return undefined;
  }
  if (r.action !== FR_ACT.toTable && tableOption) {
    w.error('suppressor/realm specified for non table action - skipping');
    return undefined;
  }
  if (r.table !== undefined && r.l3mdev) {
    w.error('table cannot be specified for l3mdev rules');
    return undefined;
  }
  if (!r.noTrack) {
    if (r.protocol !== undefined && r.protocol !== RTPROT_KEEPALIVED) {
      w.error(`Rule cannot be tracked if protocol is not RTPROT_KEEPALIVED(${RTPROT_KEEPALIVED}), resetting protocol`);
    }
    r.protocol = RTPROT_KEEPALIVED;
  }
  if (r.trackGroup !== undefined && r.iif === undefined) {
    w.error('Static rule cannot have track_group if dev/iif not specified');
    r.trackGroup = undefined;
  }
  r.family = family ?? 'inet';
  const resolve = (p: ParsedPrefix | undefined): IpPrefix | undefined =>
    p && { family: p.family ?? r.family, address: p.address, prefixlen: p.prefixlen };
  r.from = resolve(from);
  r.to = resolve(to);
  if (priority === undefined) {
    let next = nextPriority.get(ctx);
    if (!next) nextPriority.set(ctx, (next = { inet: RULE_START_PRIORITY, inet6: RULE_START_PRIORITY }));
    priority = next[r.family]--;
    w.error(`Rule has no preference specified - setting to ${priority}. This is probably not what you want.`);
  }
  r.priority = priority;
  return r;
}
