// One route entry (static_routes, virtual_routes) as keepalived 2.2.7's alloc_route() reads it: iproute2 words in
// any order, each option's value read unconditionally (a missing one ends the parse with exit 2), anything that is
// not an option taken as `[to] [TYPE] PREFIX`. keepalived's word-index quirks are kept on purpose: `inet`/`inet6`
// also swallow the word after them, and `default` conflicts with an address family given before it.
import type { BlockEntry } from '../parser/keyword-args';
import type { BuildContext } from '../parser/build-context';
import type { IpFamily, IpPrefix, RouteEntry } from '../model/static-routing';
import { EntryWords } from './ip-entry';
import { interfaceUsable } from './ip-interfaces';
import { parseAddress, ParsedPrefix, parseRoutePrefix } from './ip-prefix';
import { parseEncap } from './ip-route-encap';
import { getUnsigned, parseMetricOption } from './ip-route-metrics';
import { nexthop, parseNexthops, RouteFamily } from './ip-route-nexthops';
import { trackGroupDefined } from './ip-track-group';
import { findDsfield, findProtocol, findRealms, findRouteType, findScope, findTable } from './rt-tables';

const RT_TABLE_MAIN = 254;
const RTN_UNICAST = 1;
export const RTPROT_KEEPALIVED = 18;
const UINT32_MAX = 0xffffffff;
const ICMPV6_ROUTER_PREF: ReadonlyMap<string, number> = new Map([
  ['low', 3],
  ['medium', 0],
  ['high', 1],
]);

function prefixOf(p: ParsedPrefix, family: IpFamily): IpPrefix {
  return { family: p.family ?? family, address: p.address, prefixlen: p.prefixlen };
}

function emptyRoute(entry: BlockEntry): RouteEntry {
  return {
    pos: entry.pos,
    family: 'inet',
    type: RTN_UNICAST,
    to: { family: 'inet', address: undefined, prefixlen: 0 },
    from: undefined,
    src: undefined,
    via: undefined,
    dev: undefined,
    table: RT_TABLE_MAIN,
    metric: undefined,
    protocol: undefined,
    scope: undefined,
    tos: undefined,
    onlink: false,
    realms: undefined,
    expires: undefined,
    mtu: undefined,
    advmss: undefined,
    rtt: undefined,
    rttvar: undefined,
    reordering: undefined,
    window: undefined,
    cwnd: undefined,
    ssthresh: undefined,
    initcwnd: undefined,
    initrwnd: undefined,
    rtoMin: undefined,
    hoplimit: undefined,
    featuresEcn: false,
    quickack: undefined,
    congctl: undefined,
    pref: undefined,
    fastopenNoCookie: undefined,
    ttlPropagate: undefined,
    encap: undefined,
    vrf: undefined,
    nexthops: [],
    noTrack: false,
    trackGroup: undefined,
  };
}

/** The state alloc_route() carries between words. */
interface RouteParse extends RouteFamily {
  readonly w: EntryWords;
  readonly r: RouteEntry;
  dst: ParsedPrefix | undefined;
  from: ParsedPrefix | undefined;
  /** The last destination word (keepalived's messages quote it). */
  dest: string | undefined;
}

/** Sets the entry's family, or reports the mismatch keepalived reports; false when the route is dropped. */
function agreeFamily(p: RouteParse, family: IpFamily | undefined, message: string): boolean {
  if (p.family === undefined) p.family = family;
  else if (family !== undefined && p.family !== family) {
    p.w.error(message);
    return false;
  }
  return true;
}

const MIXED = 'Cannot mix IPv4 and IPv6 addresses for route';

/**
 * Handles the option at `i`. Returns the index of the last word it used, 'drop' when keepalived discards the
 * route, or 'stop' to end the option loop with `i` unchanged (nexthops, a duplicate track_group).
 */
