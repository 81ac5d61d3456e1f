// Malformed adverts at a running daemon, side by side with keepalived 2.2.7. Two identical labs (same addresses,
// separate bridges): keepalived-ts in one, keepalived in the other, each alone and MASTER for four instances
// (v2 PASS, v2 AH, v3 unicast, v3 IPv6); a sender in each lab sends the same crafted packets: one of every kind
// the wire checks drop, each with a higher priority than ours, so a packet wrongly accepted would show as a state
// change. Then both are asked for their stats (SIGUSR2) and the error counters must be keepalived's, and neither
// may have changed state. A burst of random packets follows; the daemon must still run, still be MASTER and still
// accept a good advert afterwards.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import t, { type Test } from 'tap';
import { AdvertV4, AdvertV4Fields, AdvertV6, AUTH_AH, AUTH_NONE, AUTH_PASS } from '../../src/core/wasm/vrrp-codec';
import { ipBytes, isAddonBuilt } from '../../src/net/addon';
import { ipv4ToNumber } from '../../src/net/ipv4-number';
import { Implementation, startDaemon, VrrpDaemon } from '../../src/lab/vrrp-daemon';
import { inetChecksum } from '../../src/core/wasm/checksum';
import { createLab, Lab, NsAgent } from '../helpers/netns';
import { mulberry32 } from '../helpers/prng';

const ADDON_AGENT = resolve(__dirname, 'fixtures', 'addon-agent.ts');
const OURS = '10.95.0.1';
const SENDER = '10.95.0.2';
const GROUP = '224.0.0.18';
const GROUP6 = 'ff02::12';
const INSTANCES = ['VI_M', 'VI_AH', 'VI_MU', 'VI_M6'];

const CONF = `global_defs {
  router_id malformed
}
vrrp_instance VI_M {
  state BACKUP
  interface eth0
  virtual_router_id 90
  priority 150
  advert_int 1
  authentication {
    auth_type PASS
    auth_pass secret
  }
  virtual_ipaddress {
    10.95.0.100/24
  }
}
vrrp_instance VI_AH {
  state BACKUP
  interface eth0
  virtual_router_id 93
  priority 150
  advert_int 1
  authentication {
    auth_type AH
    auth_pass k
  }
  virtual_ipaddress {
    10.95.0.103/24
  }
}
vrrp_instance VI_MU {
  state BACKUP
  interface eth0
  version 3
  virtual_router_id 92
  priority 150
  advert_int 1
  unicast_src_ip ${OURS}
  unicast_peer {
    ${SENDER}
  }
  virtual_ipaddress {
    10.95.0.102/24
  }
}
vrrp_instance VI_M6 {
  state BACKUP
  interface eth0
  virtual_router_id 91
  priority 150
  advert_int 1
  virtual_ipaddress {
    fd00:95::101/64
  }
}
`;

interface Packet {
  what: string;
  hex: string;
  dst: string;
  hops?: number;
  ifindex?: number;
}

function v2(over: Partial<AdvertV4Fields> = {}): Buffer {
  return Buffer.from(new AdvertV4({
    version: 2, vrid: 90, priority: 200, addrs: [ipv4ToNumber('10.95.0.100')], authType: AUTH_PASS, authPass: 'secret', interval: 1,
    src: ipv4ToNumber(SENDER), dst: ipv4ToNumber(GROUP), ...over,
  }).view);
}

function ah(over: Partial<AdvertV4Fields> = {}): Buffer {
  return v2({ vrid: 93, addrs: [ipv4ToNumber('10.95.0.103')], authType: AUTH_AH, authPass: 'k', ...over });
}

/** Re-computes the VRRP checksum of a v2 IPv4 packet after a mutation (no pseudo-header in v2). */
function fixV2(p: Buffer, vrrpOffset = 20): Buffer {
  p.writeUInt16BE(0, vrrpOffset + 6);
  p.writeUInt16BE(inetChecksum(p.subarray(vrrpOffset)), vrrpOffset + 6);
  return p;
}

