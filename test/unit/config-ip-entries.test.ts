// The address / route / rule entry parsers: every option keepalived 2.2.7 accepts, the resolved model values and
// defaults, and the quirks measured against the binary (config-ip-oracle.test.ts compares verdicts live).
import t from 'tap';
import { address, makeCtx, route, rule } from './config-ip-harness';
import { formatIpv6, parseIp, parseIpv4, parseIpv6 } from '../../src/config/values/ip-text';
import { findProtocol, findRealms, findRouteType, findScope, findTable } from '../../src/config/values/rt-tables';
import { fixedSystem } from './config-ip-harness';

t.test('inet_pton/inet_ntop as glibc', async (t) => {
  t.same(parseIpv4('10.1.2.3'), [10, 1, 2, 3]);
  t.equal(parseIpv4('010.1.2.3'), undefined, 'leading zeros are refused');
  t.equal(parseIpv4('10.1.2'), undefined);
  t.equal(parseIpv4('10.1.2.256'), undefined);
  t.equal(parseIpv6('fd00::1::2'), undefined);
  t.equal(parseIpv6('fe80::1%eth0'), undefined, 'no zone ids');
  t.equal(parseIpv6('fd00::12345'), undefined);
  t.equal(parseIp('FD00:0:0::1')?.text, 'fd00::1');
  t.equal(parseIp('1:2:3:4:5:6:1.2.3.4')?.text, '1:2:3:4:5:6:102:304');
  t.equal(parseIp('::ffff:1.2.3.4')?.text, '::ffff:1.2.3.4');
  t.equal(formatIpv6(new Array<number>(16).fill(0)), '::');
  t.equal(parseIp('1:0:0:2:0:0:0:3')?.text, '1:0:0:2::3', 'the longest zero run is compressed');
  t.equal(parseIp('1:0:2:3:4:5:6:7')?.text, '1:0:2:3:4:5:6:7', 'a single zero group is not');
});

t.test('rt_* names: numbers (C base 0) or names from /etc/iproute2, with the built-in defaults', async (t) => {
  const s = fixedSystem([]);
  t.equal(findTable(s, 'main'), 254);
  t.equal(findTable(s, 'custom'), 100, 'a table named in rt_tables');
  t.equal(findTable(s, '0x10'), 16);
  t.equal(findTable(s, '-1'), 0xffffffff, 'keepalived takes -1 as table 4294967295');
  t.equal(findTable(s, '4294967296'), 0, 'and keeps only the low 32 bits');
  t.equal(findTable(s, 'nosuch'), undefined);
  t.equal(findProtocol(s, 'keepalived'), 18);
  t.equal(findProtocol(s, 'zebra'), 11, 'built-in names fill in for missing numbers');
  t.equal(findProtocol(s, '256'), undefined);
  t.equal(findScope(s, 'link'), 253);
  t.equal(findRealms(s, 'far/2'), (5 << 16) | 2);
  t.equal(findRouteType('blackhole'), 6);
  t.equal(findRouteType('brd'), 3);
  t.equal(findRouteType('12'), 12);
  t.equal(findRouteType('300'), undefined);
  t.equal(findRouteType('10.0.0.0/8'), undefined);
});

t.test('address: defaults', async (t) => {
  const v4 = address('10.1.1.1 dev eth0');
  t.equal(v4.code, 0);
  t.match(v4.value, {
    family: 'inet',
    address: '10.1.1.1',
    prefixlen: 32,
    brd: undefined,
    dev: 'eth0',
    scope: 0,
    label: undefined,
    peer: undefined,
    home: false,
    nodad: false,
    noTrack: false,
    preferredLft: undefined,
    trackGroup: undefined,
    useVmac: false,
  });
  t.same(v4.value?.pos, { file: 'test.conf', line: 1 });
  const v6 = address('FD00::1 dev eth0');
  t.match(v6.value, { family: 'inet6', address: 'fd00::1', prefixlen: 128, nodad: true, preferredLft: 0 });
  t.equal(address('fd00::1/64 dev eth0').value?.preferredLft, 0xffffffff, 'only a /128 is deprecated by default');
  t.equal(address('10.1.1.1').value?.dev, undefined, 'a static address without dev waits for the default interface');
  t.equal(address('10.1.1.1/').value?.prefixlen, 0, 'an empty prefix length reads as 0, as C strtoul does');
});

