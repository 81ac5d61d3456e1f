// What reaches a running daemon besides good adverts: malformed packets of every drop reason (dropped, counted,
// logged once, never a crash), a VIP deleted behind its back, its interface going down and up, the SIGUSR dumps.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdvertV4, AUTH_AH, AUTH_PASS } from '../../src/core/wasm/vrrp-codec';
import { ipv4ToNumber } from '../../src/net/ipv4-number';
import { DropReason } from '../../src/vrrp/drop-reason';
import { timerExpiredLine } from '../../src/vrrp/daemon/loop-lag';
import { config, FakeWorld, instanceBlock, S } from './vrrp-daemon-harness';

/** RFC 1071 over b (test-side, to re-seal edited packets). */
function cksum(b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 2) sum += (b[i] << 8) + (i + 1 < b.length ? b[i + 1] : 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** A good VRRPv2 advert from 10.9.0.2 (PASS "secret", or AH), as a private copy. */
function advert(o: { vrid?: number; auth?: 'pass' | 'ah'; priority?: number; ttl?: number; dst?: string } = {}): Buffer {
  const a = new AdvertV4({
    version: 2, vrid: o.vrid ?? 51, priority: o.priority ?? 100, addrs: [ipv4ToNumber('10.9.0.100')],
    authType: o.auth === 'ah' ? AUTH_AH : AUTH_PASS, authPass: 'secret', interval: 1,
    src: ipv4ToNumber('10.9.0.2'), dst: ipv4ToNumber(o.dst ?? '224.0.0.18'), ttl: o.ttl ?? 255,
  });
  return Buffer.from(a.view);
}

/** Re-seals the VRRP checksum of a PASS advert (IP header 20 bytes, one VIP). */
function reseal(p: Buffer): Buffer {
  p.writeUInt16BE(0, 26);
  p.writeUInt16BE(cksum(p.subarray(20, 20 + 8 + 4 + 8)), 26);
  return p;
}

t.test('malformed adverts of every kind are dropped and counted; the master stays master', async (t) => {
  const w = new FakeWorld();
  t.teardown(() => w.close());
  const a = w.node('A', '10.9.0.1');
  const ah = instanceBlock({ name: 'VI_AH', vrid: 52, priority: 150, vips: ['10.9.0.200/24'] }).replace('auth_type PASS', 'auth_type AH');
  await a.daemon.start(config(instanceBlock({ priority: 150 }) + ah));
  await w.runTo(5 * S);
  t.equal(a.state(), 'MASTER');
  t.equal(a.state('VI_AH'), 'MASTER');
  const pass = a.daemon.instance('VI_1')!.endpoint!;
  const ahEp = a.daemon.instance('VI_AH')!.endpoint!;

  const cases: Array<[string, Buffer, DropReason, typeof pass]> = [
    ['TTL 254', advert({ ttl: 254 }), DropReason.Ttl, pass],
    ['version 3 header', reseal(Object.assign(advert(), {}).fill(0x31, 20, 21)), DropReason.Version, pass],
    ['wrong password', reseal(advert().fill(0x41, 32, 40)), DropReason.AuthPass, pass],
    ['auth type 0', reseal(advert().fill(0, 24, 25)), DropReason.AuthTypeMismatch, pass],
    ['auth type 7', reseal(advert().fill(7, 24, 25)), DropReason.InvalidAuthType, pass],
    ['interval 2', reseal(advert().fill(2, 25, 26)), DropReason.AdvertInterval, pass],
    ['type 2', reseal(advert().fill(0x22, 20, 21)), DropReason.Type, pass],
    ['bad checksum', advert().fill(0xff, 26, 28), DropReason.Checksum, pass],
    ['too short', advert().subarray(0, 34), DropReason.TooShort, pass],
    ['too long', Buffer.concat([advert(), Buffer.alloc(40)]), DropReason.TooLong, pass],
    ['AH header for a PASS instance', advert({ auth: 'ah' }).fill(51, 21, 22), DropReason.AhPresence, pass],
    ['unicast destination', reseal(advert({ dst: '10.9.0.1' })), DropReason.DstMode, pass],
    ['AH ICV broken', advert({ vrid: 52, auth: 'ah' }).fill(0, 32, 44), DropReason.AhIcv, ahEp],
    ['PASS packet for the AH instance', advert({ vrid: 52 }), DropReason.AhPresence, ahEp],
  ];
  const seen = new Set<DropReason>();
  for (const [what, bytes, reason, ep] of cases) {
    const before = ep.counters.byReason[reason];
    for (let i = 0; i < 3; i++) a.io.inject('eth0', 4, bytes, { src: '10.9.0.2', dst: what === 'unicast destination' ? '10.9.0.1' : '224.0.0.18' });
    await w.runFor(10_000);
    if (reason === DropReason.AhPresence || reason === DropReason.DstMode) {
      // keepalived reads AH and VRRP, multicast and unicast, on separate sockets: the other kind never reaches
      // the instance.
      t.equal(ep.counters.byReason[reason] - before, 0, `${what}: never reaches the instance`);
      continue;
    }
    t.equal(ep.counters.byReason[reason] - before, 3, `${what}: counted as ${DropReason[reason]}`);
    seen.add(reason);
  }
  a.io.inject('eth0', 4, Buffer.from([0x45, 0, 0]));
  a.io.inject('eth0', 4, advert({ vrid: 99 }));
  await w.runFor(10_000);
  t.equal(a.state(), 'MASTER', 'still MASTER');
  t.equal(a.state('VI_AH'), 'MASTER');
  t.ok(seen.size >= 9, `${seen.size} distinct drop reasons exercised`);
  t.equal(a.lines.filter((l) => l === '(VI_1) invalid TTL/HL. Received 254 and expect 255').length, 1, 'logged once per kind');
  t.ok(a.lines.includes('(VI_1) received an invalid passwd!'));
  t.ok(a.lines.includes("(VI_1) advertisement interval mismatch mine=1 sec rcv'd=2 sec"));
  t.ok(a.daemon.statsText().includes('    TTL: 3\n'), 'the stats dump counts them');
  await w.runFor(3 * S);
  t.equal(a.state(), 'MASTER', 'and keeps advertising');
});

t.test('a VIP deleted by someone else: the master leaves MASTER, then (alone) wins the re-election', async (t) => {
  const w = new FakeWorld();
  t.teardown(() => w.close());
  const a = w.node('A', '10.9.0.1');
  await a.daemon.start(config(instanceBlock({ priority: 150 })));
  await w.runTo(5 * S);
  t.equal(a.state(), 'MASTER');
  a.netlink.externalDeleteAddress({ family: 4, index: 2, address: '10.9.0.100', prefix: 24 });
  await w.runFor(1000);
  t.equal(a.state(), 'BACKUP', 'left MASTER at once');
  await w.runFor(2 * S);
  t.equal(a.state(), 'MASTER', 'back after the skew time');
  t.same(a.vips(), ['10.9.0.100/24'], 'VIP restored');
  const ours = a.daemon.transitions.filter((x) => x.from === 'MASTER');
  t.equal(ours.length, 1, 'our own removals never count as external');
});

t.test('interface down: FAULT and VIPs removed; up: BACKUP again, then MASTER', async (t) => {
  const w = new FakeWorld();
  t.teardown(() => w.close());
  const a = w.node('A', '10.9.0.1');
  await a.daemon.start(config(instanceBlock({ priority: 150, extra: 'notify "/bin/true"' })));
  await w.runTo(5 * S);
  t.equal(a.state(), 'MASTER');
  a.netlink.externalSetLink({ index: 2, name: 'eth0', running: false });
  await w.runFor(1000);
  t.equal(a.state(), 'FAULT');
  t.ok(a.lines.includes('Netlink reports eth0 down'));
  t.ok(a.lines.includes('(VI_1) Entering FAULT STATE'));
  t.same(a.vips(), []);
  t.same(a.scripts.at(-1)?.argv, ['/bin/true', 'INSTANCE', 'VI_1', 'FAULT', '150']);
  a.netlink.externalSetLink({ index: 2, name: 'eth0', running: true });
  await w.runFor(1000);
  t.equal(a.state(), 'BACKUP');
  await w.runFor(4 * S);
  t.equal(a.state(), 'MASTER');
});

t.test('the dumps: data (USR1), stats (USR2), JSON, STATS_CLEAR', async (t) => {
  const w = new FakeWorld();
  t.teardown(() => w.close());
  const a = w.node('A', '10.9.0.1');
  await a.daemon.start(config(instanceBlock({ priority: 150 })));
  await w.runTo(5 * S);
  await a.daemon.writeStats();
  await a.daemon.writeData();
  const dir = (a.daemon as unknown as { options: { tmpDir: string } }).options.tmpDir;
  const stats = readFileSync(join(dir, 'keepalived.stats'), 'utf8');
  t.match(stats, /^VRRP Instance: VI_1\n  Advertisements:\n    Received: 0\n    Sent: \d+\n  Became master: 1\n/);
  const data = readFileSync(join(dir, 'keepalived.data'), 'utf8');
  t.match(data, / VRRP Instance = VI_1\n/);
  t.match(data, /   State = MASTER\n/);
  t.match(data, /     10\.9\.0\.100\/24 dev eth0 scope global set\n/);
  t.match(data, / Event loop delay p99 = \d+ usecs/);

  // JSON (SIGRTMIN+2): keepalived 2.2.7's field names and value kinds, '/' escaped as its writer does.
  await a.daemon.writeJson();
  const text = readFileSync(join(dir, 'keepalived.json'), 'utf8');
  t.ok(text.includes('10.9.0.100\\/24 dev eth0 scope global set'), 'VIP as keepalived prints it');
  const json = JSON.parse(text) as Array<{ data: Record<string, unknown>; stats: Record<string, number> }>;
  t.equal(json.length, 1);
  t.match(json[0].data, {
    iname: 'VI_1', ifp_ifname: 'eth0', vrid: 51, base_priority: 150, effective_priority: 150, state: 2, wantstate: 2,
    version: 2, vipset: true, adver_int: 1, auth_type: 1, auth_data: 'secret', dont_track_primary: 0, accept: 1,
    garp_rep: 5, garp_delay: 5, vips: ['10.9.0.100/24 dev eth0 scope global set'],
  });
  t.same(Object.keys(json[0].stats), ['advert_rcvd', 'advert_sent', 'become_master', 'release_master', 'packet_len_err',
    'advert_interval_err', 'ip_ttl_err', 'invalid_type_rcvd', 'addr_list_err', 'invalid_authtype', 'authtype_mismatch',
    'auth_failure', 'pri_zero_rcvd', 'pri_zero_sent']);
  t.equal(json[0].stats.become_master, 1);

  // STATS_CLEAR: the counters are written, then zeroed.
  await a.daemon.writeStats(true);
  t.match(readFileSync(join(dir, 'keepalived.stats'), 'utf8'), /  Became master: 1\n/);
  t.match(a.daemon.statsText(), /  Became master: 0\n/);
});

t.test("keepalived's late-timer line", async (t) => {
  t.equal(timerExpiredLine(1_234_567), 'A thread timer expired 1.234567 seconds ago');
  t.equal(timerExpiredLine(5_000), 'A thread timer expired 0.005000 seconds ago');
});

t.test('virtual_routes and virtual_rules follow the VIPs: installed as MASTER, removed at shutdown', async (t) => {
  const w = new FakeWorld();
  t.teardown(() => w.close());
  const a = w.node('A', '10.9.0.1');
  const extra = `  virtual_routes {
    10.20.0.0/16 via 10.9.0.254 dev eth0
  }
  virtual_rules {
    from 10.9.0.100 table 100 priority 200
  }`;
  await a.daemon.start(config(instanceBlock({ priority: 150, extra })));
  await w.runTo(1 * S);
  t.same(await a.netlink.listRoutes(), [], 'nothing while BACKUP');
  await w.runTo(5 * S);
  t.equal(a.state(), 'MASTER');
  const routes = await a.netlink.listRoutes();
  t.match(routes, [{ dst: '10.20.0.0', dstLen: 16, via: '10.9.0.254', index: 2 }], 'the virtual route');
  t.match(await a.netlink.listRules(), [{ from: '10.9.0.100', table: 100, priority: 200 }], 'the virtual rule');
  t.ok(a.lines.includes('(VI_1) setting Virtual Routes'));
  await a.daemon.shutdown();
  t.same(await a.netlink.listRoutes(), [], 'route removed');
  t.same(await a.netlink.listRules(), [], 'rule removed');
});
