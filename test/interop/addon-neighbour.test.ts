// The addon's AF_PACKET path: a gratuitous ARP and a keepalived-style unsolicited NA (IPv6 source = the
// VIP), both built by the wasm core, sent from namespace A arrive byte-identical in namespace B (tcpdump) and update B's
// neighbour entries.
import { resolve } from 'node:path';
import t, { Test } from 'tap';
import { buildGarp, buildUnsolicitedNa } from '../../src/core/wasm/neighbour-frames';
import { ipBytes, isAddonBuilt } from '../../src/net/addon';
import { ipv4ToNumber } from '../../src/net/ipv4-number';
import { parsePcap } from '../helpers/pcap';
import { createLab, Lab, LabNode, NsAgent, spawnInNs } from '../helpers/netns';

const AGENT = resolve(__dirname, 'fixtures', 'addon-agent.ts');
const VIP4 = '10.62.0.100';
const VIP6 = 'fd00:62::100';
const STALE_MAC = '02:00:00:00:00:99';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const macBytes = (mac: string): Buffer => Buffer.from(mac.replace(/:/g, ''), 'hex');

/** The frames of a pcap stream from tcpdump -w -. */
function pcapFrames(data: Buffer): Buffer[] {
  return data.length < 24 ? [] : parsePcap(data, 'tcpdump output').frames.map((f) => f.data);
}

async function waitNeighbour(lab: Lab, node: LabNode, addr: string, mac: string): Promise<string | undefined> {
  let got: string | undefined;
  for (let i = 0; i < 40; i++) {
    got = lab.neighbourMac(node, addr);
    if (got === mac) break;
    await sleep(50);
  }
  return got;
}

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('AF_PACKET frames from A arrive unchanged in B', async (t) => {
    t.ok(isAddonBuilt(), 'native addon is built (npm run build)');
    if (!isAddonBuilt()) return;

    const lab = createLab([{ addrs: ['10.62.0.1/24', 'fd00:62::1/64'] }, { addrs: ['10.62.0.2/24', 'fd00:62::2/64'] }]);
    t.teardown(() => lab.cleanup());
    const [a, b] = lab.nodes;
    const agent = await NsAgent.start(a.ns, AGENT);
    t.teardown(() => agent.stop());

    const info = await agent.call<{ ifindex: number; mac: string }>('info', { ifname: 'eth0' });
    t.equal(info.ifindex, a.ifindex, 'ifIndex(eth0) in A');
    t.equal(info.mac, a.mac.replace(/:/g, ''), 'ifMac(eth0) in A');
    const mac = macBytes(a.mac);
    await agent.call('openPacket', { name: 'p', ifname: 'eth0', ethertype: 0 });

    const capture = async (
      t: Test,
      filter: string,
      frame: Buffer,
      check: () => Promise<void>,
    ): Promise<Buffer[]> => {
      const cap = spawnInNs(b.ns, 'tcpdump', ['-i', 'eth0', '--immediate-mode', '-U', '-n', '-Z', 'root', '-w', '-', filter]);
      t.teardown(() => cap.stop('SIGTERM', 3000));
      await cap.waitFor(/listening on/, 10000);
      const sent = await agent.call<number>('sendFrame', { name: 'p', hex: frame.toString('hex') });
      t.equal(sent, frame.length, `sendFrame returned ${frame.length}`);
      await check();
      await sleep(200); // let tcpdump write the frame
      await cap.stop('SIGTERM', 3000);
      return pcapFrames(cap.stdout());
    };

    await t.test('gratuitous ARP', async (t) => {
      lab.exec(b.ns, 'ip', ['neigh', 'replace', VIP4, 'lladdr', STALE_MAC, 'dev', 'eth0', 'nud', 'stale']);
      t.equal(lab.neighbourMac(b, VIP4), STALE_MAC, 'B starts with a stale entry for the VIP');
      const frame = Buffer.from(buildGarp(mac, ipv4ToNumber(VIP4))); // copied: the wasm TX slot is reused
      t.equal(frame.length, 42, 'the GARP frame is 42 bytes');
      let after: string | undefined;
      const frames = await capture(t, 'arp', frame, async () => {
        after = await waitNeighbour(lab, b, VIP4, a.mac);
      });
      const match = frames.filter((f) => f.equals(frame));
      t.equal(match.length, 1, 'tcpdump in B captured the 42-byte frame byte for byte');
      t.equal(after, a.mac, "B's neighbour entry for the VIP now has A's MAC");
    });

    await t.test('unsolicited NA with the VIP as IPv6 source', async (t) => {
      lab.exec(b.ns, 'ip', ['-6', 'neigh', 'replace', VIP6, 'lladdr', STALE_MAC, 'dev', 'eth0', 'nud', 'stale']);
      t.equal(lab.neighbourMac(b, VIP6), STALE_MAC, 'B starts with a stale entry for the VIP');
      const frame = Buffer.from(buildUnsolicitedNa(mac, ipBytes(VIP6), false));
      t.equal(frame.length, 86, 'the NA frame is 86 bytes');
      let after: string | undefined;
      const frames = await capture(t, 'icmp6', frame, async () => {
        after = await waitNeighbour(lab, b, VIP6, a.mac);
      });
      const match = frames.filter((f) => f.equals(frame));
      t.equal(match.length, 1, 'tcpdump in B captured the 86-byte frame byte for byte');
      t.equal(after, a.mac, "B's neighbour entry for the VIP now has A's MAC (checksum accepted)");
    });

    await agent.call('close', { name: 'p' });
    t.equal(await agent.stop(), 0, 'the agent exits cleanly');
  });
}