t.test('address: every option', async (t) => {
  const a = address('10.1.1.1/24 brd + dev eth0 scope link label eth0:1 home mngtmpaddr noprefixroute autojoin no_track');
  t.equal(a.code, 0, a.messages.join('\n'));
  t.match(a.value, {
    prefixlen: 24,
    brd: '10.1.1.255',
    dev: 'eth0',
    scope: 253,
    label: 'eth0:1',
    home: true,
    mngtmpaddr: true,
    noprefixroute: true,
    autojoin: true,
    noTrack: true,
  });
  t.equal(address('10.1.1.1/24 broadcast - dev eth0').value?.brd, '10.1.1.0');
  t.equal(address('10.1.1.1/24 brd 10.1.1.127 dev eth0').value?.brd, '10.1.1.127');
  t.equal(address('10.1.1.1/24 brd 0.0.0.0 dev eth0').value?.brd, undefined, 'a zero broadcast means none');
  t.equal(address('10.1.1.1 dev eth0 scope 7').value?.scope, 7);
  t.equal(address('fd00::1/64 dev eth0 -nodad').value?.nodad, false);
  t.equal(address('fd00::1/64 dev eth0 preferred_lft 60').value?.preferredLft, 60);
  t.equal(address('fd00::1 dev eth0 preferred_lft forever').value?.preferredLft, 0xffffffff);
  const peer = address('10.1.1.1 peer 10.1.1.2 dev eth0');
  t.match(peer.value, { peer: '10.1.1.2', prefixlen: 32 });
  t.equal(address('10.1.1.1 dev eth0 brd + peer 10.1.2.3').value?.brd, undefined, 'broadcast and peer: broadcast dropped');
  t.equal(address('10.1.1.1 use_vmac', { vip: true }).value?.useVmac, true);
});

