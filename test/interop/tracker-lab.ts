// What the tracker interop tests set up alike: a two-node lab on 10.<net>.0.0/24 with one daemon on each node and
// a capture of eth0 on one of them, all torn down with the test; and, for the side-by-side tests (keepalived and
// keepalived-ts each alone and MASTER of a VRID of its own), the start check, the change-then-compare step and the
// closing comparison of advertised priorities.
import { join } from 'node:path';
import type { Test } from 'tap';
import { startCapture, type Capture } from '../../src/lab/capture';
import type { Lab } from '../../src/lab/netns-lab';
import { createLab } from '../helpers/netns';
import { Daemon, prioritySteps, removeDir, sleep, tempDir, until, type Kind } from './tracker-daemons';

export interface TrackerLab {
  dir: string;
  lab: Lab;
  /** The daemons on node 0 and node 1, in the order asked for. */
  daemons: [Daemon, Daemon];
  capture: Capture;
  /** The priority the VRID (and sender) advertised last. */
  prio(vrid: number, srcMac?: string): number | undefined;
}

/** Builds the lab (`what` names the temp dir); the daemons are created, not started. */
export async function trackerLab(t: Test, what: string, net: number, kinds: [[Kind, string], [Kind, string]],
  captureNode = 0): Promise<TrackerLab> {
  const dir = tempDir(what);
  const lab = createLab([{ addrs: [`10.${net}.0.1/24`] }, { addrs: [`10.${net}.0.2/24`] }]);
  const daemons: [Daemon, Daemon] = [
    new Daemon(kinds[0][0], lab.nodes[0], dir, kinds[0][1]),
    new Daemon(kinds[1][0], lab.nodes[1], dir, kinds[1][1]),
  ];
  const capture = await startCapture(lab.nodes[captureNode].ns, 'eth0', join(dir, 'wire.pcap'));
  t.teardown(async () => {
    await Promise.all([daemons[0].stop(), daemons[1].stop(), capture.stop()]);
    lab.cleanup();
    removeDir(dir);
  });
  const prio = (vrid: number, srcMac?: string): number | undefined => prioritySteps(capture.events(), vrid, srcMac).at(-1);
  return { dir, lab, daemons, capture, prio };
}

/** keepalived (VRID theirs) and keepalived-ts (VRID ours) side by side in one tracker lab. */
export class SideBySide {
  constructor(readonly t: Test, readonly tl: TrackerLab, readonly theirs: Daemon, readonly ours: Daemon,
    readonly theirsVrid: number, readonly oursVrid: number) {}

  /** Both MASTER, advertising the same priority. */
  async started(): Promise<void> {
    const { t, theirs, ours } = this;
    const prio = (vrid: number): number | undefined => this.tl.prio(vrid);
    t.ok(await until(() => theirs.state() === 'MASTER' && ours.state() === 'MASTER', 15000), 'both MASTER');
    t.ok(await until(() => prio(this.theirsVrid) !== undefined && prio(this.oursVrid) === prio(this.theirsVrid), 8000),
      `same priority at start (${prio(this.theirsVrid)})`);
  }

  /** After a change: keepalived's priority leaves its value (or settleMs passes), then ours must reach it. */
  async step(what: string, change: () => void, settleMs = 6000): Promise<void> {
    const prio = (vrid: number): number | undefined => this.tl.prio(vrid);
    const before = prio(this.theirsVrid);
    change();
    await until(() => prio(this.theirsVrid) !== before, settleMs);
    await sleep(300);
    const want = prio(this.theirsVrid);
    this.t.ok(await until(() => prio(this.oursVrid) === want, 6000),
      `${what}: keepalived advertises ${want}, keepalived-ts ${prio(this.oursVrid)}`);
  }

  /** The whole sequence of advertised priorities is the same. */
  samePrioritySteps(): void {
    const steps = (vrid: number): number[] => prioritySteps(this.tl.capture.events(), vrid);
    this.t.same(steps(this.oursVrid), steps(this.theirsVrid), 'the same advertised priorities');
    this.t.comment(`keepalived advertised ${steps(this.theirsVrid).join(' → ')}`);
  }
}

/**
 * The instance of the side-by-side tracker tests: VI_1, MASTER at 100 on eth0 with a 1 s advert interval, alone
 * on its VRID, VIP 10.<net>.<vrid>.100/24, followed by `trackers` (its track_* blocks, indented).
 */
export function aloneMaster(net: number, vrid: number, trackers: string): string {
  return `vrrp_instance VI_1 {
  state MASTER
  interface eth0
  virtual_router_id ${vrid}
  priority 100
  advert_int 1
  virtual_ipaddress {
    10.${net}.${vrid}.100/24
  }
${trackers}}
`;
}
