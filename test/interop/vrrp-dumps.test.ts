// The dump files next to keepalived 2.2.7's, for the same configuration on two segments side by side: each daemon
// becomes master of two instances, a client namespace sends both the same crafted adverts (one per drop reason,
// and a valid priority-0 one), then each gets SIGUSR2 (keepalived.stats), the JSON signal (keepalived.json) and
// SIGUSR1 (keepalived.data), written under its own $TMPDIR as keepalived does. The stats and JSON files must be
// keepalived's byte for byte once the values that legitimately differ are normalised (adverts sent, which depends
// on how long each ran; the transition time; the segment's network number); every counter the crafted adverts
// move must have moved. The configuration also has a sync group (VI_2 on eth0 with VI_3 on a second interface), a
// vrrp_script, a track_file, static addresses and routes, a virtual route and gratuitous ARP rate limits (a
// garp_group's and the default one), so the data file has every section keepalived writes for them: both data files must have the same sections in the same order (ours adds its
// event-loop figures last), each section line for line once run-time values are normalised (times, socket and
// interface numbers, MAC and link-local addresses, a script's run state, the network number, the temp directory).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import t from 'tap';
import { SIGNUMS } from '../../src/cli/signum';
import { AdvertV4, type AdvertV4Fields, AUTH_NONE, AUTH_PASS } from '../../src/core/wasm/vrrp-codec';
import { isAddonBuilt } from '../../src/net/addon';
import { ipv4ToNumber } from '../../src/net/ipv4-number';
import { inetChecksum } from '../../src/core/wasm/checksum';
import { NsAgent } from '../helpers/netns';
import { createVrrpCluster, type VrrpDaemon } from '../helpers/vrrp-cluster';

const ADDON_AGENT = resolve(__dirname, 'fixtures', 'addon-agent.ts');
const GROUP = '224.0.0.18';

function conf(net: number, dir: string): string {
  return `global_defs {
  router_id dumps
  vrrp_garp_interval 0.01
}
garp_group {
  garp_interval 0.5
  gna_interval 0.2
  interface eth1
}
vrrp_script chk_a {
  script "/bin/true"
  interval 1
  weight -10
}
track_file tf1 {
  file "${dir}/tf1"
  weight 0
}
static_ipaddress {
  10.${net}.9.1/24 dev eth1
}
static_routes {
  10.${net}.50.0/24 via 10.${net}.9.254 dev eth1
}
vrrp_sync_group G1 {
  group {
    VI_2
    VI_3
  }
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 61
  priority 150
  advert_int 1
  authentication {
    auth_type PASS
    auth_pass secret1
  }
  track_script {
    chk_a
  }
  track_file {
    tf1
  }
  virtual_ipaddress {
    10.${net}.0.100/24
    10.${net}.0.101/24 dev eth0 label eth0:1
  }
  virtual_ipaddress_excluded {
    10.${net}.0.102/24
  }
}
vrrp_instance VI_2 {
  state BACKUP
  interface eth0
  virtual_router_id 62
  priority 100
  advert_int 1
  virtual_ipaddress {
    10.${net}.0.110/24
  }
}
vrrp_instance VI_3 {
  state BACKUP
  interface eth1
  virtual_router_id 63
  priority 100
  advert_int 1
  virtual_ipaddress {
    10.${net}.9.120/24
  }
  virtual_routes {
    10.${net}.60.0/24 via 10.${net}.9.254 dev eth1
  }
}
`;
}

/** The VRRP checksum of an IPv4 v2 packet, rewritten after a mutation. */
function fixSum(p: Buffer): Buffer {
  p.writeUInt16BE(0, 26);
  p.writeUInt16BE(inetChecksum(p.subarray(20)), 26);
  return p;
}

