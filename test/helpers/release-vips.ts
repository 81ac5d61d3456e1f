// Shared by the -X / -V interop tests: a lab of four nodes on one bridge, nodes 1-2 for keepalived's run and 3-4 for
// keepalived-ts's (each pair with its own VRID, so both run at once), the instance configuration, and the
// addresses an instance manages as they are on a node, and the per-flag run of both pairs at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { createLabAsync, type Lab, type LabNode } from '../../src/lab/netns-lab';
import { IMPLEMENTATIONS, type Implementation } from '../../src/lab/vrrp-daemon';
import { addresses } from './conf-node';

export const NET = 88;
export const VIPS = [`10.${NET}.0.100`, `10.${NET}.0.101`];
export const EVIP = `10.${NET}.1.5`;

/** The three ways of starting node 1 that the tests compare. */
export const FLAGS: ReadonlyArray<{ name: string; args: string[] }> = [
  { name: 'no flag', args: [] },
  { name: '-X', args: ['-X'] },
  { name: '-V', args: ['-V'] },
];

export function conf(priority: number, vrid: number): string {
  return `global_defs {
  router_id rv${priority}
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id ${vrid}
  priority ${priority}
  advert_int 0.5
  version 3
  virtual_ipaddress {
    ${VIPS[0]}/24
    ${VIPS[1]}/24
  }
  virtual_ipaddress_excluded {
    ${EVIP}/24
  }
}
`;
}

export interface PairSlot {
  impl: Implementation;
  /** The node under test and its keepalived peer. */
  n1: LabNode;
  n2: LabNode;
  vrid: number;
}

export interface ReleaseLab {
  lab: Lab;
  dir: string;
  slots: PairSlot[];
  dispose(): Promise<void>;
}

export async function releaseLab(): Promise<ReleaseLab> {
  const lab = await createLabAsync([1, 2, 3, 4].map((k) => ({ addrs: [`10.${NET}.0.${k}/24`] })));
  const dir = mkdtempSync(join(tmpdir(), 'kts-relvips-'));
  const slots = IMPLEMENTATIONS.map((impl, i) => ({ impl, n1: lab.nodes[2 * i], n2: lab.nodes[2 * i + 1], vrid: 88 + i }));
  return {
    lab,
    dir,
    slots,
    dispose: async () => {
      await lab.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The VIPs and eVIP present on a node (`ip -o addr` lines). */
export async function managed(node: LabNode): Promise<string[]> {
  return (await addresses(node)).filter((l) => [...VIPS, EVIP].some((v) => l.includes(`${v}/`)));
}

/** Removes what a run left on its nodes, so it does not leak into the next one. */
export async function clearManaged(lab: Lab, nodes: LabNode[]): Promise<void> {
  for (const n of nodes) for (const a of await managed(n)) lab.delAddress(n, a.split(' ')[1]);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * One subtest per flag set: `observe` runs on keepalived's and keepalived-ts's pair at once, and `compare` gets
 * what each saw.
 */
export async function compareEachFlag<Seen>(t: Test, rl: ReleaseLab,
  observe: (s: PairSlot, args: string[], tag: string) => Promise<Seen>,
  compare: (t: Test, flag: string, theirs: Seen, ours: Seen) => void): Promise<void> {
  for (const [i, flag] of FLAGS.entries()) {
    await t.test(flag.name, async (t) => {
      const seen = new Map<Implementation, Seen>();
      await Promise.all(rl.slots.map(async (s) => seen.set(s.impl, await observe(s, flag.args, `f${i}-${s.impl}`))));
      compare(t, flag.name, seen.get('keepalived')!, seen.get('keepalived-ts')!);
    });
  }
}
