// The addon's AF_PACKET path: a gratuitous ARP and a keepalived-style unsolicited NA (IPv6 source = the
// VIP, built by us) sent from namespace A arrive byte-identical in namespace B (tcpdump) and update B's
// neighbour entries.
import { resolve } from 'node:path';
import t, { Test } from 'tap';
import { isAddonBuilt } from '../../src/net/addon';
import { createLab, Lab, NsAgent, spawnInNs } from '../helpers/netns';

const AGENT = resolve(__dirname, 'fixtures', 'addon-agent.ts');
const VIP4 = '10.62.0.100';
const VIP6 = 'fd00:62::100';
const STALE_MAC = '02:00:00:00:00:99';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const macBytes = (mac: string): Buffer => Buffer.from(mac.replace(/:/g, ''), 'hex');
const v4 = (a: string): Buffer => Buffer.from(a.split('.').map(Number));

function v6(a: string): Buffer {
  const [head, tail = ''] = a.split('::');
  const words = (s: string): number[] => (s ? s.split(':').map((w) => parseInt(w, 16)) : []);
  const h = words(head);
  const tl = words(tail);
  const all = [...h, ...new Array<number>(8 - h.length - tl.length).fill(0), ...tl];
  const b = Buffer.alloc(16);
  all.forEach((w, i) => b.writeUInt16BE(w, i * 2));
  return b;
}

/** RFC 1071 checksum of the concatenation of the parts. */
function checksum(...parts: Buffer[]): number {
  const data = Buffer.concat(parts);
  let sum = 0;
  for (let i = 0; i + 1 < data.length; i += 2) sum += data.readUInt16BE(i);
  if (data.length % 2) sum += data[data.length - 1] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function garpFrame(mac: Buffer, vip: Buffer): Buffer {
  return Buffer.concat([
    Buffer.alloc(6, 0xff), // eth dst broadcast
    mac,
    Buffer.from([0x08, 0x06]),
    Buffer.from([0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01]), // htype 1, ptype IPv4, hlen, plen, op request
    mac, // sha
    vip, // spa
    Buffer.alloc(6, 0xff), // tha
    vip, // tpa
  ]);
}

function naFrame(mac: Buffer, vip: Buffer): Buffer {
  const allNodes = v6('ff02::1');
  const icmp = Buffer.concat([
    Buffer.from([136, 0, 0, 0, 0x20, 0, 0, 0]), // type NA, code 0, checksum, flags Override
    vip, // target
    Buffer.from([2, 1]), // option: target link-layer address, length 1 (8 bytes)
    mac,
  ]);
  const pseudo = Buffer.alloc(40);
  vip.copy(pseudo, 0);
  allNodes.copy(pseudo, 16);
  pseudo.writeUInt32BE(icmp.length, 32);
  pseudo[39] = 58;
  icmp.writeUInt16BE(checksum(pseudo, icmp), 2);
  const ip6 = Buffer.alloc(40);
  ip6.writeUInt32BE(0x60000000, 0);
  ip6.writeUInt16BE(icmp.length, 4);
  ip6[6] = 58; // next header ICMPv6
  ip6[7] = 255; // hop limit
  vip.copy(ip6, 8);
  allNodes.copy(ip6, 24);
  return Buffer.concat([Buffer.from([0x33, 0x33, 0, 0, 0, 1]), mac, Buffer.from([0x86, 0xdd]), ip6, icmp]);
}

/** Frames of a pcap stream (Ethernet link type). */
function readPcap(data: Buffer): Buffer[] {
  if (data.length < 24) return [];
  const magic = data.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const u32 = (o: number): number => (le ? data.readUInt32LE(o) : data.readUInt32BE(o));
  if (u32(20) !== 1) throw new Error(`pcap link type ${u32(20)} is not Ethernet`);
  const frames: Buffer[] = [];
  for (let o = 24; o + 16 <= data.length; ) {
    const incl = u32(o + 8);
    if (o + 16 + incl > data.length) break;
    frames.push(data.subarray(o + 16, o + 16 + incl));
    o += 16 + incl;
  }
  return frames;
}

function neighbourMac(lab: Lab, ns: string, addr: string): string | undefined {
  const out = JSON.parse(lab.exec(ns, 'ip', ['-j', 'neigh', 'show', 'to', addr, 'dev', 'eth0'])) as Array<{
    lladdr?: string;
  }>;
  return out[0]?.lladdr;
}

async function waitNeighbour(lab: Lab, ns: string, addr: string, mac: string): Promise<string | undefined> {
  let got: string | undefined;
  for (let i = 0; i < 40; i++) {
    got = neighbourMac(lab, ns, addr);
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
      return readPcap(cap.stdout());
    };

    await t.test('gratuitous ARP', async (t) => {
      lab.exec(b.ns, 'ip', ['neigh', 'replace', VIP4, 'lladdr', STALE_MAC, 'dev', 'eth0', 'nud', 'stale']);
      t.equal(neighbourMac(lab, b.ns, VIP4), STALE_MAC, 'B starts with a stale entry for the VIP');
      const frame = garpFrame(mac, v4(VIP4));
      t.equal(frame.length, 42, 'the GARP frame is 42 bytes');
      let after: string | undefined;
      const frames = await capture(t, 'arp', frame, async () => {
        after = await waitNeighbour(lab, b.ns, VIP4, a.mac);
      });
      const match = frames.filter((f) => f.equals(frame));
      t.equal(match.length, 1, 'tcpdump in B captured the 42-byte frame byte for byte');
      t.equal(after, a.mac, "B's neighbour entry for the VIP now has A's MAC");
    });

    await t.test('unsolicited NA with the VIP as IPv6 source', async (t) => {
      lab.exec(b.ns, 'ip', ['-6', 'neigh', 'replace', VIP6, 'lladdr', STALE_MAC, 'dev', 'eth0', 'nud', 'stale']);
      t.equal(neighbourMac(lab, b.ns, VIP6), STALE_MAC, 'B starts with a stale entry for the VIP');
      const frame = naFrame(mac, v6(VIP6));
      t.equal(frame.length, 86, 'the NA frame is 86 bytes');
      let after: string | undefined;
      const frames = await capture(t, 'icmp6', frame, async () => {
        after = await waitNeighbour(lab, b.ns, VIP6, a.mac);
      });
      const match = frames.filter((f) => f.equals(frame));
      t.equal(match.length, 1, 'tcpdump in B captured the 86-byte frame byte for byte');
      t.equal(after, a.mac, "B's neighbour entry for the VIP now has A's MAC (checksum accepted)");
    });

    await agent.call('close', { name: 'p' });
    t.equal(await agent.stop(), 0, 'the agent exits cleanly');
  });
}