function parseOption(p: RouteParse, i: number, opts: { virtual: boolean }): number | 'drop' | { stop: number; nexthops: boolean } {
  const { w, r } = p;
  const ctx = w.ctx;
  const str = w.slot(i);
  switch (str) {
    case 'inet':
    case 'inet6': {
      const fam: IpFamily = str;
      if (p.family === undefined) p.family = fam;
      else if (p.family !== fam) {
        w.error(fam === 'inet6' ? 'inet6 specified for IPv4 route' : 'inet specified for IPv6 route');
        return 'drop';
      }
      // keepalived steps over the next word as well
      return i + 1;
    }
    case 'src': {
      const word = w.slot(++i);
      const a = parseAddress(w, word, false);
      if (a === undefined) {
        w.error(`invalid route src address ${word}`);
        return 'drop';
      }
      r.src = a.text;
      return agreeFamily(p, a.family, MIXED) ? i : 'drop';
    }
    case 'as':
      if (w.slot(++i) === 'to') i++;
      w.error('"as to" for MPLS only - ignoring');
      return i;
    case 'via':
    case 'gw': {
      if (str === 'gw') w.error('"gw" for routes is deprecated. Please use "via"');
      let word = w.slot(++i);
      let fam = p.family;
      if (word === 'inet' || word === 'inet6') {
        fam = word;
        word = w.slot(++i);
      }
      if (!agreeFamily(p, fam, MIXED)) return 'drop';
      const a = parseAddress(w, word, false);
      if (a === undefined) {
        w.error(`invalid route via address ${word}`);
        return 'drop';
      }
      r.via = { family: a.family, address: a.text };
      return agreeFamily(p, a.family, MIXED) ? i : 'drop';
    }
    case 'from': {
      const word = w.slot(++i);
      const f = parseRoutePrefix(w, word);
      if (f === undefined) {
        w.error(`invalid route from address ${word}`);
        return 'drop';
      }
      if (f.family !== 'inet6') {
        w.error(`route from address only supported with IPv6 (${word})`);
        return 'drop';
      }
      p.from = f;
      return agreeFamily(p, f.family, MIXED) ? i : 'drop';
    }
    case 'tos':
    case 'dsfield': {
      const word = w.slot(++i);
      const tos = findDsfield(ctx.system, word);
      if (tos === undefined) {
        w.error(`TOS value ${word} is invalid`);
        return 'drop';
      }
      r.tos = tos;
      return i;
    }
    case 'table': {
      const word = w.slot(++i);
      const table = findTable(ctx.system, word);
      if (table === undefined) {
        w.error(`Routing table ${word} not found for route`);
        return 'drop';
      }
      r.table = table;
      return i;
    }
    case 'protocol': {
      const word = w.slot(++i);
      const proto = findProtocol(ctx.system, word);
      if (proto === undefined) {
        w.error(`Protocol ${word} not found or invalid for route`);
        return 'drop';
      }
      r.protocol = proto;
      return i;
    }
    case 'scope': {
      const word = w.slot(++i);
      const scope = findScope(ctx.system, word);
      if (scope === undefined) {
        w.error(`Scope ${word} not found or invalid for route`);
        return 'drop';
      }
      r.scope = scope;
      return i;
    }
    case 'metric':
    case 'priority':
    case 'preference': {
      const word = w.slot(++i);
      const v = getUnsigned(w, word, UINT32_MAX, 'Invalid metric %s specified for route');
      if (v === undefined) return 'drop';
      r.metric = v;
      return i;
    }
    case 'dev':
    case 'oif': {
      const word = w.slot(++i);
      if (!interfaceUsable(ctx, word)) {
        w.error(`WARNING - interface ${word} for VROUTE nexthop doesn't exist`);
        return 'drop';
      }
      r.dev = word;
      return i;
    }
    case 'vrf': {
      const word = w.slot(++i);
      if (!ctx.system.interfaceExists(word)) {
        w.error(`VRF ${word} not found for route`);
        return 'drop';
      }
      if (!isVrf(ctx, word)) {
        w.error(`Route specified VRF ${word} is not a VRF`);
        return 'drop';
      }
      r.vrf = word;
      return i;
    }
    case 'onlink':
      r.onlink = true;
      return i;
    case 'append':
    case 'prepend':
      return i;
    case 'encap': {
      const e = parseEncap(w, i);
      r.encap = e.encap ?? r.encap;
      return e.last;
    }
    case 'expires': {
      i++;
      if (p.family === 'inet') {
        w.error('expires is only valid for IPv6');
        return 'drop';
      }
      p.family = 'inet6';
      const v = getUnsigned(w, w.slot(i), UINT32_MAX, 'Invalid expires time %s specified for route');
      if (v === undefined) return 'drop';
      r.expires = v;
      return i;
    }
    case 'hoplimit': {
      const word = w.slot(++i);
      const v = getUnsigned(w, word, 255, 'Invalid hoplimit %s specified for route');
      if (v === undefined) return 'drop';
      r.hoplimit = v;
      return i;
    }
    case 'realms': {
      const word = w.slot(++i);
      const realms = findRealms(ctx.system, word);
      if (realms === undefined) {
        w.error(`Invalid realms ${word} for route`);
        return 'drop';
      }
      if (p.family === 'inet6') {
        w.error('realms are only valid for IPv4');
        return 'drop';
      }
      p.family = 'inet';
      r.realms = realms;
      return i;
    }
    case 'features': {
      const word = w.slot(++i);
      if (word === 'ecn') r.featuresEcn = true;
      else w.error(`feature ${word} not supported`);
      return i;
    }
    case 'quickack': {
      const v = getUnsigned(w, w.slot(++i), 1, 'Invalid quickack value %s specified for route');
      if (v === undefined) return 'drop';
      r.quickack = v;
      return i;
    }
    case 'congctl': {
      const lock = w.slot(++i) === 'lock';
      if (lock) i++;
      r.congctl = { value: w.slot(i), lock };
      return i;
    }
    case 'pref': {
      i++;
      if (p.family === 'inet') {
        w.error('pref is only valid for IPv6');
        return 'drop';
      }
      p.family = 'inet6';
      const word = w.slot(i);
      const named = ICMPV6_ROUTER_PREF.get(word);
      const v = named ?? getUnsigned(w, word, 255, 'Invalid pref value %s specified for route');
      if (v === undefined) return 'drop';
      r.pref = v;
      return i;
    }
    case 'ttl-propagate': {
      const word = w.slot(++i);
      if (word === 'enabled') r.ttlPropagate = true;
      else if (word === 'disabled') r.ttlPropagate = false;
      else {
        w.error(`ttl-propagate value ${word} not recognised`);
        r.ttlPropagate = false;
      }
      return i;
    }
    case 'fastopen_no_cookie': {
      const v = getUnsigned(w, w.slot(++i), 1, 'Invalid fastopen_no_cookie value %s specified for route');
      if (v === undefined) return 'drop';
      r.fastopenNoCookie = v !== 0;
      return i;
    }
    case 'or': {
      w.error('"or" for routes is deprecated. Please use "nexthop"');
      if (r.nexthops.length > 0) {
        w.error('"or" route already specified - ignoring subsequent');
        return i + 1;
      }
      r.nexthops.push(nexthop(r.via));
      r.via = undefined;
      const word = w.slot(++i);
      const a = parseAddress(w, word, false);
      if (a === undefined) {
        w.error(`Invalid "or" address ${word}`);
        return 'drop';
      }
      r.nexthops.push(nexthop({ family: a.family, address: a.text }));
      return i;
    }
    case 'nexthop':
      if (r.nexthops.length > 0) {
        w.error('Cannot specify nexthops with "or" route');
        return { stop: i, nexthops: false };
      }
      return { stop: i, nexthops: true };
    case 'no_track':
      r.noTrack = true;
      return i;
  }
  const metric = parseMetricOption(w, r, str, i);
  if (metric !== undefined) return metric;
  if (!opts.virtual && str === 'track_group') {
    const name = w.slot(++i);
    if (r.trackGroup !== undefined) {
      w.error(`track_group ${name} is a duplicate`);
      return { stop: i, nexthops: false };
    }
    if (trackGroupDefined(ctx, name)) r.trackGroup = name;
    else w.error(`track_group ${name} not found`);
    return i;
  }
  // `[to] [TYPE] PREFIX`; keepalived tests the type on the word before `to` was skipped
  if (str === 'to') i++;
  const type = findRouteType(str);
  if (type !== undefined) {
    r.type = type;
    i++;
  }
  const dest = w.slot(i);
  p.dest = dest;
  const dst = parseRoutePrefix(w, dest);
  if (dst === undefined) {
    w.error(`unknown route keyword ${dest}`);
    return 'drop';
  }
  p.dst = dst;
  if (p.family === undefined) p.family = dst.family;
  else if (p.family !== dst.family) {
    w.error(`${MIXED} (${dest})`);
    return 'drop';
  }
  return i;
}