/** One crafted advert per counter, for VI_1 (PASS, two VIPs) unless said otherwise. */
function crafted(net: number, sender: string): Array<[string, Buffer]> {
  const vi1 = (over: Partial<AdvertV4Fields> = {}): Buffer => Buffer.from(new AdvertV4({
    version: 2, vrid: 61, priority: 100, addrs: [ipv4ToNumber(`10.${net}.0.100`), ipv4ToNumber(`10.${net}.0.101`)],
    authType: AUTH_PASS, authPass: 'secret1', interval: 1, src: ipv4ToNumber(sender), dst: ipv4ToNumber(GROUP), ...over,
  }).view);
  const type2 = vi1();
  type2[20] = 0x22;
  const longer = Buffer.concat([vi1(), Buffer.alloc(4)]);
  longer.writeUInt16BE(longer.length, 2); // the IP total length says so too: only the VRRP length is wrong
  const badAuthType = vi1();
  badAuthType[24] = 3; // auth type, after version/type, VRID, priority and address count
  return [
    ['length', fixIpSum(longer)],
    ['ttl', vi1({ ttl: 64 })],
    ['type', fixSum(type2)],
    ['interval', vi1({ interval: 2 })],
    ['address list', vi1({ addrs: [ipv4ToNumber(`10.${net}.0.100`)] })],
    ['invalid auth type', fixSum(badAuthType)],
    ['auth type mismatch', vi1({ authType: AUTH_NONE })],
    ['auth failure', vi1({ authPass: 'wrong' })],
    ['priority zero', vi1({ priority: 0 })],
    ['VI_2: auth type mismatch', Buffer.from(new AdvertV4({
      version: 2, vrid: 62, priority: 50, addrs: [ipv4ToNumber(`10.${net}.0.110`)], authType: AUTH_PASS, authPass: 'x',
      interval: 1, src: ipv4ToNumber(sender), dst: ipv4ToNumber(GROUP),
    }).view)],
  ];
}

/** The IPv4 header checksum, rewritten after the total length changed. */
function fixIpSum(p: Buffer): Buffer {
  p.writeUInt16BE(0, 10);
  p.writeUInt16BE(inetChecksum(p.subarray(0, 20)), 10);
  return p;
}

interface Dumps {
  stats: string;
  json: string;
  data: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFile(path: string, ok: (text: string) => boolean, timeoutMs: number): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (ok(text)) return text;
    if (Date.now() > end) throw new Error(`${path} not written (${text.length} bytes)`);
    await sleep(50);
  }
}

