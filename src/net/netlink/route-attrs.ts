// RouteSpec → RTM_NEWROUTE / RTM_DELROUTE payload, with iproute2's defaults (keepalived's route syntax is
// iproute2's, reference §3.5): the scope follows the type and the gateway, tables above 255 travel in RTA_TABLE
// only, and routes carry RTPROT_KEEPALIVED so the monitor can tell ours from everyone else's. On delete, an
// absent scope or type is a wildcard (RT_SCOPE_NOWHERE, RTN_UNSPEC), as `ip route del` sends them.
import type { rt } from 'netlink';
import { afOf, ipBuffer } from './ip-text';
import { u32 } from './host-order';
import { multipathAttr, viaAttr } from './route-nexthops';
import { metricsAttr } from './route-metrics';
import { RouteSpec, RouteType, RTPROT_KEEPALIVED, Scope, TABLE_MAIN } from './types';

/** RTN_* numbers. */
export const ROUTE_TYPES: Readonly<Record<RouteType, number>> = {
  unicast: 1, local: 2, broadcast: 3, anycast: 4, multicast: 5, blackhole: 6, unreachable: 7, prohibit: 8,
  throw: 9, nat: 10,
};

/** RTNH_F_ONLINK, in rtm_flags (the package's RouteFlags has no name for it). */
const RTNH_F_ONLINK = 4;
/** Attributes the package cannot encode (its RTA_VIA layout is wrong; metrics and multipath we build ourselves). */
const RTA_METRICS = 8;
const RTA_MULTIPATH = 9;
const RTA_VIA = 18;


export interface RouteRequest {
  data: rt.Route;
  attrs: rt.RouteAttrs;
}

/** iproute2's default scope for an added route. */
export function defaultRouteScope(spec: Pick<RouteSpec, 'type' | 'via' | 'nexthops'>): number {
  const type = spec.type ?? 'unicast';
  if (type === 'local' || type === 'nat') return Scope.host;
  if (type === 'broadcast' || type === 'multicast' || type === 'anycast') return Scope.link;
  if (type === 'unicast' && !spec.via && !spec.nexthops?.length) return Scope.link;
  return Scope.universe;
}

/** 'default table 254' / '10.1.0.0/16 via 10.0.0.1 dev #3 table 100', for error messages. */
export function describeRoute(spec: RouteSpec): string {
  const parts = [spec.dst === undefined ? 'default' : `${spec.dst}/${spec.dstLen}`];
  if (spec.type && spec.type !== 'unicast') parts.unshift(spec.type);
  if (spec.via) parts.push(`via ${spec.via}`);
  for (const nh of spec.nexthops ?? []) parts.push(`nexthop${nh.via ? ` via ${nh.via}` : ''}${nh.index ? ` dev #${nh.index}` : ''}`);
  if (spec.index) parts.push(`dev #${spec.index}`);
  parts.push(`table ${spec.table ?? TABLE_MAIN}`);
  if (spec.metric !== undefined) parts.push(`metric ${spec.metric}`);
  return parts.join(' ');
}

export function routeRequest(spec: RouteSpec, op: 'add' | 'delete'): RouteRequest {
  const max = spec.family === 4 ? 32 : 128;
  if (!Number.isInteger(spec.dstLen) || spec.dstLen < 0 || spec.dstLen > max) {
    throw new TypeError(`bad destination length ${spec.dstLen} for IPv${spec.family}`);
  }
  if (spec.dst === undefined && spec.dstLen !== 0) throw new TypeError('a default route has destination length 0');
  const table = spec.table ?? TABLE_MAIN;
  const data: rt.Route = {
    family: afOf(spec.family),
    dstLen: spec.dstLen,
    tos: spec.tos ?? 0,
    table: table < 256 ? table : 0,
    protocol: (spec.protocol ?? RTPROT_KEEPALIVED) as rt.RouteProtocol,
    scope: (spec.scope ?? (op === 'add' ? defaultRouteScope(spec) : Scope.nowhere)) as rt.RouteScope,
    type: (spec.type ? ROUTE_TYPES[spec.type] : op === 'add' ? ROUTE_TYPES.unicast : 0) as rt.RouteType,
  };
  if (spec.onlink) data.flags = { __unknown: RTNH_F_ONLINK };
  const attrs: rt.RouteAttrs = { table };
  const raw: Array<[number, Buffer]> = [];
  if (spec.dst !== undefined) attrs.dst = ipBuffer(spec.dst, spec.family);
  if (spec.from !== undefined) {
    attrs.src = ipBuffer(spec.from, spec.family);
    data.srcLen = spec.fromLen ?? (spec.family === 4 ? 32 : 128);
  }
  if (spec.via) {
    if (spec.viaFamily && spec.viaFamily !== spec.family) raw.push([RTA_VIA, viaAttr(spec.via, spec.viaFamily)]);
    else attrs.gateway = ipBuffer(spec.via, spec.family);
  }
  if (spec.index) attrs.oif = spec.index;
  if (spec.metric !== undefined) attrs.priority = spec.metric;
  if (spec.src) attrs.prefsrc = ipBuffer(spec.src, spec.family);
  if (spec.realms !== undefined) attrs.flow = spec.realms;
  if (spec.metrics) {
    const m = metricsAttr(spec.metrics);
    if (m.length > 0) raw.push([RTA_METRICS, m]);
  }
  if (spec.nexthops?.length) raw.push([RTA_MULTIPATH, multipathAttr(spec.nexthops, spec.family)]);
  if (spec.pref !== undefined) attrs.pref = Buffer.from([spec.pref]);
  if (spec.expires !== undefined) attrs.expires = u32(spec.expires);
  if (spec.ttlPropagate !== undefined) attrs.ttlPropagate = spec.ttlPropagate ? 1 : 0;
  // The package writes __unparsed attributes as they are, but refuses any key it does not know while walking the
  // object's keys: hide the list from that walk.
  if (raw.length > 0) Object.defineProperty(attrs, '__unparsed', { value: raw, enumerable: false });
  return { data, attrs };
}