t.test('address: errors keepalived reports, and which entries it drops', async (t) => {
  const two = address('10.1.1.1/32 10.1.1.2 dev eth0');
  t.equal(two.code, 5);
  t.match(two.messages, ["(test.conf: Line 1) Unknown configuration entry '10.1.1.2' for ip address - ignoring"]);
  t.ok(two.value, 'an unknown word does not drop the address');

  const drops: Array<[string, RegExp]> = [
    ['10.1.1.300 dev eth0', /VRRP parsed invalid IP 10\.1\.1\.300\. skipping IP/],
    ['10.1.1.1 dev eth0 dev eth0', /Cannot specify ipaddress device more than once for 10\.1\.1\.1$/],
    ['10.1.1.1 dev nosuchif0', /WARNING - interface nosuchif0 for ip address 10\.1\.1\.1 doesn't exist/],
    ['10.1.1.1 dev eth0 label', /No label parameter specified for 10\.1\.1\.1$/],
    ['fd00::1 brd + dev eth0', /broadcast brd to the IPv6 address fd00::1/],
    ['10.1.1.1 brd 10.1.1.256 dev eth0', /invalid broadcast 10\.1\.1\.256/],
    ['10.1.1.1 dev eth0 label abcdefghijklmnop', /Address label abcdefghijklmnop is longer than maximum length 15 - removing address/],
  ];
  for (const [line, msg] of drops) {
    const r = address(line);
    t.equal(r.value, undefined, `${line}: dropped`);
    t.equal(r.code, 5, `${line}: exit 5`);
    t.match(r.messages.join('\n'), msg, line);
  }

  const kept: Array<[string, RegExp]> = [
    ['10.1.1.1/33 dev eth0', /Invalid address prefix len 33 for address 10\.1\.1\.1\/33 - using 32/],
    ['10.1.1.1 dev eth0 scope bogus', /Invalid scope 'bogus' specified for 10\.1\.1\.1 - ignoring/],
    ['10.1.1.1/31 brd + dev eth0', /Address prefix length 31 too long for broadcast/],
    ['10.1.1.1/24 peer 10.1.1.2 dev eth0', /Cannot specify address prefix when specifying peer address - ignoring/],
    ['10.1.1.1 peer fd00::2 dev eth0', /Peer address fd00::2 does not match address family/],
    ['10.1.1.1 peer 10.1.1.2/24 dev eth0', /Invalid peer address 10\.1\.1\.2\/24/],
    ['fd00::1 dev eth0 scope link', /Cannot specify scope for IPv6 addresses \(fd00::1\) - ignoring scope/],
    ['fd00::1 dev eth0 label x', /Cannot specify label for IPv6 addresses \(fd00::1\) - ignoring label/],
    ['fd00::1 dev eth0 preferred_lft -1', /preferred_lft -1 is invalid/],
    ['10.1.1.1 dev eth0 use_vmac', /Unknown configuration entry 'use_vmac'/],
    ['10.1.1.1 dev eth0 track_group TG', /track_group TG not found/],
  ];
  for (const [line, msg] of kept) {
    const r = address(line);
    t.ok(r.value, `${line}: kept`);
    t.equal(r.code, 5, `${line}: exit 5`);
    t.match(r.messages.join('\n'), msg, line);
  }
  t.equal(address('fd00::1 dev eth0 scope link').value?.scope, 0);
  t.equal(address('10.1.1.1 track_group TG', { vip: true }).messages.length, 2, 'track_group is not a VIP option: 2 unknown words');

  const dup = address('10.1.1.1 peer 10.1.1.2 peer 10.1.1.3 dev eth0');
  t.match(dup.messages.join('\n'), /Peer 10\.1\.1\.3 - another peer has already been specified[^]*Unknown configuration entry '10\.1\.1\.3'/, 'a second peer is re-read as an option');
});

t.test('address: track_group must already be defined; dynamic_interfaces accepts any device', async (t) => {
  const ctx = makeCtx();
  ctx.config.trackGroups.push({ name: 'TG' } as never);
  t.equal(address('10.1.1.1 dev eth0 track_group TG', { ctx }).value?.trackGroup, 'TG');
  const ctx2 = makeCtx();
  ctx2.config.trackGroups.push({ name: 'TG' } as never);
  const dup = address('10.1.1.1 dev eth0 track_group TG track_group TG home', { ctx: ctx2 });
  t.match(dup.messages, [/track_group TG is a duplicate/]);
  t.equal(dup.value?.home, false, 'a duplicate track_group ends the entry');
  const dyn = makeCtx();
  (dyn.config.globalDefs as { dynamicInterfaces: boolean }).dynamicInterfaces = true;
  const r = address('10.1.1.1 dev nosuchif0', { ctx: dyn });
  t.equal(r.code, 0);
  t.equal(r.value?.dev, 'nosuchif0');
});

t.test('route: defaults and the destination forms', async (t) => {
  const r = route('10.1.0.0/16 dev eth0');
  t.equal(r.code, 0);
  t.match(r.value, {
    family: 'inet',
    type: 1,
    to: { family: 'inet', address: '10.1.0.0', prefixlen: 16 },
    dev: 'eth0',
    table: 254,
    protocol: 18,
    noTrack: false,
    nexthops: [],
  });
  t.match(route('to 10.1.0.0/16 dev eth0').value?.to, { address: '10.1.0.0', prefixlen: 16 });
  for (const d of ['default', 'any', 'all']) {
    t.match(route(`${d} dev eth0`).value?.to, { family: 'inet', address: undefined, prefixlen: 0 }, d);
  }
  t.match(route('default6 dev eth0').value, { family: 'inet6', to: { family: 'inet6', address: undefined } });
  t.match(route('default via fd00::fe dev eth0').value, { family: 'inet6', to: { family: 'inet6' } }, 'default takes the family found later');
  t.equal(route('blackhole 10.9.0.0/16 no_track').value?.type, 6);
  t.equal(route('7 10.9.0.0/16 dev eth0').value?.type, 7, 'a type by number');
  t.equal(route('10.1.0.0/16 dev eth0 10.2.0.0/16').value?.to.address, '10.2.0.0', 'a later destination replaces the first');
});

t.test('route: every option', async (t) => {
  const r = route(
    '10.1.0.0/16 src 10.0.0.1 via 10.0.0.254 dev eth0 table 100 metric 7 protocol keepalived scope link tos AF11 onlink ' +
      'realms far/2 mtu lock 1400 advmss 1360 rtt 1.5s rttvar lock 100ms reordering 3 window 8 cwnd lock 9 ssthresh 10 ' +
      'initcwnd 11 initrwnd 12 rto_min 200ms hoplimit 64 features ecn quickack 1 congctl lock cubic fastopen_no_cookie 1 ' +
      'ttl-propagate disabled encap mpls 100/200 append',
  );
  t.equal(r.code, 0, r.messages.join('\n'));
  t.match(r.value, {
    src: '10.0.0.1',
    via: { family: 'inet', address: '10.0.0.254' },
    table: 100,
    metric: 7,
    protocol: 18,
    scope: 253,
    tos: 0x28,
    onlink: true,
    realms: (5 << 16) | 2,
    mtu: { value: 1400, lock: true },
    advmss: { value: 1360, lock: false },
    rtt: { value: 1500 * 8, lock: false },
    // 100 ms is below keepalived's 200 ms floor: reset to 200 ms (in 1/4 ms).
    rttvar: { value: 800, lock: true },
    reordering: { value: 3, lock: false },
    window: 8,
    cwnd: { value: 9, lock: true },
    ssthresh: { value: 10, lock: false },
    initcwnd: 11,
    initrwnd: 12,
    rtoMin: { value: 200, lock: false },
    hoplimit: 64,
    featuresEcn: true,
    quickack: 1,
    congctl: { value: 'cubic', lock: true },
    fastopenNoCookie: true,
    ttlPropagate: false,
    encap: { type: 'mpls', labels: [100, 200] },
  });
  t.equal(route('10.1.0.0/16 dev eth0 rtt 2000').value?.rtt?.value, 2000, 'a bare number is in kernel units');
  const low = route('10.1.0.0/16 dev eth0 rtt 10');
  t.equal(low.value?.rtt?.value, 1600, 'below 200 ms: reset to 200 ms, as keepalived does');
  t.match(low.messages, [/rtt value 10 below minimum 200ms, resetting/]);
  t.equal(route('10.1.0.0/16 dev eth0 rtt 121s').value?.rtt?.value, 120000 * 8, 'above 120 s: reset to 120 s');
  t.equal(route('10.1.0.0/16 oif eth0 priority 3').value?.metric, 3);
  t.equal(route('10.1.0.0/16 dev eth0 preference 4 table main').value?.metric, 4);
  const v6 = route('fd00:1::/64 from fd00:2::/64 via inet6 fd00::fe dev eth0 expires 30 pref high');
  t.equal(v6.code, 0, v6.messages.join('\n'));
  t.match(v6.value, { family: 'inet6', from: { address: 'fd00:2::', prefixlen: 64 }, expires: 30, pref: 1 });
  t.equal(route('fd00:1::/64 dev eth0 pref low').value?.pref, 3);
  t.equal(route('fd00:1::/64 dev eth0 pref 9').value?.pref, 9);
  t.equal(route('10.1.0.0/16 dev eth0 ttl-propagate enabled').value?.ttlPropagate, true);
  t.match(route('10.1.0.0/16 dev eth0 encap ip id 5 dst 10.9.9.9 src 10.8.8.8 tos 0x10 ttl 5 flags 3').value?.encap, {
    type: 'ip',
    id: '5',
    dst: '10.9.9.9',
    src: '10.8.8.8',
    tos: 16,
    ttl: 5,
    flags: 3,
  });
  t.match(route('10.1.0.0/16 dev eth0 encap ip6 dst fd00::1 tc EF hoplimit 3').value?.encap, {
    type: 'ip6',
    dst: 'fd00::1',
    tos: 0xb8,
    ttl: 3,
  });
  t.match(route('10.1.0.0/16 dev eth0 encap ila 1:2:3:ABCD metric 5').value, { encap: { type: 'ila', locator: '1:2:3:abcd' }, metric: 5 });
});

t.test('route: nexthops and the deprecated or', async (t) => {
  const r = route('10.1.0.0/16 dev eth0 nexthop via 10.0.0.1 dev eth0 weight 2 onlink nexthop via 10.0.0.2 realms 5 encap mpls 7');
  t.equal(r.code, 0, r.messages.join('\n'));
  t.match(r.value?.nexthops, [
    { via: { address: '10.0.0.1' }, dev: 'eth0', weight: 2, onlink: true },
    { via: { address: '10.0.0.2' }, realms: 5, encap: { type: 'mpls', labels: [7] } },
  ]);
  const or = route('10.1.0.0/16 via 10.0.0.1 or 10.0.0.2 dev eth0');
  t.equal(or.code, 5, 'or is reported as deprecated');
  t.match(or.value, { via: undefined, nexthops: [{ via: { address: '10.0.0.1' } }, { via: { address: '10.0.0.2' } }] });
  const bad = route('10.1.0.0/16 dev eth0 nexthop via 10.0.0.1 nexthop via 10.0.0.2 weight 0');
  t.equal(bad.code, 5);
  t.equal(bad.value?.nexthops.length, 1, 'a bad hop ends the list but keeps the route');
  t.match(route('10.1.0.0/16 dev eth0 nexthop via 10.0.0.1 table 5').messages, [/Route has trailing nonsense after nexthops - table/]);
});

t.test('route: keepalived quirks kept', async (t) => {
  t.match(route('inet6 default dev eth0').messages, [/Route must have a destination/], 'inet6 swallows the next word');
  t.match(route('inet6 to default dev eth0').messages, [/Cannot mix IPv4 and IPv6 addresses for route \(default\)/]);
  t.match(route('to unicast 10.1.0.0/16 dev eth0').messages, [/VRRP parsed invalid IP unicast/, /unknown route keyword unicast/]);
  t.match(route('10.1.0.0/16 dev eth0 proto static').messages, [/VRRP parsed invalid IP proto/, /unknown route keyword proto/]);
  const untracked = route('10.1.0.0/16 via 10.0.0.1');
  t.equal(untracked.code, 5);
  t.match(untracked.messages, [/Warning - cannot track route 10\.1\.0\.0\/16 with no interface specified, not tracking/]);
  t.equal(untracked.value?.noTrack, true);
  const proto = route('10.1.0.0/16 dev eth0 protocol static');
  t.match(proto.messages, [/Route cannot be tracked if protocol is not RTPROT_KEEPALIVED\(18\), resetting protocol/]);
  t.equal(proto.value?.protocol, 18);
  t.equal(route('10.1.0.0/16 dev eth0 protocol static no_track').value?.protocol, 4);
  t.match(route('10.1.0.0/16 gw 10.0.0.1 dev eth0').messages, [/"gw" for routes is deprecated/]);
  t.match(route('10.1.0.0/16 dev eth0 encap seg6 mode encap segs fd00::1').messages, [
    /Unknown encap type - seg6/,
    /Unknown encap type - segs/,
  ]);
  t.match(route('10.1.0.0/16 dev eth0 encap mpls 1/2/3').messages, [/invalid mpls address 1\/2\/3/], 'at most two labels');
  t.match(route('10.1.0.0/16 dev eth0 rtt 1.5').messages, [/number '1\.5' has too many decimal places/]);
  t.equal(route('10.1.0.0/16 dev eth0 rtt 1.5').value?.rtt?.value, 1600, 'but the rounded value is used (then raised to the floor)');
  t.match(route('10.1.0.0/16 dev eth0 rtt 961s').messages, [/outside range \[0\.000, 960\.000\]/, /Invalid rtt 961s for route/]);
  t.match(route('10.1.0.0/16 dev eth0 rto_min 120001').messages, [/outside range \[0\., 120000\.\]/]);
  t.equal(route('10.1.0.0/16 dev eth0 track_group TG', { virtual: true }).value, undefined, 'track_group is a destination in virtual_routes');
  t.equal(route('10.1.0.0/16 dev eth0 expires 5').code, 5, 'expires is IPv6 only');
  t.equal(route('10.1.0.0/16 dev eth0 vrf eth0').value, undefined, 'a VRF must be a VRF device');
});

t.test('route/rule: a missing value ends the parse as keepalived exits', async (t) => {
  for (const line of ['10.1.0.0/16 dev', '10.1.0.0/16 dev eth0 table', '10.1.0.0/16 dev eth0 mtu lock', '10.1.0.0/16 dev eth0 nexthop via']) {
    const r = route(line);
    t.equal(r.code, 2, line);
    t.match(r.messages.at(-1), /is missing a parameter after keyword/, line);
  }
  t.match(route('10.1.0.0/16 dev eth0 table').messages, ['(test.conf: Line 1) *** Configuration line starting `10.1.0.0/16` is missing a parameter after keyword `table` at word position 5']);
  t.equal(route('10.1.0.0/16 dev eth0 expires').code, 5, 'expires on IPv4 is refused before its value is read');
  t.equal(rule('from 10.1.0.0/16 type').code, 2);
  t.equal(address('10.1.1.1 dev').code, 5, 'addresses check first: "No dev parameter specified"');
});

t.test('rule: defaults and every option', async (t) => {
  const r = rule('from 10.1.0.0/16 to 10.2.0.0/24 table 100 priority 5');
  t.equal(r.code, 0);
  t.match(r.value, {
    family: 'inet',
    invert: false,
    from: { family: 'inet', address: '10.1.0.0', prefixlen: 16 },
    to: { address: '10.2.0.0', prefixlen: 24 },
    priority: 5,
    tos: 0,
    action: 1,
    table: 100,
    protocol: 18,
    noTrack: false,
  });
  const all = rule(
    'not from all to 10.2.0.0/24 lookup custom preference 0x10 tos AF11 fwmark 0x10/0xff realms far/2 ' +
      'suppress_prefixlength 8 suppress_ifgroup blue iif eth0 oif lo tunnel-id 18446744073709551615 uidrange 1000-2000 ' +
      'ipproto tcp sport 1-2 dport 80-90 protocol 18',
  );
  t.equal(all.code, 0, all.messages.join('\n'));
  t.match(all.value, {
    invert: true,
    from: { family: 'inet', address: undefined, prefixlen: 0 },
    table: 100,
    priority: 16,
    tos: 0x28,
    fwmark: 16,
    fwmask: 255,
    realms: (5 << 16) | 2,
    suppressPrefixlength: 8,
    suppressIfgroup: 7,
    iif: 'eth0',
    oif: 'lo',
    tunnelId: '18446744073709551615',
    uidrange: { start: 1000, end: 2000 },
    ipproto: 6,
    sport: { start: 1, end: 2 },
    dport: { start: 80, end: 90 },
  });
  t.equal(rule('order 010 nop').value?.priority, 8, 'preference is read base 0');
  t.match(rule('priority 5 goto 10').value, { action: 2, goto: 10 });
  t.equal(rule('priority 5 nop').value?.action, 3);
  t.equal(rule('priority 5 type blackhole').value?.action, 6);
  t.equal(rule('priority 5 unreachable').value?.action, 7);
  t.equal(rule('priority 5 prohibit').value?.action, 8);
  t.equal(rule('priority 5 type 6').value?.action, 6);
  t.match(rule('priority 5 l3mdev').value, { action: 1, l3mdev: true, table: undefined });
  t.match(rule('inet6 x from fd00::/8 table 5 priority 1').value, { family: 'inet6' });
  t.match(rule('to default6 table 5 priority 1').value, { family: 'inet6', to: { family: 'inet6', address: undefined } });
  t.equal(rule('fwmark 0x10 table 5 priority 1').value?.fwmask, undefined);
  t.equal(rule('from 10.1.0.0/16 table 5 priority 1 protocol 4 no_track').value?.protocol, 4);
});

t.test('rule: errors and quirks', async (t) => {
  const cases: Array<[string, RegExp, boolean]> = [
    ['from 10.1.0.0/16 priority 5', /No action specified for rule - ignoring/, false],
    ['from 10.1.0.0/16 to fd00::/8 table 1 priority 5', /rule specification has mixed IPv4 and IPv6/, false],
    ['from 10.1.0.0/16 table 0 priority 5', /Table 0 is not valid/, false],
    ['table 1 lookup 2 priority 5', /Cannot specify more than one of table\/nop\/goto\/blackhole\/prohibit\/unreachable for rule/, false],
    ['nop table 1 priority 5', /Cannot specify more than one of table\/nop\/goto\/blackhole\/prohibit\/unreachable for rule/, false],
    ['table 1 nop priority 5', /Cannot specify more than one of table\/nop\/goto\/blackhole\/prohibit\/unreachable\/l3mdev for rule/, false],
    ['table 1 l3mdev priority 5', /Cannot specify l3mdev with other action/, false],
    ['table 1 priority -1', /negative number '-1'[^]*Invalid rule preference priority specified/, false],
    ['goto 5 priority 5', /Invalid rule - preference 5 >= goto target 5/, false],
    ['goto 5', /Invalid rule - goto target 5 specified without preference/, false],
    ['local priority 5', /Invalid rule action local/, false],
    ['bogus priority 5', /Unknown rule option bogus/, false],
    ['inet6 table 100 priority 5', /Invalid rule action 100/, false],
    ['inet6 from all table 1 priority 5', /Unknown rule option all/, false],
    ['realms 1 nop priority 5', /suppressor\/realm specified for non table action - skipping/, false],
    ['from fd00::/8 realms 1 table 1 priority 5', /realms is only valid for IPv4/, false],
    ['fwmark 0x10/-1 table 1 priority 5', /Invalid rule fwmark 0x10\/-1 specified/, false],
    ['fwmark 4294967296 table 1 priority 5', /Invalid rule fwmark 4294967296 specified/, false],
    ['uidrange 5 table 1 priority 5', /Invalid uidrange uidrange specified/, false],
    ['tunnel-id -1 table 1 priority 5', /Invalid tunnel-id tunnel-id specified/, false],
    ['iif nosuchif0 table 1 priority 5', /WARNING - interface nosuchif0 for rule doesn't exist/, false],
    ['table 1 priority 5 dport 80', /invalid dport range 80/, true],
    ['table 1 priority 5 protocol static', /invalid number 'static'[^]*Invalid protocol static/, true],
    ['table 1 priority 5 protocol 4', /Rule cannot be tracked if protocol is not RTPROT_KEEPALIVED\(18\), resetting protocol/, true],
    ['table 1 priority 5 ipproto 128', /Invalid ipproto 128/, true],
    ['table 1 priority 5 track_group TG', /track_group TG not found/, true],
  ];
  for (const [line, msg, kept] of cases) {
    const r = rule(line);
    t.equal(r.code, 5, `${line}: exit 5`);
    t.match(r.messages.join('\n'), msg, line);
    t.equal(r.value !== undefined, kept, `${line}: ${kept ? 'kept' : 'dropped'}`);
  }
});

t.test('rule: no preference is numbered down from 16384 per family, and reported', async (t) => {
  const ctx = makeCtx();
  const a = rule('from 10.1.0.0/16 table 1', { ctx });
  const b = rule('from 10.2.0.0/16 table 1', { ctx });
  const c = rule('from fd00::/8 table 1', { ctx });
  t.equal(a.value?.priority, 16384);
  t.equal(b.value?.priority, 16383);
  t.equal(c.value?.priority, 16384, 'IPv6 has its own counter');
  t.equal(a.code, 5);
  t.match(a.messages, [/Rule has no preference specified - setting to 16384\. This is probably not what you want\./]);
});
