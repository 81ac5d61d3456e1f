// Carries out an instance's actions front to back, in the order the state machine returned them (which is
// keepalived's: the advert first, then the VIPs, then GARPs, then notifications), except that a takeover's advert
// is not held up by the log lines written before it (leadingAdvert).
import type { Action } from '../instance/actions';
import type { PacketIO } from '../../net/packet-io/packet-io';
import type { Logger } from '../../core/logging/logger';
import type { PlannedAddress } from './instance-plan';
import { type InstanceRuntime, wallClockUs } from './instance-runtime';
import type { KernelWriter } from './kernel-writer';
import type { NeighbourPacer } from './neighbour-pacer';
import type { Notifier } from './notifier';
import { firewallElement, type VipFirewall } from './vip-firewall';

export interface ActionServices {
  readonly io: PacketIO;
  readonly kernel: KernelWriter;
  readonly log: Logger;
  readonly notifier: Notifier;
  /** GARP / NA bursts with keepalived's per-interface rate limits. */
  readonly pacer: NeighbourPacer;
  /** no_accept / strict drop rules; absent when the configuration needs no firewall. */
  readonly firewall?: VipFirewall;
  /**
   * Sends what PacketIO holds corked now. An advert that opens a transition must leave before the GARPs and the
   * rest of the transition's work (keepalived sends it first, so the old master drops the VIPs at once).
   */
  readonly flushAdverts: () => void;
  /** global_defs lvs_sync_daemon: the instance's sync daemon role changes (absent without it or without IPVS). */
  readonly lvsSync?: (rt: InstanceRuntime, role: 'master' | 'backup') => void;
  /** Called with every state change (bookkeeping, tests). */
  readonly onStateChange?: (rt: InstanceRuntime, from: string, to: string) => void;
}

export function executeActions(rt: InstanceRuntime, actions: readonly Action[], s: ActionServices): void {
  const early = leadingAdvert(actions);
  if (early >= 0) runAction(rt, actions[early], true, s);
  for (let i = 0; i < actions.length; i++) {
    if (i !== early) runAction(rt, actions[i], i < actions.length - 1, s);
  }
}

/**
 * The index of an advert preceded only by log lines and state bookkeeping (a takeover: "Receive advertisement
 * timeout", the state change, then the advert), or -1 (none, or already first). That advert is sent first: a synchronous log write takes
 * longer than the send, and the advert's time on the wire is the failover time. Nothing that reaches the wire or
 * the kernel changes order, and the log lines keep theirs.
 */
function leadingAdvert(actions: readonly Action[]): number {
  for (let i = 0; i < actions.length; i++) {
    const kind = actions[i].kind;
    if (kind === 'sendAdvert') return i > 0 ? i : -1;
    if (kind !== 'log' && kind !== 'stateChanged') return -1;
  }
  return -1;
}

/** Carries out one action; more: other actions follow, so a corked advert is sent at once. */
function runAction(rt: InstanceRuntime, a: Action, more: boolean, s: ActionServices): void {
  switch (a.kind) {
    case 'sendAdvert':
      rt.endpoint?.sendAdvert(a.priority, a.ahSequence);
      if (more) s.flushAdverts();
      break;
    case 'add': {
      const ids = rt.toInstall(a.what, a.items);
      if (a.what === 'vips' || a.what === 'evips') s.kernel.addAddresses(rt.pick(a.what, ids));
      else if (a.what === 'routes') s.kernel.addRoutes(rt.pick('routes', ids));
      else s.kernel.addRules(rt.pick('rules', ids));
      break;
    }
    case 'remove': {
      const ids = rt.toRemove(a.what, a.items, a.force);
      if (a.what === 'vips' || a.what === 'evips') s.kernel.removeAddresses(rt.pick(a.what, ids));
      else if (a.what === 'routes') s.kernel.removeRoutes(rt.pick('routes', ids));
      else s.kernel.removeRules(rt.pick('rules', ids));
      break;
    }
    case 'sendGarps':
      s.pacer.burst(rt, [...rt.pick('vips', rt.inst.settings.vips), ...rt.pick('evips', rt.inst.settings.evips)], a.count);
      break;
    case 'sendSourceGarp':
      sendSourceAnnouncement(rt, s);
      break;
    case 'log':
      if (a.detail) s.log.detail(a.line);
      else s.log.info(a.line);
      break;
    case 'stateChanged':
      rt.limiter.reset();
      rt.lastTransition = wallClockUs();
      s.onStateChange?.(rt, a.from, a.to);
      break;
    case 'runNotify':
      s.notifier.run(rt.plan.config, a);
      break;
    case 'firewallDrop':
      if (s.firewall) setFirewall(rt, a.install, s.firewall);
      break;
    case 'cancelQueuedGarps':
      s.pacer.cancel(rt);
      break;
    case 'lvsSyncDaemon':
      s.lvsSync?.(rt, a.role);
      break;
  }
}

/**
 * Blocks the instance's current VIPs and eVIPs (and unblocks any a reload took away), or unblocks everything it
 * blocked.
 */
function setFirewall(rt: InstanceRuntime, install: boolean, fw: VipFirewall): void {
  if (!install) {
    fw.unblock(rt.name);
    return;
  }
  const st = rt.inst.settings;
  const addrs = [...rt.pick('vips', st.vips), ...rt.pick('evips', st.evips)];
  const current = new Set(addrs.map((a) => a.id));
  fw.unblock(rt.name, [...rt.items.vips.keys(), ...rt.items.evips.keys()].filter((id) => !current.has(id)));
  const dontTrackPrimary = rt.plan.config.dontTrackPrimary;
  fw.block(rt.name, addrs.map((a) => ({ id: a.id, element: firewallElement(a, rt.plan.ifname, dontTrackPrimary, fw.ifindexOnly) })));
}

/** A unicast instance leaving FAULT announces its own source address so the master can reach it again. */
function sendSourceAnnouncement(rt: InstanceRuntime, s: ActionServices): void {
  const src = rt.inst.settings.sourceAddress;
  try {
    const n = s.io.neighbours(rt.plan.ifname);
    if (rt.plan.endpoint.family === 4) n.sendGarp(src, 1);
    else n.sendUnsolicitedNa(src, 1);
  } catch (e) {
    s.log.error(`(${rt.name}) cannot announce ${src} on ${rt.plan.ifname}: ${(e as Error).message}`);
  }
}
