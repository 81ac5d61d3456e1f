// Golden GARP / unsolicited NA: every gratuitous ARP and every neighbour advertisement keepalived sent on becoming
// MASTER is reproduced byte for byte by buildGarp / buildUnsolicitedNa, and the captures document how many it sends.
import t from 'tap';
import { buildGarp, buildUnsolicitedNa } from '../../src/core/wasm/neighbour-frames';
import { CAPTURE_NAMES, ip4, ip4ToString, ip6, loadCapture, SENDER_MAC, SENDER_V4 } from './fixtures/captures';

const captures = CAPTURE_NAMES.map(loadCapture);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

t.test('every gratuitous ARP is buildGarp(mac, vip)', async (t) => {
  let n = 0;
  for (const c of captures) {
    for (const g of c.garps) {
      const built = buildGarp(SENDER_MAC, g.vip);
      t.equal(built.length, 42);
      t.equal(hex(built), hex(g.frame.data), `${c.name} frame ${g.frame.index}: GARP for ${ip4ToString(g.vip)}`);
      n++;
    }
  }
  t.ok(n > 0, `${n} GARP frames checked`);
});

t.test('every neighbour advertisement is buildUnsolicitedNa(mac, vip, false)', async (t) => {
  let n = 0;
  for (const c of captures) {
    for (const na of c.nas) {
      const built = buildUnsolicitedNa(SENDER_MAC, na.target, false);
      t.equal(built.length, 86);
      t.equal(hex(built), hex(na.frame.data), `${c.name} frame ${na.frame.index}: NA for target ${hex(na.target)}`);
      n++;
    }
  }
  t.ok(n > 0, `${n} NA frames checked`);
});

t.test('the router flag variant differs only in the flag and the checksum', async (t) => {
  const vip = ip6('fd00:77::100');
  const plain = Buffer.from(buildUnsolicitedNa(SENDER_MAC, vip, false));
  const router = Buffer.from(buildUnsolicitedNa(SENDER_MAC, vip, true));
  t.equal(router[54 + 4], 0xa0, 'Router + Override');
  t.equal(plain[54 + 4], 0x20, 'Override only');
  const diff = [...plain.keys()].filter((i) => plain[i] !== router[i]);
  t.ok(diff.every((i) => i === 56 || i === 57 || i === 58), `differences at ${diff.join(',')}`);
});

// Assertions about the fixtures themselves: they document keepalived 2.2.7's default behaviour.
t.test('fixture behaviour: 5 GARPs / NAs per VIP at takeover (keepalived default)', async (t) => {
  for (const c of captures) {
    const vips = c.conf.vips.map((v) => v.address);
    const sent = c.conf.family === 4
      ? c.garps.map((g) => ip4ToString(g.vip))
      : c.nas.map((na) => c.conf.vips.find((v) => ip6(v.address).equals(na.target))?.address ?? hex(na.target));
    for (const vip of vips) t.equal(sent.filter((s) => s === vip).length, 5, `${c.name}: 5 for ${vip}`);
    t.equal(sent.length, 5 * vips.length, `${c.name}: nothing for other addresses`);
    t.same(sent, Array.from({ length: 5 }, () => vips).flat(), `${c.name}: sent round-robin over the VIPs in conf order`);
    const firstAdvert = c.frames.findIndex((f) => f.kind === 'vrrp4' || f.kind === 'vrrp6');
    const neighbourFrames = c.frames.flatMap((f, i) => (f.kind === 'garp' || f.kind === 'na' ? [i] : []));
    t.ok(neighbourFrames.every((i) => i > firstAdvert), `${c.name}: sent after the first advert`);
    const gap = Number(c.frames[neighbourFrames[neighbourFrames.length - 1]].frame.timeNs - c.frames[neighbourFrames[0]].frame.timeNs);
    t.ok(gap < 50e6, `${c.name}: one back-to-back burst (${(gap / 1e6).toFixed(2)} ms)`);
  }
});

t.test('fixture behaviour: the only other ARP traffic is unicast peer resolution', async (t) => {
  for (const c of captures) {
    if (!c.unicast) {
      t.equal(c.arps.length, 0, `${c.name}: no non-gratuitous ARP`);
      continue;
    }
    const pair = new Set([ip4(SENDER_V4), ip4(c.conf.unicastPeers[0])]);
    t.ok(c.arps.every((a) => pair.has(a.spa) && pair.has(a.tpa) && a.spa !== a.tpa),
      `${c.name}: ${c.arps.length} ARP frames between ${SENDER_V4} and the peer`);
  }
});
