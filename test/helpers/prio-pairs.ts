// Shared by the lower_prio_no_advert / higher_prio_send_advert wire tests: four nodes on one bridge, nodes 1-2 for
// keepalived's run and 3-4 for keepalived-ts's (each pair with its own VRID, so both run at once and one tcpdump on
// the bridge sees both), a VRRPv3 instance configuration, and the adverts of one node of one pair.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCapture, type Capture } from '../../src/lab/capture';
import { createLabAsync, type Lab, type LabNode } from '../../src/lab/netns-lab';
import { IMPLEMENTATIONS, type Implementation } from '../../src/lab/vrrp-daemon';
import type { AdvertEvent } from '../../src/lab/wire-events';
import { inNs } from './conf-node';

export interface PrioSlot {
  impl: Implementation;
  /** The node under test, and its keepalived peer. */
  node: LabNode;
  peer: LabNode;
  vrid: number;
}

export interface PrioLab {
  lab: Lab;
  dir: string;
  slots: PrioSlot[];
  capture: Capture;
  dispose(): Promise<void>;
}

export async function prioLab(net: number): Promise<PrioLab> {
  const lab = await createLabAsync([1, 2, 3, 4].map((k) => ({ addrs: [`10.${net}.0.${k}/24`] })));
  const dir = mkdtempSync(join(tmpdir(), 'kts-prio-'));
  let capture: Capture;
  try {
    capture = await startCapture(lab.hub, 'br0', join(dir, 'bridge.pcap'));
  } catch (e) {
    await lab.dispose();
    throw e;
  }
  const slots = IMPLEMENTATIONS.map((impl, i) => ({ impl, node: lab.nodes[2 * i], peer: lab.nodes[2 * i + 1], vrid: 90 + i }));
  return {
    lab,
    dir,
    slots,
    capture,
    dispose: async () => {
      await capture.stop();
      await lab.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function instanceConf(net: number, vrid: number, priority: number, state: 'MASTER' | 'BACKUP', extra = '', advertInt = 0.5): string {
  return `global_defs {
  router_id p${priority}
}
vrrp_instance VI_1 {
  state ${state}
  interface eth0
  virtual_router_id ${vrid}
  priority ${priority}
  advert_int ${advertInt}
  version 3
${extra}
  virtual_ipaddress {
    10.${net}.0.${100 + vrid}/24
  }
}
`;
}

/** The adverts a node sent for a VRID, as captured on the bridge so far. */
export function advertsOf(cap: Capture, node: LabNode, vrid: number): AdvertEvent[] {
  return cap.events().filter((e): e is AdvertEvent => e.kind === 'advert' && e.srcMac === node.mac && e.vrid === vrid);
}

/** Makes a node deaf to VRRP (a netfilter drop before any socket sees it): it stays MASTER whatever it is sent. */
export async function deafenToVrrp(node: LabNode): Promise<void> {
  await inNs(node.ns, 'nft', ['add table ip kts_deaf; add chain ip kts_deaf in { type filter hook input priority -300; }; add rule ip kts_deaf in ip protocol vrrp drop']);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
