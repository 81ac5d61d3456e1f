// (c) Malformed adverts at the real receive path: namespace B sends crafted packets with the addon (IP_HDRINCL for
// IPv4, per-packet hop limit for IPv6) at our PacketIO in namespace A, which must drop and count each one per
// instance under its reason (keepalived's counters), count what belongs to no instance on the channel, never
// throw, and still accept a good advert afterwards. An IPv6 advert with a bad checksum never reaches us: the
// kernel drops it (IPV6_CHECKSUM 6 on the receive socket, as keepalived sets it).
import { resolve } from 'node:path';
import t from 'tap';
import { inetChecksum } from '../../src/core/wasm/checksum';
import { AdvertV4, AdvertV4Fields, AdvertV6, AUTH_NONE, AUTH_PASS } from '../../src/core/wasm/vrrp-codec';
import { ipBytes, isAddonBuilt } from '../../src/net/addon';
import { ipv4ToNumber } from '../../src/net/ipv4-number';
import type { EndpointSpec } from '../../src/net/packet-io';
import { createLab, NsAgent } from '../helpers/netns';
import type { AgentAdvert, AgentCounters, AgentDrop } from './fixtures/packet-io-agent';

const PIO_AGENT = resolve(__dirname, 'fixtures', 'packet-io-agent.ts');
const ADDON_AGENT = resolve(__dirname, 'fixtures', 'addon-agent.ts');
const OURS = '10.93.0.1';
const THEIRS = '10.93.0.2';
const GROUP = '224.0.0.18';

const SPECS: EndpointSpec[] = [
  { name: 'VI_M', ifname: 'eth0', family: 4, version: 2, vrid: 90, priority: 100, vips: ['10.93.0.100'], wireInterval: 1, authType: AUTH_PASS, authPass: 'secret' },
  { name: 'VI_MU', ifname: 'eth0', family: 4, version: 3, vrid: 92, priority: 100, vips: ['10.93.0.102'], wireInterval: 100, unicastPeers: [THEIRS] },
  { name: 'VI_M6', ifname: 'eth0', family: 6, version: 3, vrid: 91, priority: 100, vips: ['fd00:93::101'], wireInterval: 100 },
];

/** A v2 PASS advert for VI_M from B, with overrides. */
function v2(over: Partial<AdvertV4Fields> = {}): Buffer {
  return Buffer.from(new AdvertV4({
    version: 2, vrid: 90, priority: 200, addrs: [ipv4ToNumber('10.93.0.100')], authType: AUTH_PASS, authPass: 'secret', interval: 1,
    src: ipv4ToNumber(THEIRS), dst: ipv4ToNumber(GROUP), ...over,
  }).view);
}

/** Rewrites the VRRP checksum of an IPv4 v2 packet (no pseudo-header) after a mutation. */
function fixV2Checksum(p: Buffer): Buffer {
  p.writeUInt16BE(0, 26);
  p.writeUInt16BE(inetChecksum(p.subarray(20)), 26);
  return p;
}

