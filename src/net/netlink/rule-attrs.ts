// RuleSpec → RTM_NEWRULE / RTM_DELRULE payload (fib_rules.h), with iproute2's defaults: an added rule without an
// action looks up a table (main unless given), tables above 255 travel in FRA_TABLE only, and rules carry
// RTPROT_KEEPALIVED in FRA_PROTOCOL. On delete everything absent is a wildcard, as the kernel's rule_find() treats
// zero fields.
import type { rt } from 'netlink';
import { u32 } from './host-order';
import { afOf, ipBuffer } from './ip-text';
import { RTPROT_KEEPALIVED, RuleAction, RuleSpec, TABLE_MAIN } from './types';

/** FR_ACT_* numbers. */
export const RULE_ACTIONS: Readonly<Record<RuleAction, number>> = {
  table: 1, goto: 2, nop: 3, blackhole: 6, unreachable: 7, prohibit: 8,
};

export interface RuleRequest {
  data: rt.Rule;
  attrs: rt.RuleAttrs;
}

/** 'from 10.0.0.0/8 lookup 100 pref 100', for error messages. */
export function describeRule(spec: RuleSpec): string {
  const parts: string[] = [];
  if (spec.invert) parts.push('not');
  if (spec.from) parts.push(`from ${spec.from}/${spec.fromLen ?? (spec.family === 4 ? 32 : 128)}`);
  if (spec.to) parts.push(`to ${spec.to}/${spec.toLen ?? (spec.family === 4 ? 32 : 128)}`);
  if (spec.fwmark !== undefined) parts.push(`fwmark ${spec.fwmark}${spec.fwmask !== undefined ? `/${spec.fwmask}` : ''}`);
  if (spec.iif) parts.push(`iif ${spec.iif}`);
  if (spec.oif) parts.push(`oif ${spec.oif}`);
  if (spec.table !== undefined) parts.push(`lookup ${spec.table}`);
  else if (spec.action && spec.action !== 'table') parts.push(spec.action === 'goto' ? `goto ${spec.goto}` : spec.action);
  if (spec.priority !== undefined) parts.push(`pref ${spec.priority}`);
  return parts.join(' ') || 'all';
}

export function ruleRequest(spec: RuleSpec, op: 'add' | 'delete'): RuleRequest {
  const max = spec.family === 4 ? 32 : 128;
  const fromLen = spec.from ? (spec.fromLen ?? max) : 0;
  const toLen = spec.to ? (spec.toLen ?? max) : 0;
  for (const len of [fromLen, toLen]) {
    if (!Number.isInteger(len) || len < 0 || len > max) throw new TypeError(`bad prefix length ${len} for IPv${spec.family}`);
  }
  const action = spec.action ?? (spec.table !== undefined || op === 'add' ? 'table' : undefined);
  if (action === 'goto' && spec.goto === undefined) throw new TypeError('a goto rule needs a target priority');
  const table = spec.table ?? (op === 'add' && action === 'table' ? TABLE_MAIN : undefined);
  const data: rt.Rule = {
    family: afOf(spec.family),
    dstLen: toLen,
    srcLen: fromLen,
    tos: spec.tos ?? 0,
    table: table !== undefined && table < 256 ? table : 0,
    action: (action ? RULE_ACTIONS[action] : 0) as rt.RuleAction,
  };
  if (spec.invert) data.flags = { invert: true };
  const attrs: rt.RuleAttrs = { protocol: spec.protocol ?? RTPROT_KEEPALIVED };
  if (table !== undefined) attrs.table = table;
  if (spec.priority !== undefined) attrs.priority = spec.priority;
  if (spec.from) attrs.src = ipBuffer(spec.from, spec.family);
  if (spec.to) attrs.dst = ipBuffer(spec.to, spec.family);
  if (spec.fwmark !== undefined) attrs.fwmark = spec.fwmark;
  if (spec.fwmask !== undefined) attrs.fwmask = spec.fwmask;
  if (spec.iif) attrs.iifname = spec.iif;
  if (spec.oif) attrs.oifname = spec.oif;
  if (action === 'goto') attrs.goto = spec.goto;
  if (spec.realms !== undefined) attrs.flow = spec.realms;
  if (spec.suppressPrefixlength !== undefined) attrs.suppressPrefixlen = u32(spec.suppressPrefixlength);
  if (spec.suppressIfgroup !== undefined) attrs.suppressIfgroup = u32(spec.suppressIfgroup);
  if (spec.tunnelId !== undefined) {
    // FRA_TUN_ID is big-endian on the wire (__be64).
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(spec.tunnelId));
    attrs.tunId = b;
  }
  if (spec.uidrange) attrs.uidRange = { start: spec.uidrange.start, end: spec.uidrange.end };
  if (spec.l3mdev) attrs.l3Mdev = 1;
  if (spec.ipproto !== undefined) attrs.ipProto = spec.ipproto;
  if (spec.sport) attrs.sportRange = { start: spec.sport.start, end: spec.sport.end };
  if (spec.dport) attrs.dportRange = { start: spec.dport.start, end: spec.dport.end };
  return { data, attrs };
}
