// VRRP clusters in network namespaces for the interop tests (run as root).
//
// The segment builder lives in src/lab/ (the lab and the failover benchmark use it too) and is re-exported here:
// createVrrpCluster() makes a hub bridge namespace, N node namespaces and optional clients, writes each node's
// keepalived.conf from a small spec (version 2|3, family 4|6, multicast or unicast, auth none|PASS|AH, priority,
// state, nopreempt, advert_int, VIPs, a notify script on every hook appending to notify.log), starts each node as
// `keepalived` or `keepalived-ts` with the same command line and its own pid files, stops it with SIGTERM (to the
// pid) or SIGKILL (a crash: the whole process group), and answers who holds the VIPs (`ip -o addr show` in each
// namespace), each node's state (its "(VI_1) Entering X STATE" log lines) and takeover times.
//
// Takeover time is measured from the observer's capture (tcpdump on the bridge in the hub namespace): the gap
// between the old master's last advert and the new master's first advert. Both timestamps are the same kernel
// clock at the same point of the segment, and that gap is exactly what the protocol bounds (see src/lab/takeover.ts).
//
// This file adds what only tests need: whether keepalived-ts legs can run yet (a leg that needs a daemon that does
// not start is a tap `todo` with the reason, never a pass), and wire-level checks of a node's adverts.
import type { Test } from 'tap';
import { probeDaemon, type ProbeResult } from '../../src/lab/daemon-probe';
import type { VrrpCluster } from '../../src/lab/vrrp-cluster';
import type { Implementation } from '../../src/lab/vrrp-daemon';
import type { AdvertEvent } from '../../src/lab/wire-events';

export { createVrrpCluster } from '../../src/lab/vrrp-cluster';
export type { ClusterNode, NodeState, VrrpCluster, VrrpClusterSpec } from '../../src/lab/vrrp-cluster';
export type { AuthKind, VrrpInstanceSpec, VrrpNodeSpec } from '../../src/lab/vrrp-conf';
export { IMPLEMENTATIONS } from '../../src/lab/vrrp-daemon';
export type { Implementation, VrrpDaemon, VrrpState } from '../../src/lab/vrrp-daemon';
export { findTakeover, protocolBoundMs, skewMs } from '../../src/lab/takeover';
export type { Takeover } from '../../src/lab/takeover';

/**
 * keepalived-ts's daemon runs, so its legs run and fail like any other. KTS_DAEMON_OPTIONAL=1 turns a daemon that
 * does not start into tap todo legs (with the probe's reason) instead, as they were before the daemon existed.
 */
export const DAEMON_REQUIRED = process.env.KTS_DAEMON_OPTIONAL !== '1';

let tsProbe: Promise<ProbeResult> | undefined;

/** Whether keepalived-ts's daemon starts here (probed once per process). */
export function keepalivedTsStatus(): Promise<ProbeResult> {
  tsProbe ??= probeDaemon('keepalived-ts');
  return tsProbe;
}

/** The todo reason for a leg that runs these implementations, or false when it can run. */
export async function legTodo(impls: Implementation[]): Promise<string | false> {
  if (!impls.includes('keepalived-ts') || DAEMON_REQUIRED) return false;
  const s = await keepalivedTsStatus();
  return s.ready ? false : `keepalived-ts daemon does not run yet: ${s.detail}`;
}

/** Short names for implementations in test titles. */
export const short = (impl: Implementation): string => (impl === 'keepalived' ? 'ka' : 'kts');

/** keepalived's log lines about an advert it refused (vrrp_check_packet and the read dispatcher). */
export const RECEIVE_ERROR = /invalid|wrong version|too (short|long)|IPSEC|[Cc]hecksum|authentication|auth type|advertisement interval mismatch|address list|not present in advert|ttl|not a unicast peer/i;

/** The receive errors a node logged for the instance, over all its runs. */
export function receiveErrors(cluster: VrrpCluster, i: number): string[] {
  return cluster.nodes[i].runs.flatMap((d) => d.lines.map((l) => l.text)).filter((l) => l.includes('(VI_1)') && RECEIVE_ERROR.test(l));
}

/** node i's adverts in the capture. */
export function advertsOf(cluster: VrrpCluster, i: number): AdvertEvent[] {
  const mac = cluster.nodes[i].lab.mac;
  return cluster.events().filter((e): e is AdvertEvent => e.kind === 'advert' && e.srcMac === mac);
}

/**
 * Checks node i's adverts on the wire against the instance spec: version, VRID, interval, AH framing and v2 auth
 * type, TTL / hop limit 255 (multicast), destination (group or a peer), source (node address, or its fe80::
 * address for IPv6 multicast), and only priorities 0 or the node's own.
 */
export function checkAdverts(t: Test, cluster: VrrpCluster, i: number): void {
  const n = cluster.nodes[i];
  const spec = cluster.instance;
  const ads = advertsOf(cluster, i);
  const who = `${n.name} (${n.runs.map((d) => d.impl).join(', ')})`;
  if (!t.ok(ads.length > 0, `${who} advertised`)) return;
  const group = spec.family === 4 ? '224.0.0.18' : 'ff02::12';
  const peers = cluster.nodes.filter((m) => m.index !== i).map((m) => m.address);
  const src = spec.family === 6 && !spec.unicast ? n.lab.linkLocal : n.address;
  const authType = spec.version === 3 ? 0 : ({ none: 0, PASS: 1, AH: 2 } as const)[spec.auth ?? 'none'];
  const bad = ads.filter((a) => a.version !== spec.version || a.vrid !== (spec.vrid ?? 51) || a.intervalS !== spec.advertInt
    || a.ah !== (spec.auth === 'AH') || a.authType !== authType || a.src !== src
    || (spec.unicast ? !peers.includes(a.dst) : a.dst !== group || a.ttl !== 255)
    || (a.priority !== 0 && a.priority !== n.spec.priority));
  t.same(bad.slice(0, 3), [], `${who}: all ${ads.length} adverts are v${spec.version} vrid ${spec.vrid ?? 51} from ${src} to ${spec.unicast ? 'its peers' : group}${spec.auth && spec.auth !== 'none' ? ` with ${spec.auth}` : ''}, priority ${n.spec.priority} or 0`);
}
