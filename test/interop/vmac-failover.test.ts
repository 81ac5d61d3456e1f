// Failover between a keepalived 2.2.7 node and a keepalived-ts node that both use use_vmac, seen from a client on
// the same bridge: each master sends its adverts and GARPs from its VMAC (checked on the bridge with tcpdump), so
// a takeover sets the client's neighbour entry for the VIP to 00:00:5e:00:01:VRID; the VIP answers pings; a
// BACKUP keeps its VMAC up without the VIP; SIGTERM removes it. What the client holds after a ping from empty
// neighbour tables (measured: the master's eth0 MAC, learnt from the master's own ARP request) is compared
// between the two implementations rather than assumed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { startCapture } from '../../src/lab/capture';
import type { AdvertEvent } from '../../src/lab/wire-events';
import { createLab, LabNode, NsProcess, spawnDaemonInNs } from '../helpers/netns';
import { addressesOf, macvlans, virtualMac } from '../helpers/vmac-twins';

const VRID = 64;
const VIP = '10.64.0.100';
const VMAC = `vrrp.${VRID}`;
const MAC = virtualMac(4, VRID);

function conf(priority: number): string {
  return `vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id ${VRID}
  priority ${priority}
  advert_int 1
  use_vmac
  virtual_ipaddress {
    ${VIP}/24
  }
}
`;
}

class Node {
  proc: NsProcess | undefined;
  constructor(readonly node: LabNode, readonly kind: 'keepalived' | 'keepalived-ts', readonly dir: string) {}

  start(priority: number): void {
    const file = join(this.dir, `${this.kind}.conf`);
    writeFileSync(file, conf(priority));
    const pid = (w: string): string => join(this.dir, `${this.kind}.${w}.pid`);
    const args = ['-n', '-l', '-D', '-f', file, '-p', pid('parent'), '-r', pid('vrrp'), '-c', pid('checkers')];
    this.proc = spawnDaemonInNs(this.node.ns, this.kind, args);
  }

  /** The state the current run reported last. */
  state(): string | undefined {
    const lines = (this.proc?.stderr() ?? '').split('\n').filter((l) => /\(VI_1\) Entering \w+ STATE/.test(l));
    return /Entering (\w+) STATE/.exec(lines.at(-1) ?? '')?.[1];
  }

  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (p) await p.stop('SIGTERM', 10000);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() > end) return false;
    await sleep(100);
  }
}

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('failover between keepalived and keepalived-ts, both with use_vmac', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kts-vmac-failover-'));
    const lab = createLab([{ addrs: ['10.64.0.1/24'] }, { addrs: ['10.64.0.2/24'] }, { addrs: ['10.64.0.3/24'] }]);
    const theirs = new Node(lab.nodes[0], 'keepalived', dir);
    const ours = new Node(lab.nodes[1], 'keepalived-ts', dir);
    const client = lab.nodes[2];
    const cap = await startCapture(lab.hub, 'br0', join(dir, 'br0.pcap'));
    t.teardown(async () => {
      await Promise.all([theirs.stop(), ours.stop(), cap.stop()]);
      lab.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    /** What the client's neighbour entry for the VIP holds: the virtual MAC, the master's eth0 MAC, or else. */
    const entryKind = (master: Node): string => {
      const mac = lab.neighbourMac(client, VIP);
      return mac === MAC ? 'the virtual MAC' : mac === master.node.mac ? "the master's eth0 MAC" : `another MAC (${mac ?? 'none'})`;
    };
    const pingKinds = new Map<Node['kind'], string[]>();

    const servedBy = async (master: Node, backup: Node | undefined, what: string, hadEntry: boolean): Promise<void> => {
      t.ok(await until(() => master.state() === 'MASTER' && (!backup || backup.state() === 'BACKUP'), 30000),
        `${what}: ${master.kind} MASTER${backup ? `, ${backup.kind} BACKUP` : ''}`);
      t.ok(await until(async () => (await addressesOf(master.node.ns, VMAC)).some((a) => a.includes(VIP)), 10000), `${what}: the VIP is on ${master.kind}'s VMAC`);
      if (backup) {
        t.match(await macvlans(backup.node.ns), [{ ifname: VMAC, address: MAC, operstate: 'UP' }], `${what}: ${backup.kind}'s VMAC is up in BACKUP`);
        t.notOk((await addressesOf(backup.node.ns, VMAC)).some((a) => a.includes(VIP)), `${what}: without the VIP`);
      }
      if (hadEntry) {
        // The takeover's GARPs (sender MAC = the VMAC's) rewrite the entry the client already had.
        t.ok(await until(() => lab.neighbourMac(client, VIP) === MAC, 10000), `${what}: the takeover's GARPs set the client's entry to ${MAC}`);
      }
      const src = master.node.addrs[0].split('/')[0];
      t.ok(await until(() => cap.events().some((e) => e.kind === 'advert' && e.vrid === VRID && e.src === src && e.srcMac === MAC && e.priority > 0), 10000),
        `${what}: ${master.kind}'s adverts leave from ${MAC} on the bridge`);
      // From empty neighbour tables, a ping: the VMAC answers the client's ARP, and the master's reply to the ping
      // (routed out eth0, the older prefix route) asks for the client from eth0 — the client then holds eth0's MAC.
      lab.exec(client.ns, 'ip', ['neigh', 'flush', 'to', VIP]);
      lab.exec(master.node.ns, 'ip', ['neigh', 'flush', 'all']);
      t.ok(await until(() => lab.ping(client, VIP), 15000), `${what}: the client reaches the VIP`);
      const kinds = pingKinds.get(master.kind) ?? [];
      kinds.push(entryKind(master));
      pingKinds.set(master.kind, kinds);
    };

    // keepalived-ts first, with the higher priority; keepalived joins as backup.
    ours.start(200);
    t.ok(await until(() => ours.state() === 'MASTER', 30000), 'keepalived-ts became MASTER alone');
    theirs.start(100);
    await servedBy(ours, theirs, 'keepalived-ts master', false);

    await ours.stop();
    t.same(await macvlans(ours.node.ns), [], 'keepalived-ts removed its VMAC at SIGTERM');
    await servedBy(theirs, undefined, 'after keepalived-ts stopped', true);

    ours.start(200);
    await servedBy(ours, theirs, 'keepalived-ts back with the higher priority', true);

    const k = pingKinds.get('keepalived')?.[0];
    t.same(pingKinds.get('keepalived-ts'), [k, k], `after a ping from empty tables the client holds ${k} whichever implementation is master`);
    const garps = cap.events().filter((e) => e.kind === 'garp' && e.address === VIP);
    t.ok(garps.length > 0 && garps.every((e) => e.srcMac === MAC), `every GARP for the VIP came from ${MAC} (${garps.length} seen)`);
    const senders = new Set(cap.events().filter((e): e is AdvertEvent => e.kind === 'advert' && e.vrid === VRID).map((e) => `${e.src} ${e.srcMac}`));
    t.same([...senders].sort(), [`10.64.0.1 ${MAC}`, `10.64.0.2 ${MAC}`], 'adverts of both implementations carry the virtual MAC');
  });
}