/** The IPv4 cases: each is dropped by the wire checks (the expected counter is keepalived's, read live). */
function ipv4Cases(): Packet[] {
  const type2 = v2();
  type2[20] = 0x22;
  const shortList = v2();
  shortList[23] = 2; // says two addresses, carries one
  const badSum = v2();
  badSum[27] ^= 0x5a;
  const authType3 = v2();
  authType3[24] = 3;
  const tooLong = Buffer.concat([v2(), Buffer.alloc(40)]);
  const v3AtV2 = Buffer.from(new AdvertV4({
    version: 3, vrid: 90, priority: 200, addrs: [ipv4ToNumber('10.95.0.100')], authType: AUTH_NONE, interval: 100,
    src: ipv4ToNumber(SENDER), dst: ipv4ToNumber(GROUP),
  }).view);
  const v3Mcast = Buffer.from(new AdvertV4({
    version: 3, vrid: 92, priority: 200, addrs: [ipv4ToNumber('10.95.0.102')], authType: AUTH_NONE, interval: 100,
    src: ipv4ToNumber(SENDER), dst: ipv4ToNumber(GROUP),
  }).view);
  const badIcv = ah({ ahSeq: 1_000_001 });
  badIcv[20 + 12] ^= 0xff;
  const notVrrpInAh = ah({ ahSeq: 1_000_002 });
  notVrrpInAh[20] = 17;
  const cases: Array<[string, Buffer]> = [
    ['v2: TTL 254', v2({ ttl: 254 })],
    ['v2: wrong auth_pass', v2({ authPass: 'nottheone' })],
    ['v2: bad checksum', badSum],
    ['v2: advert_int 2', v2({ interval: 2 })],
    ['v2: type 2', fixV2(type2)],
    ['v2: two addresses announced, one carried', fixV2(shortList)],
    ['v2: no authentication', v2({ authType: AUTH_NONE })],
    ['v2: auth type 3', fixV2(authType3)],
    ['v2: 40 bytes too long', tooLong],
    ['v2: a VRRPv3 advert', v3AtV2],
    ['v2: an AH advert at a PASS instance', ah({ vrid: 90, addrs: [ipv4ToNumber('10.95.0.100')] })],
    ['v2: unknown VRID 99', v2({ vrid: 99 })],
    ['v2: IP header and 4 bytes', v2().subarray(0, 24)],
    ['AH: a PASS advert at an AH instance', v2({ vrid: 93, addrs: [ipv4ToNumber('10.95.0.103')] })],
    ['AH: wrong ICV', badIcv],
    ['AH: next header not VRRP', notVrrpInAh],
    ['AH: wrong auth_pass', ah({ authPass: 'x', ahSeq: 1_000_003 })],
    ['v3 unicast: a multicast advert', v3Mcast],
  ];
  const out = cases.map(([what, p]) => ({ what, hex: p.toString('hex'), dst: GROUP }));
  const unicast = v2({ dst: ipv4ToNumber(OURS) });
  out.push({ what: 'v2: unicast at a multicast instance', hex: unicast.toString('hex'), dst: OURS });
  return out;
}

function ipv6Cases(senderLinkLocal: string, targetLinkLocal: string, ifindex: number): Packet[] {
  const v6 = (dst = GROUP6, naddr = 1): Buffer => Buffer.from(new AdvertV6({
    vrid: 91, priority: 200, addrs: Array.from({ length: naddr }, () => ipBytes('fd00:95::101')), interval: 100,
    src: ipBytes(senderLinkLocal), dst: ipBytes(dst),
  }).view);
  const type2 = v6();
  type2[0] = 0x32; // the sender's socket computes the checksum (IPV6_CHECKSUM)
  const version2 = v6();
  version2[0] = 0x21;
  const short = v6().subarray(0, 12);
  return [
    { what: 'v6: hop limit 254', hex: v6().toString('hex'), dst: GROUP6, hops: 254 },
    { what: 'v6: 16 bytes too long', hex: Buffer.concat([v6(), Buffer.alloc(16)]).toString('hex'), dst: GROUP6 },
    { what: 'v6: type 2', hex: type2.toString('hex'), dst: GROUP6 },
    { what: 'v6: version 2', hex: version2.toString('hex'), dst: GROUP6 },
    { what: 'v6: 12 bytes', hex: short.toString('hex'), dst: GROUP6 },
    { what: 'v6: unicast at a multicast instance', hex: v6(targetLinkLocal).toString('hex'), dst: targetLinkLocal, ifindex },
  ];
}

