// Is a route or rule the kernel reports (a deletion, usually) one of ours? keepalived's test, not full equality:
// a route is identified by family, table, destination, metric, tos and (when configured) output interface; a rule
// by its family, priority, action and selectors.
import { canonicalIp } from './ip-text';
import { RULE_ACTIONS } from './rule-attrs';
import type { KernelRoute, KernelRule, RouteSpec, RuleSpec } from './types';
import { TABLE_MAIN } from './types';

function sameIp(a: string | undefined, b: string | undefined, family: 4 | 6): boolean {
  const zero = family === 4 ? '0.0.0.0' : '::';
  return canonicalIp(a ?? zero) === canonicalIp(b ?? zero);
}

export function routeMatches(k: KernelRoute, s: RouteSpec): boolean {
  if (k.family !== s.family || k.table !== (s.table ?? TABLE_MAIN) || k.dstLen !== s.dstLen) return false;
  if ((k.metric ?? 0) !== (s.metric ?? 0) || k.tos !== (s.tos ?? 0)) return false;
  if (s.index !== undefined && k.index !== s.index) return false;
  return sameIp(k.dst, s.dst, s.family);
}

function actionNumber(a: KernelRule['action'] | undefined): number {
  if (a === undefined) return RULE_ACTIONS.table;
  return typeof a === 'number' ? a : RULE_ACTIONS[a];
}

export function ruleMatches(k: KernelRule, s: RuleSpec): boolean {
  if (k.family !== s.family || k.priority !== s.priority) return false;
  const action = actionNumber(s.action ?? 'table');
  if (actionNumber(k.action) !== action) return false;
  if (action === RULE_ACTIONS.goto && k.goto !== s.goto) return false;
  if (action === RULE_ACTIONS.table && k.table !== (s.table ?? TABLE_MAIN)) return false;
  if (k.invert !== !!s.invert || k.tos !== (s.tos ?? 0)) return false;
  const max = s.family === 4 ? 32 : 128;
  if ((k.from === undefined) !== (s.from === undefined)) return false;
  if (s.from !== undefined && (k.fromLen !== (s.fromLen ?? max) || !sameIp(k.from, s.from, s.family))) return false;
  if ((k.to === undefined) !== (s.to === undefined)) return false;
  if (s.to !== undefined && (k.toLen !== (s.toLen ?? max) || !sameIp(k.to, s.to, s.family))) return false;
  if (k.fwmark !== s.fwmark && !(k.fwmark === 0 && s.fwmark === undefined)) return false;
  if (s.fwmask !== undefined ? k.fwmask !== s.fwmask : k.fwmask !== undefined && k.fwmask !== 0xffffffff && k.fwmask !== 0) return false;
  return (k.iif ?? '') === (s.iif ?? '') && (k.oif ?? '') === (s.oif ?? '');
}
