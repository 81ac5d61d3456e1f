// The addon's raw-socket path: namespace A sends batches with sendmmsg (per-packet hop limit / TTL,
// pktinfo source), namespace B receives them with recvmmsg and must report, per packet, the hop limit /
// TTL, the destination, the source, the arrival ifindex and the exact bytes.
import { resolve } from 'node:path';
import t from 'tap';
import { isAddonBuilt } from '../../src/net/addon';
import { createLab, NsAgent } from '../helpers/netns';
import type { Received } from './fixtures/addon-agent';

const AGENT = resolve(__dirname, 'fixtures', 'addon-agent.ts');

interface Sent {
  hex: string;
  dst: string;
  hops?: number;
  src?: string;
  ifindex?: number;
}

/** A VRRP-looking payload, different for every packet. */
function payload(version: number, i: number, length: number): Buffer {
  const b = Buffer.alloc(length);
  b[0] = (version << 4) | 1;
  b[1] = 60;
  b[2] = 100 + i;
  for (let k = 3; k < length; k++) b[k] = (i * 31 + k * 7) & 0xff;
  return b;
}

function ipv4Checksum(h: Buffer): number {
  let sum = 0;
  for (let i = 0; i < h.length; i += 2) sum += h.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** IPv4 header (20 bytes, our own id and checksum so the kernel changes nothing) + payload. */
function ipv4Packet(src: string, dst: string, ttl: number, id: number, body: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h[1] = 0xc0;
  h.writeUInt16BE(20 + body.length, 2);
  h.writeUInt16BE(id, 4);
  h[8] = ttl;
  h[9] = 112;
  Buffer.from(src.split('.').map(Number)).copy(h, 12);
  Buffer.from(dst.split('.').map(Number)).copy(h, 16);
  h.writeUInt16BE(ipv4Checksum(h), 10);
  return Buffer.concat([h, body]);
}

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('sendmmsg from A, recvmmsg with ancillary data in B', async (t) => {
    t.ok(isAddonBuilt(), 'native addon is built (npm run build)');
    if (!isAddonBuilt()) return;

    const lab = createLab([{ addrs: ['10.63.0.1/24', 'fd00:63::1/64'] }, { addrs: ['10.63.0.2/24', 'fd00:63::2/64'] }]);
    t.teardown(() => lab.cleanup());
    const [a, b] = lab.nodes;
    const sender = await NsAgent.start(a.ns, AGENT);
    t.teardown(() => sender.stop());
    const receiver = await NsAgent.start(b.ns, AGENT);
    t.teardown(() => receiver.stop());

    await t.test('IPv6: hop limit, destination, source, ifindex and bytes per packet', async (t) => {
      await receiver.call('openRaw', { name: 'r6', options: { family: 6, protocol: 112, ifname: 'eth0', rcvbuf: 8 << 20 } });
      await receiver.call('join', { name: 'r6', group: 'ff02::12' });
      const slots = await receiver.call<number>('startReceive', { name: 'r6', slots: 64, slotSize: 2048 });
      t.equal(slots, 64, '64 receive slots');
      await sender.call('openRaw', { name: 's6', options: { family: 6, protocol: 112, ifname: 'eth0', tclass: 0xc0 } });

      const sent: Sent[] = [];
      const expect: Array<{ hops: number; src: string; dst: string }> = [];
      for (let i = 0; i < 14; i++) {
        const p: Sent = { hex: payload(3, i, 24 + i).toString('hex'), dst: 'ff02::12' };
        let hops = 255;
        let src = a.linkLocal;
        if (i % 4 === 3) hops = p.hops = 254; // per-packet IPV6_HOPLIMIT cmsg
        if (i === 5 || i === 6) {
          p.src = 'fd00:63::1'; // IPV6_PKTINFO chooses the source, as keepalived does
          p.ifindex = a.ifindex;
          src = 'fd00:63::1';
        }
        if (i === 9) {
          p.src = a.linkLocal; // pktinfo with the link-local source and the ifindex
          p.ifindex = a.ifindex;
        }
        if (i === 12) {
          p.dst = 'fd00:63::2'; // unicast: source selection gives the global address
          src = 'fd00:63::1';
        }
        sent.push(p);
        expect.push({ hops, src, dst: p.dst });
      }
      const n = await sender.call<number>('sendBatch', { name: 's6', packets: sent });
      t.equal(n, sent.length, `sendmmsg sent all ${sent.length} packets in one call`);

      const got = await receiver.call<Received[]>('collect', { name: 'r6', count: sent.length, timeoutMs: 5000 });
      t.equal(got.length, sent.length, `B received ${sent.length} packets`);
      got.forEach((r, i) => {
        t.same(
          { hex: r.hex, len: r.len, wire: r.wire, trunc: r.trunc, hops: r.hops, dst: r.dst, src: r.src, ifindex: r.ifindex },
          {
            hex: sent[i].hex,
            len: sent[i].hex.length / 2,
            wire: sent[i].hex.length / 2,
            trunc: false,
            hops: expect[i].hops,
            dst: expect[i].dst,
            src: expect[i].src,
            ifindex: b.ifindex,
          },
          `packet ${i}: bytes, hop limit ${expect[i].hops}, ${expect[i].src} > ${expect[i].dst}, ifindex ${b.ifindex}`,
        );
      });
      // The kernel's arrival stamp came with every packet: read within a second of arriving (not a timing claim).
      t.ok(got.every((r) => r.ageUs >= 0 && r.ageUs < 1_000_000), `every packet carries its arrival stamp (ages ${got.map((r) => r.ageUs).join(' ')} µs)`);
      const extra = await receiver.call<Received[]>('collect', { name: 'r6', count: 1, timeoutMs: 300 });
      t.same(extra, [], 'nothing else arrived');
      const sizes = await receiver.call<number[]>('batchSizes', { name: 'r6' });
      t.equal(
        sizes.reduce((x, y) => x + y, 0),
        sent.length,
        `onBatch counts add up (batches: ${sizes.join(',')})`,
      );
      t.same(await receiver.call('receiveErrors', { name: 'r6' }), [], 'no receive errors');
    });

    await t.test('IPv6: a packet longer than its slot is reported truncated', async (t) => {
      await receiver.call('openRaw', { name: 'r6t', options: { family: 6, protocol: 112, ifname: 'eth0' } });
      await receiver.call('join', { name: 'r6t', group: 'ff02::12' });
      await receiver.call('startReceive', { name: 'r6t', slots: 4, slotSize: 64 });
      const big = payload(3, 0, 100);
      await sender.call('sendBatch', { name: 's6', packets: [{ hex: big.toString('hex'), dst: 'ff02::12' }] });
      const [r] = await receiver.call<Received[]>('collect', { name: 'r6t', count: 1, timeoutMs: 5000 });
      t.same(
        { len: r?.len, wire: r?.wire, trunc: r?.trunc, hex: r?.hex },
        { len: 64, wire: 100, trunc: true, hex: big.subarray(0, 64).toString('hex') },
        'first 64 bytes kept, wire length 100, truncated flag set',
      );
      await receiver.call('close', { name: 'r6t' });
      await receiver.call('collect', { name: 'r6', count: 1, timeoutMs: 200 }); // drain r6's copy
    });

    await t.test('IPv4 with IP_HDRINCL: TTL, destination, ifindex and bytes per packet', async (t) => {
      await receiver.call('openRaw', { name: 'r4', options: { family: 4, protocol: 112, ifname: 'eth0' } });
      await receiver.call('join', { name: 'r4', group: '224.0.0.18' });
      await receiver.call('startReceive', { name: 'r4' });
      await sender.call('openRaw', { name: 's4', options: { family: 4, protocol: 112, ifname: 'eth0', hdrincl: true } });

      const sent: Sent[] = [];
      const expect: Array<{ ttl: number; dst: string }> = [];
      for (let i = 0; i < 12; i++) {
        const ttl = i % 4 === 1 ? 254 : 255;
        const dst = i === 10 ? '10.63.0.2' : '224.0.0.18';
        const pkt = ipv4Packet('10.63.0.1', dst, ttl, 0x1000 + i, payload(2, i, 16 + i));
        sent.push({ hex: pkt.toString('hex'), dst });
        expect.push({ ttl, dst });
      }
      const n = await sender.call<number>('sendBatch', { name: 's4', packets: sent });
      t.equal(n, sent.length, `sendmmsg sent all ${sent.length} packets`);
      const got = await receiver.call<Received[]>('collect', { name: 'r4', count: sent.length, timeoutMs: 5000 });
      t.equal(got.length, sent.length, `B received ${sent.length} packets`);
      got.forEach((r, i) => {
        t.same(
          { hex: r.hex, hops: r.hops, dst: r.dst, src: r.src, ifindex: r.ifindex },
          { hex: sent[i].hex, hops: expect[i].ttl, dst: expect[i].dst, src: '10.63.0.1', ifindex: b.ifindex },
          `packet ${i}: IP header + bytes unchanged, TTL ${expect[i].ttl}, dst ${expect[i].dst}, ifindex ${b.ifindex}`,
        );
      });
    });

    await t.test('IPv4 without IP_HDRINCL: per-packet IP_TTL and IP_PKTINFO', async (t) => {
      await sender.call('openRaw', { name: 's4k', options: { family: 4, protocol: 112, ifname: 'eth0', tclass: 0xc0 } });
      const bodies = [0, 1, 2, 3].map((i) => payload(3, i, 20));
      const sent: Sent[] = bodies.map((body, i) => ({
        hex: body.toString('hex'),
        dst: '224.0.0.18',
        ...(i === 1 ? { hops: 254 } : {}),
        ...(i === 2 ? { src: '10.63.0.1', ifindex: a.ifindex } : {}),
      }));
      t.equal(await sender.call('sendBatch', { name: 's4k', packets: sent }), 4, 'sent 4');
      const got = await receiver.call<Received[]>('collect', { name: 'r4', count: 4, timeoutMs: 5000 });
      t.equal(got.length, 4, 'B received 4');
      got.forEach((r, i) => {
        const data = Buffer.from(r.hex, 'hex');
        t.same(
          {
            body: data.subarray(20).toString('hex'),
            hops: r.hops,
            headerTtl: data[8],
            tos: data[1],
            dst: r.dst,
            src: r.src,
            ifindex: r.ifindex,
          },
          {
            body: bodies[i].toString('hex'),
            hops: i === 1 ? 254 : 255,
            headerTtl: i === 1 ? 254 : 255,
            tos: 0xc0,
            dst: '224.0.0.18',
            src: '10.63.0.1',
            ifindex: b.ifindex,
          },
          `packet ${i}: kernel-built header with TTL ${i === 1 ? 254 : 255}, tos 0xc0, payload unchanged`,
        );
      });
    });

    t.equal(await sender.stop(), 0, 'the sending agent exits cleanly');
    t.equal(await receiver.stop(), 0, 'the receiving agent exits cleanly');
  });
}