/** keepalived's stats file: instance → "Section: Field" → value. */
function parseStats(text: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  let inst: Map<string, number> | undefined;
  let section = '';
  for (const line of text.split('\n')) {
    const head = /^VRRP Instance: (\S+)/.exec(line);
    if (head) {
      inst = new Map();
      out.set(head[1], inst);
      continue;
    }
    const m = /^(\s*)([^:]+):\s*(\d+)?\s*$/.exec(line);
    if (!m || !inst) continue;
    if (m[3] === undefined) section = m[2].trim();
    else inst.set(m[1].length > 2 ? `${section}: ${m[2].trim()}` : m[2].trim(), Number(m[3]));
  }
  return out;
}

/** Figures that depend on timing (adverts we sent), not on what was received. */
const TIMING = new Set(['Advertisements: Sent', 'Priority Zero: Sent']);

interface Side {
  impl: Implementation;
  lab: Lab;
  daemon: VrrpDaemon;
  sender: NsAgent;
  dir: string;
}

async function startSide(t: Test, impl: Implementation): Promise<Side> {
  const lab = createLab([{ addrs: [`${OURS}/24`, 'fd00:95::1/64'] }, { addrs: [`${SENDER}/24`, 'fd00:95::2/64'] }]);
  t.teardown(() => lab.cleanup());
  const dir = mkdtempSync(join(tmpdir(), `kts-malformed-${impl}-`));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const conf = join(dir, 'keepalived.conf');
  writeFileSync(conf, CONF);
  const daemon = startDaemon({ impl, ns: lab.nodes[0].ns, conf, dir, env: { TMPDIR: dir } });
  t.teardown(() => daemon.stop('SIGKILL'));
  const sender = await NsAgent.start(lab.nodes[1].ns, ADDON_AGENT);
  t.teardown(() => sender.stop());
  await sender.call('openRaw', { name: 's4', options: { family: 4, protocol: 112, ifname: 'eth0', hdrincl: true, sendOnly: true } });
  await sender.call('openRaw', { name: 's6', options: { family: 6, protocol: 112, ifname: 'eth0', checksumOffset: 6, tclass: 0xc0, sendOnly: true } });
  return { impl, lab, daemon, sender, dir };
}

async function send(side: Side, socket: 's4' | 's6', packets: readonly Packet[]): Promise<number> {
  return side.sender.call<number>('sendBatch', { name: socket, packets });
}

async function allMaster(side: Side): Promise<void> {
  for (const name of INSTANCES) await side.daemon.waitForLine(new RegExp(`^.*\\(${name}\\) Entering MASTER STATE`), 15000);
}

