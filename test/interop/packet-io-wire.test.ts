// The real PacketIO (AddonPacketIO) on both ends of a bridge: two namespaces each run it in an agent and exchange
// adverts in every mode (v2 PASS, v2 AH, v3 IPv4, v3 IPv6, unicast IPv4 and IPv6) on channels shared by all
// instances of an interface; corked sends leave in sendmmsg batches; the sockets survive garbage collection with
// only the PacketIO referenced; GARP / NA bursts update the other namespace's neighbour table.
import { resolve } from 'node:path';
import t from 'tap';
import { isAddonBuilt } from '../../src/net/addon';
import type { EndpointSpec } from '../../src/net/packet-io';
import { createLab, NsAgent, spawnInNs } from '../helpers/netns';
import type { AgentAdvert, AgentCounters } from './fixtures/packet-io-agent';

const AGENT = resolve(__dirname, 'fixtures', 'packet-io-agent.ts');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Mode {
  name: string;
  spec: Omit<EndpointSpec, 'name' | 'priority'>;
  /** Per side: overrides (unicast peers / sources). */
  a?: Partial<EndpointSpec>;
  b?: Partial<EndpointSpec>;
}

const MODES: Mode[] = [
  { name: 'VI_PASS', spec: { ifname: 'eth0', family: 4, version: 2, vrid: 81, vips: ['10.91.0.101'], wireInterval: 1, authType: 1, authPass: 'secret' } },
  { name: 'VI_AH', spec: { ifname: 'eth0', family: 4, version: 2, vrid: 82, vips: ['10.91.0.102'], wireInterval: 1, authType: 2, authPass: 'ahsecret' } },
  { name: 'VI_V3', spec: { ifname: 'eth0', family: 4, version: 3, vrid: 83, vips: ['10.91.0.103', '10.91.0.113'], wireInterval: 100 } },
  { name: 'VI_V6', spec: { ifname: 'eth0', family: 6, version: 3, vrid: 84, vips: ['fd00:91::104'], wireInterval: 100 } },
  {
    name: 'VI_UNI', spec: { ifname: 'eth0', family: 4, version: 3, vrid: 85, vips: ['10.91.0.105'], wireInterval: 100 },
    a: { unicastPeers: ['10.91.0.2'], srcIp: '10.91.0.1' }, b: { unicastPeers: ['10.91.0.1'], srcIp: '10.91.0.2' },
  },
  {
    name: 'VI_UNI6', spec: { ifname: 'eth0', family: 6, version: 3, vrid: 86, vips: ['fd00:91::106'], wireInterval: 100 },
    a: { unicastPeers: ['fd00:91::2'], srcIp: 'fd00:91::1', unicastTtl: 255 },
    b: { unicastPeers: ['fd00:91::1'], srcIp: 'fd00:91::2', unicastTtl: 255 },
  },
  {
    name: 'VI_UNIAH', spec: { ifname: 'eth0', family: 4, version: 2, vrid: 87, vips: ['10.91.0.107'], wireInterval: 1, authType: 2, authPass: 'uniah' },
    a: { unicastPeers: ['10.91.0.2'], unicastTtl: 64 }, b: { unicastPeers: ['10.91.0.1'] },
  },
];

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('PacketIO to PacketIO across a bridge', async (t) => {
    t.ok(isAddonBuilt(), 'native addon is built (npm run build)');
    if (!isAddonBuilt()) return;
    const lab = createLab([{ addrs: ['10.91.0.1/24', 'fd00:91::1/64'] }, { addrs: ['10.91.0.2/24', 'fd00:91::2/64'] }]);
    t.teardown(() => lab.cleanup());
    const [na, nb] = lab.nodes;
    const a = await NsAgent.start(na.ns, AGENT, ['--expose-gc']);
    t.teardown(() => a.stop());
    const b = await NsAgent.start(nb.ns, AGENT);
    t.teardown(() => b.stop());

    for (const m of MODES) {
      await a.call('register', { name: m.name, spec: { ...m.spec, ...m.a, name: m.name, priority: 100 } });
      await b.call('register', { name: m.name, spec: { ...m.spec, ...m.b, name: m.name, priority: 100 } });
    }
    const ch4 = await a.call<{ endpoints: number }>('channel', { ifname: 'eth0', family: 4 });
    const ch6 = await a.call<{ endpoints: number }>('channel', { ifname: 'eth0', family: 6 });
    t.same([ch4.endpoints, ch6.endpoints], [5, 2], 'one IPv4 and one IPv6 channel carry all instances of eth0');

    for (const m of MODES) {
      await t.test(m.name, async (t) => {
        const sent = await a.call<number>('send', { name: m.name, priority: 200, count: 2, intervalMs: 50 });
        t.equal(sent, 2, 'A handed two adverts to the kernel');
        const got = await b.call<AgentAdvert[]>('collect', { name: m.name, count: 2, timeoutMs: 3000 });
        t.equal(got.length, 2, 'B received both');
        const unicast = !!m.a?.unicastPeers;
        const src = m.a?.srcIp ?? (m.spec.family === 4 ? '10.91.0.1' : na.linkLocal);
        const dst = unicast ? (m.b?.srcIp ?? '10.91.0.2') : m.spec.family === 4 ? '224.0.0.18' : 'ff02::12';
        const ttl = m.a?.unicastTtl ?? 255;
        for (const g of got) {
          t.same(
            { vrid: g.vrid, version: g.version, priority: g.priority, ttl: g.ttl, src: g.src, dst: g.dst, addrs: g.addrs, ifindex: g.ifindex },
            { vrid: m.spec.vrid, version: m.spec.version, priority: 200, ttl, src, dst, addrs: m.spec.vips, ifindex: nb.ifindex },
            `VRID ${m.spec.vrid} v${m.spec.version} from ${src} to ${dst}, TTL/hop limit ${ttl}`,
          );
        }
        if (m.spec.authType === 2) t.ok(got[1].ahSeq > got[0].ahSeq, `AH sequence advances (${got[0].ahSeq} → ${got[1].ahSeq})`);
        const c = await b.call<AgentCounters>('counters', { name: m.name });
        t.same(c.reasons, { Ok: 2 }, 'B counted two accepted adverts and no drops');
        const own = await a.call<AgentAdvert[]>('collect', { name: m.name, count: 1, timeoutMs: 200 });
        t.same(own, [], 'A did not hear its own adverts (multicast loop off)');
      });
    }

    await t.test('on the wire (tcpdump in B): keepalived\'s IPv4 header, IPv6 traffic class and hop limit', async (t) => {
      const cap = spawnInNs(nb.ns, 'tcpdump', ['-i', 'eth0', '-n', '-v', '-l', '-c', '2', 'ip proto 112 or ip6 proto 112']);
      t.teardown(() => cap.stop('SIGTERM', 3000));
      await cap.waitFor(/listening on/, 10000);
      await a.call('send', { name: 'VI_PASS', priority: 201 });
      await a.call('send', { name: 'VI_V6', priority: 202 });
      await Promise.race([cap.exited, sleep(5000)]);
      const out = cap.stdout().toString();
      t.match(out, /tos 0xc0, ttl 255, id \d+, offset 0, flags \[none\], proto VRRP \(112\)/, 'IPv4: TOS 0xC0, TTL 255, no DF');
      t.match(out, /vrid 81, prio 201, authtype simple/, '… the VRRPv2 advert');
      t.match(out, /class 0xc0, flowlabel 0x[0-9a-f]+, hlim 255, next-header VRRP \(112\)/, 'IPv6: traffic class 0xC0, hop limit 255');
      t.match(out, new RegExp(`${na.linkLocal} > ff02::12: VRRPv3, Advertisement, vrid 84, prio 202`), '… from the link-local address');
      await b.call('collect', { name: 'VI_PASS', count: 1, timeoutMs: 1000 });
      await b.call('collect', { name: 'VI_V6', count: 1, timeoutMs: 1000 });
    });

    await t.test('corked: 500 adverts of 5 instances leave in sendmmsg batches, none dropped', async (t) => {
      const names = ['VI_PASS', 'VI_AH', 'VI_V3', 'VI_UNI', 'VI_UNIAH'];
      const before = await Promise.all(names.map((n) => a.call<AgentCounters>('counters', { name: n })));
      const handed = await a.call<number>('sendCorked', { names, rounds: 100, priority: 150 });
      t.equal(handed, 500, '500 copies handed over');
      const after = await Promise.all(names.map((n) => a.call<AgentCounters>('counters', { name: n })));
      t.same(after.map((c, i) => c.sent - before[i].sent), [100, 100, 100, 100, 100], '100 sent per instance');
      for (const n of names) {
        const got = await b.call<AgentAdvert[]>('collect', { name: n, count: 100, timeoutMs: 5000 });
        t.equal(got.length, 100, `${n}: B received all 100`);
      }
    });

    await t.test('sockets stay open with only the PacketIO referenced (GC)', async (t) => {
      await a.call('forget', { name: 'VI_PASS' });
      const fds = await a.call<number>('fdCount');
      await a.call('gc');
      t.equal(await a.call<number>('fdCount'), fds, 'no descriptor closed by the collector');
      await b.call('send', { name: 'VI_PASS', priority: 120 });
      const got = await a.call<AgentAdvert[]>('collect', { name: 'VI_PASS', count: 1, minPriority: 120, timeoutMs: 3000 });
      t.equal(got[0]?.priority, 120, 'A still receives on the forgotten instance\'s channel after GC');
    });

    await t.test('GARP and unsolicited NA through the PacketIO update B\'s neighbour table', async (t) => {
      const STALE = '02:00:00:00:00:99';
      lab.exec(nb.ns, 'ip', ['neigh', 'replace', '10.91.0.101', 'lladdr', STALE, 'dev', 'eth0', 'nud', 'stale']);
      lab.exec(nb.ns, 'ip', ['-6', 'neigh', 'replace', 'fd00:91::104', 'lladdr', STALE, 'dev', 'eth0', 'nud', 'stale']);
      t.equal(await a.call('garp', { ifname: 'eth0', vip: '10.91.0.101', count: 3 }), 3, '3 GARPs sent');
      t.equal(await a.call('na', { ifname: 'eth0', vip: 'fd00:91::104', count: 2 }), 2, '2 NAs sent');
      let mac4: string | undefined;
      let mac6: string | undefined;
      for (let i = 0; i < 40 && (mac4 !== na.mac || mac6 !== na.mac); i++) {
        await sleep(50);
        mac4 = lab.neighbourMac(nb, '10.91.0.101');
        mac6 = lab.neighbourMac(nb, 'fd00:91::104');
      }
      t.equal(mac4, na.mac, 'the VIP\'s IPv4 neighbour entry in B points at A');
      t.equal(mac6, na.mac, 'the VIP\'s IPv6 neighbour entry in B points at A');
    });

    t.equal(await a.stop(), 0, 'agent A exits cleanly');
    t.equal(await b.stop(), 0, 'agent B exits cleanly');
  });
}