interface BatchPacket {
  hex: string;
  dst: string;
  hops?: number;
}

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('malformed adverts are dropped and counted per instance and reason', async (t) => {
    t.ok(isAddonBuilt(), 'native addon is built (npm run build)');
    if (!isAddonBuilt()) return;
    const lab = createLab([{ addrs: [`${OURS}/24`, 'fd00:93::1/64'] }, { addrs: [`${THEIRS}/24`, 'fd00:93::2/64'] }]);
    t.teardown(() => lab.cleanup());
    const [a, b] = lab.nodes;
    const ours = await NsAgent.start(a.ns, PIO_AGENT);
    t.teardown(() => ours.stop());
    const sender = await NsAgent.start(b.ns, ADDON_AGENT);
    t.teardown(() => sender.stop());
    for (const s of SPECS) await ours.call('register', { name: s.name, spec: s });

    await sender.call('openRaw', { name: 's4', options: { family: 4, protocol: 112, ifname: 'eth0', hdrincl: true, sendOnly: true } });
    await sender.call('openRaw', {
      name: 's6', options: { family: 6, protocol: 112, ifname: 'eth0', checksumOffset: 6, tclass: 0xc0, sendOnly: true },
    });
    await sender.call('openRaw', { name: 's6raw', options: { family: 6, protocol: 112, ifname: 'eth0', sendOnly: true } });

    // IPv4: [what, packet, destination, expected instance reason (undefined: counted on the channel)]
    const type2 = v2();
    type2[20] = 0x22;
    const shortNaddr = v2();
    shortNaddr[23] = 2; // claims two addresses, carries one
    const badSum = v2();
    badSum[27] ^= 0x5a;
    const v3Mcast = Buffer.from(new AdvertV4({
      version: 3, vrid: 92, priority: 200, addrs: [ipv4ToNumber('10.93.0.102')], authType: AUTH_NONE, interval: 100,
      src: ipv4ToNumber(THEIRS), dst: ipv4ToNumber(GROUP),
    }).view);
    const v4Cases: Array<[string, Buffer, string, string | undefined]> = [
      ['TTL 254', v2({ ttl: 254 }), GROUP, 'Ttl'],
      ['wrong auth_pass', v2({ authPass: 'nottheone' }), GROUP, 'AuthPass'],
      ['bad checksum', badSum, GROUP, 'Checksum'],
      ['advert_int 2 s', v2({ interval: 2 }), GROUP, 'AdvertInterval'],
      ['type 2', fixV2Checksum(type2), GROUP, 'Type'],
      ['address count 2, one address', fixV2Checksum(shortNaddr), GROUP, 'TooShort'],
      ['auth type none', v2({ authType: AUTH_NONE }), GROUP, 'AuthTypeMismatch'],
      ['multicast advert to a unicast instance (keepalived reads it on another socket)', v3Mcast, GROUP, undefined],
      ['unknown VRID 99', v2({ vrid: 99 }), GROUP, undefined],
      ['IP header and 4 bytes', v2().subarray(0, 24), GROUP, undefined],
    ];
    const batch: BatchPacket[] = v4Cases.map(([, p, dst]) => ({ hex: p.toString('hex'), dst }));
    t.equal(await sender.call('sendBatch', { name: 's4', packets: batch }), batch.length, `B sent ${batch.length} crafted IPv4 packets`);

    const v6 = (over: { naddr?: number } = {}): Buffer => Buffer.from(new AdvertV6({
      vrid: 91, priority: 200, addrs: Array.from({ length: over.naddr ?? 1 }, () => ipBytes('fd00:93::101')), interval: 100,
      src: ipBytes(b.linkLocal), dst: ipBytes('ff02::12'),
    }).view);
    const tooLong = Buffer.concat([v6(), Buffer.alloc(16)]);
    const v6Cases: Array<[string, BatchPacket, string]> = [
      ['hop limit 254', { hex: v6().toString('hex'), dst: 'ff02::12', hops: 254 }, 'Ttl'],
      ['16 bytes more than the addresses', { hex: tooLong.toString('hex'), dst: 'ff02::12' }, 'TooLong'],
    ];
    t.equal(await sender.call('sendBatch', { name: 's6', packets: v6Cases.map((c) => c[1]) }), 2, 'B sent 2 crafted IPv6 packets');
    const corrupt = v6();
    corrupt.writeUInt16BE(0xbeef, 6);
    t.equal(await sender.call('sendBatch', { name: 's6raw', packets: [{ hex: corrupt.toString('hex'), dst: 'ff02::12' }] }), 1,
      'B sent an IPv6 advert with a wrong checksum (no IPV6_CHECKSUM on its socket)');

    const expectM = v4Cases.filter((c) => c[3]).map((c) => c[3]);
    const dropsM = await ours.call<AgentDrop[]>('drops', { name: 'VI_M', count: expectM.length, timeoutMs: 5000 });
    t.same(dropsM.map((d) => d.reason), expectM, `VI_M: ${expectM.join(', ')}`);
    t.equal(dropsM[0]?.ttl, 254, 'the TTL drop reports the TTL seen');
    const dropsM6 = await ours.call<AgentDrop[]>('drops', { name: 'VI_M6', count: 2, timeoutMs: 2000 });
    t.same(dropsM6.map((d) => d.reason), v6Cases.map((c) => c[2]), `VI_M6: ${v6Cases.map((c) => c[2]).join(', ')}`);

    const cM = await ours.call<AgentCounters>('counters', { name: 'VI_M' });
    t.same(cM.keepalived, {
      packet_len_err: 1, advert_interval_err: 0, ip_ttl_err: 1, invalid_type_rcvd: 1, invalid_authtype: 0, authtype_mismatch: 1,
      auth_failure: 1,
    }, 'VI_M: keepalived\'s counters');
    t.equal(cM.reasons.Checksum, 1, 'VI_M: the checksum drop is counted under its reason (keepalived has no counter for it)');
    const cM6 = await ours.call<AgentCounters>('counters', { name: 'VI_M6' });
    t.same(cM6.reasons, { Ttl: 1, TooLong: 1 }, 'VI_M6: the corrupt-checksum advert never arrived (kernel drop)');
    const ch4 = await ours.call<{ unknownVrid: number; otherSocket: number; unattributed: number; handlerErrors: number }>('channel', { ifname: 'eth0', family: 4 });
    t.same([ch4.unknownVrid, ch4.otherSocket, ch4.unattributed, ch4.handlerErrors], [1, 1, 1, 0],
      'channel: one unknown VRID, one advert for another socket (multicast at a unicast instance), one unattributable packet');
    const cMU = await ours.call<AgentCounters>('counters', { name: 'VI_MU' });
    t.same(cMU.reasons, {}, 'VI_MU never saw the multicast advert');

    t.equal(await sender.call('sendBatch', { name: 's4', packets: [{ hex: v2().toString('hex'), dst: GROUP }] }), 1);
    const good = await ours.call<AgentAdvert[]>('collect', { name: 'VI_M', count: 1, timeoutMs: 3000 });
    t.equal(good[0]?.priority, 200, 'a good advert is still accepted afterwards');
    t.equal(await ours.stop(), 0, 'our agent never threw and exits cleanly');
    t.equal(await sender.stop(), 0);
  });
}