async function stats(side: Side): Promise<Map<string, Map<string, number>>> {
  const file = join(side.dir, 'keepalived.stats');
  rmSync(file, { force: true });
  process.kill(side.daemon.pid, 'SIGUSR2');
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      const parsed = parseStats(readFileSync(file, 'utf8'));
      if (INSTANCES.every((n) => parsed.get(n)?.has('Priority Zero: Sent'))) return parsed;
    } catch {
      // not written yet
    }
    if (Date.now() > deadline) throw new Error(`${side.impl} wrote no stats file`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Random datagrams: a valid-looking IP header over random VRRP bytes for the known VRIDs, and random IPv6 payloads. */
function noise(seed: number, count: number): { v4: Packet[]; v6: Packet[] } {
  const rnd = mulberry32(seed);
  const v4: Packet[] = [];
  const v6: Packet[] = [];
  const vrids = [90, 91, 92, 93, 99];
  const bases = [ah({ ahSeq: 2_000_000 }), v2()]; // built once: each advert takes wasm memory for good
  for (let i = 0; i < count; i++) {
    const base = bases[i % 3 === 0 ? 0 : 1];
    const len = 20 + Math.floor(rnd() * 80);
    const p = Buffer.alloc(len);
    base.copy(p, 0, 0, Math.min(len, base.length));
    for (let k = 20; k < len; k++) if (rnd() < 0.3) p[k] = Math.floor(rnd() * 256);
    if (len > 21 && p[9] === 112) p[21] = vrids[Math.floor(rnd() * vrids.length)];
    v4.push({ what: 'noise', hex: p.toString('hex'), dst: GROUP });
    // At least 8 bytes: the sending socket writes the checksum at offset 6 (shorter payloads are refused).
    const q = Buffer.alloc(8 + Math.floor(rnd() * 64));
    for (let k = 0; k < q.length; k++) q[k] = Math.floor(rnd() * 256);
    q[0] = rnd() < 0.7 ? 0x31 : q[0];
    q[1] = vrids[Math.floor(rnd() * vrids.length)];
    v6.push({ what: 'noise', hex: q.toString('hex'), dst: GROUP6 });
  }
  return { v4, v6 };
}

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('malformed adverts at a running daemon: dropped, counted as keepalived counts them, no state change', async (t) => {
    t.ok(isAddonBuilt(), 'native addon is built (npm run build)');
    if (!isAddonBuilt()) return;
    const sides = [await startSide(t, 'keepalived'), await startSide(t, 'keepalived-ts')];
    await Promise.all(sides.map(allMaster));
    const linesBefore = sides.map((s) => s.daemon.lines.length);

    const v4 = ipv4Cases();
    for (const side of sides) {
      const [a, b] = side.lab.nodes;
      const v6 = ipv6Cases(b.linkLocal, a.linkLocal, b.ifindex);
      // Three rounds: the counters must count every packet, not only the first of a kind (which alone is logged).
      for (let round = 0; round < 3; round++) {
        t.equal(await send(side, 's4', v4), v4.length, `${side.impl}: ${v4.length} IPv4 packets sent (round ${round + 1})`);
        t.equal(await send(side, 's6', v6), v6.length, `${side.impl}: ${v6.length} IPv6 packets sent (round ${round + 1})`);
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    const [theirs, ours] = await Promise.all(sides.map(stats));
    for (const name of INSTANCES) {
      const k = theirs.get(name);
      const o = ours.get(name);
      t.ok(k && o, `${name}: both wrote stats for it`);
      if (!k || !o) continue;
      const pick = (m: Map<string, number>): Record<string, number> =>
        Object.fromEntries([...m].filter(([f]) => !TIMING.has(f)));
      t.same(pick(o), pick(k), `${name}: every error counter as keepalived's (${[...k].filter(([, v]) => v > 0).map(([f, v]) => `${f} ${v}`).join(', ')})`);
    }
    // keepalived logs the first drop of each kind (until the instance changes state): the same lines, word for word.
    const dropLines = (side: Side): string[] => [...new Set(side.daemon.lines.slice(linesBefore[sides.indexOf(side)])
      .map((l) => l.text.replace(/^.*?(\((VI_\w+)\) |IPSEC)/, '$1'))
      .filter((l) => /^(\(VI_\w+\) |IPSEC)/.test(l) && !/Entering|sent 0 priority|Received advert|forcing|send|setting VIPs|gratuitous/i.test(l)))].sort();
    t.same(dropLines(sides[1]), dropLines(sides[0]), 'the drop log lines are keepalived\'s');
    for (const side of sides) {
      const changes = side.daemon.lines.slice(linesBefore[sides.indexOf(side)]).filter((l) => /Entering (BACKUP|FAULT) STATE/.test(l.text));
      t.same(changes.map((l) => l.text), [], `${side.impl}: no instance left MASTER`);
    }

    // Random packets at ours only (keepalived's own robustness is not under test).
    const side = sides[1];
    const { v4: n4, v6: n6 } = noise(0x5eed, 2000);
    for (let i = 0; i < n4.length; i += 200) {
      await send(side, 's4', n4.slice(i, i + 200));
      await send(side, 's6', n6.slice(i, i + 200));
    }
    await new Promise((r) => setTimeout(r, 1500));
    t.ok(side.daemon.running(), 'keepalived-ts still runs after 4000 random packets');
    for (const name of INSTANCES) t.equal(side.daemon.state(name), 'MASTER', `${name} is still MASTER`);
    t.notOk(side.daemon.lines.some((l) => /handler error|Error:|at .*\.js:\d+/.test(l.text)), 'no exception was logged');
    t.ok(side.lab.hasAddress(side.lab.nodes[0], '10.95.0.100'), 'the VIP is still there');

    // A good advert with a higher priority is still heard: VI_M yields.
    await send(side, 's4', [{ what: 'good', hex: v2().toString('hex'), dst: GROUP }]);
    await side.daemon.waitForLine(/\(VI_M\) Entering BACKUP STATE/, 5000);
    t.pass('VI_M heard a good higher-priority advert afterwards and became BACKUP');
  });
}