/** Whether the interface is a VRF master (its sysfs uevent says DEVTYPE=vrf). */
function isVrf(ctx: BuildContext, name: string): boolean {
  return /^DEVTYPE=vrf$/m.test(ctx.system.readText(`/sys/class/net/${name}/uevent`) ?? '');
}

/**
 * Parses one route entry; undefined where keepalived drops it. `defaultDev` is accepted for symmetry with
 * addresses: keepalived gives routes no default interface (an untracked route needs `no_track`).
 */
export function parseRouteEntry(
  ctx: BuildContext,
  entry: BlockEntry,
  opts: { virtual: boolean; defaultDev: string | undefined },
): RouteEntry | undefined {
  const w = new EntryWords(ctx, entry);
  const r = emptyRoute(entry);
  const p: RouteParse = { w, r, family: undefined, dst: undefined, from: undefined, dest: undefined };
  let nexthopsAt: number | undefined;
  let i = 0;
  while (i < w.count) {
    const next = parseOption(p, i, opts);
    if (next === 'drop') return undefined;
    if (typeof next === 'object') {
      i = next.stop;
      if (next.nexthops) nexthopsAt = i;
      break;
    }
    i = next + 1;
  }
  if (nexthopsAt !== undefined) parseNexthops(w, r, p, nexthopsAt);
  else if (i < w.count) {
    w.error(`Route has trailing nonsense - ${w.slot(i)}`);
    return undefined;
  }
  if (p.dst === undefined) {
    w.error('Route must have a destination');
    return undefined;
  }
  if (!r.noTrack) {
    if (r.protocol !== undefined && r.protocol !== RTPROT_KEEPALIVED) {
      w.error(`Route cannot be tracked if protocol is not RTPROT_KEEPALIVED(${RTPROT_KEEPALIVED}), resetting protocol`);
    }
    r.protocol = RTPROT_KEEPALIVED;
    if (r.dev === undefined) {
      w.error(`Warning - cannot track route ${p.dest ?? ''} with no interface specified, not tracking`);
      r.noTrack = true;
    }
  }
  if (r.trackGroup !== undefined && r.dev === undefined) {
    w.error('Static route cannot have track group if no oif specified');
    r.trackGroup = undefined;
  }
  r.family = p.family ?? 'inet';
  r.to = prefixOf(p.dst, r.family);
  r.from = p.from && prefixOf(p.from, r.family);
  return r;
}