async function dumpsOf(net: number, impl: 'keepalived' | 'keepalived-ts'): Promise<Dumps> {
  const dir = mkdtempSync(join(tmpdir(), 'kts-dumps-'));
  const c = await createVrrpCluster({
    instance: { version: 2, family: 4, advertInt: 1 }, nodes: [{ priority: 150 }], clients: 1, net, notify: false, capture: false,
  });
  let agent: NsAgent | undefined;
  try {
    // the second interface: one end of a veth pair kept inside the namespace, with an address of its own
    const ns = c.nodes[0].lab.ns;
    c.lab.exec(ns, 'ip', ['link', 'add', 'eth1', 'type', 'veth', 'peer', 'name', 'eth1p']);
    c.lab.exec(ns, 'ip', ['addr', 'add', `10.${net}.9.2/24`, 'dev', 'eth1']);
    c.lab.exec(ns, 'ip', ['link', 'set', 'eth1p', 'up']);
    c.lab.exec(ns, 'ip', ['link', 'set', 'eth1', 'up']);
    writeFileSync(join(dir, 'tf1'), '0\n');
    writeFileSync(c.nodes[0].conf, conf(net, dir));
    const d: VrrpDaemon = c.start(0, impl, { TMPDIR: dir });
    if (!(await c.waitUntil(() => ['VI_1', 'VI_2', 'VI_3'].every((n) => d.state(n) === 'MASTER'), 30000))) {
      throw new Error(`${impl} did not become master:\n${c.describe()}`);
    }
    agent = await NsAgent.start(c.clients[0].ns, ADDON_AGENT);
    await agent.call('openRaw', { name: 's4', options: { family: 4, protocol: 112, ifname: 'eth0', hdrincl: true, sendOnly: true } });
    const sender = c.clients[0].addrs[0].split('/')[0];
    const packets = crafted(net, sender).map(([, p]) => ({ hex: p.toString('hex'), dst: GROUP }));
    await agent.call('sendBatch', { name: 's4', packets });
    // both log the priority-0 advert; the rest is counted by then (one batch, in order)
    await d.waitForLine(/\(VI_1\) .*priority 0|\(VI_1\) Master received priority 0 message/i, 10000).catch(() => undefined);
    await sleep(300);
    const instances = (text: string): boolean => (text.match(/^VRRP Instance: /gm) ?? []).length === 3;
    process.kill(d.pid, 'SIGUSR2');
    const stats = await waitFile(join(dir, 'keepalived.stats'), instances, 10000);
    process.kill(d.pid, SIGNUMS.JSON);
    const json = await waitFile(join(dir, 'keepalived.json'), (x) => x.endsWith(']') || x.endsWith(']\n'), 10000);
    process.kill(d.pid, 'SIGUSR1');
    await waitFile(join(dir, 'keepalived.data'), (x) => x.includes('------< Interfaces >------') && x.endsWith('\n'), 10000);
    await sleep(500); // the last section may still be being written
    const data = readFileSync(join(dir, 'keepalived.data'), 'utf8');
    return { stats, json, data: data.replaceAll(dir, 'DIR') };
  } finally {
    await agent?.stop();
    await c.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Values that legitimately differ between two runs: adverts sent (run time), the network number. */
function normStats(text: string, net: number): string {
  return text.replace(/(Advertisements:\n {4}Received: \d+\n {4}Sent: )\d+/g, '$1N').replaceAll(`10.${net}.`, '10.NET.');
}

function normJson(text: string, net: number): string {
  return text.replace(/"last_transition":\d+\.\d{6}/g, '"last_transition":T').replace(/"advert_sent":\d+/g, '"advert_sent":N')
    .replaceAll(`10.${net}.`, '10.NET.');
}

/** keepalived's "Global definitions" section of a data dump. */
function globalSection(text: string): string[] {
  const lines = text.split('\n');
  const from = lines.indexOf('------< Global definitions >------');
  if (from < 0) return [];
  const to = lines.findIndex((l, k) => k > from && l.startsWith('------<'));
  return lines.slice(from, to < 0 ? undefined : to);
}

/** A data file's sections by header, each line normalised where the value is only known at run time. */
function sections(text: string, net: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] = [];
  for (const raw of text.replace(/\n$/, '').split('\n')) {
    const header = /^------< (.*) >------$/.exec(raw);
    if (header) {
      current = [];
      let name = header[1] as string;
      for (let n = 2; out.has(name); n++) name = `${header[1]} #${n}`; // one "GARP delay group" per limit
      out.set(name, current);
      continue;
    }
    current.push(raw
      .replace(/= \d+\.\d{6} \(.*\)$/, '= TIME')
      .replace(/next time [1-9]\d*\.\d{6} \(.*\)$/, 'next time TIME')
      .replace(/fd_in \d+(,? fd_out =?) ?\d+/, 'fd_in N$1 N')
      .replace(/^( {3}index = )\d+/, '$1N')
      .replace(/^( {3}MAC = )[0-9a-f:]+$/, '$1M')
      .replace(/fe80::[0-9a-f:]+/, 'fe80::X')
      .replace(/^( {3}State = )(idle|running)$/, '$1S')
      .replaceAll(`10.${net}.`, '10.NET.'));
  }
  return out;
}

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('stats, JSON and data dumps as keepalived writes them', async (t) => {
    t.ok(isAddonBuilt(), 'native addon is built (the sender needs it)');
    if (!isAddonBuilt()) return;
    const [theirs, ours] = await Promise.all([dumpsOf(75, 'keepalived'), dumpsOf(76, 'keepalived-ts')]);

    t.equal(normStats(ours.stats, 76), normStats(theirs.stats, 75), "keepalived.stats: keepalived's layout and counters");
    const vi1 = (JSON.parse(ours.json) as Array<{ stats: Record<string, number> }>)[0].stats;
    for (const counter of ['packet_len_err', 'ip_ttl_err', 'invalid_type_rcvd', 'addr_list_err', 'invalid_authtype', 'authtype_mismatch',
      'auth_failure', 'pri_zero_rcvd']) {
      t.ok(vi1[counter] > 0, `the crafted adverts moved ${counter} (${vi1[counter]})`);
    }
    t.comment(`keepalived 2.2.7's own stats:\n${theirs.stats}`);

    t.equal(normJson(ours.json, 76), normJson(theirs.json, 75), "keepalived.json: keepalived's fields, order and values");
    t.match(ours.json, /"last_transition":\d+\.\d{6},/, 'last_transition printed with six decimals, as keepalived does');

    const theirGlobal = globalSection(theirs.data);
    t.ok(theirGlobal.length > 20, "keepalived's data dump opens with its global definitions");
    t.same(globalSection(ours.data), theirGlobal, 'keepalived.data: the global definitions, line for line');
    const theirSections = sections(theirs.data, 75);
    const ourSections = sections(ours.data, 76);
    t.equal([...ourSections.keys()].at(-1), 'Event loop', 'our event-loop figures come last');
    ourSections.delete('Event loop');
    for (const name of ['Gratuitous ARP delays', 'GARP delay group 0 #2', 'Static Addresses', 'Static Routes', 'VRRP Topology', 'VRRP Sockpool', 'VRRP Sync groups', 'VRRP Scripts',
      'VRRP Track files', 'Interfaces']) {
      t.ok(theirSections.has(name), `keepalived writes "${name}" for this configuration`);
    }
    t.same([...ourSections.keys()], [...theirSections.keys()], "keepalived.data: keepalived's sections, in its order");
    for (const [name, lines] of theirSections) {
      if (name === 'Global definitions') continue; // compared above, unnormalised
      t.same(ourSections.get(name), lines, `keepalived.data "${name}": keepalived's lines`);
    }
  });
}
