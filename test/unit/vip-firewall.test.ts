// VipFirewall against the in-memory nft runner: tables made once per family on the first blocked address (after
// deleting a stale one), elements added and removed per instance, link-local VIPs keyed as keepalived keys them,
// tables deleted at close, and an nft failure logged instead of thrown.
import t from 'tap';
import { Logger, MemorySink } from '../../src/core/logging';
import { FakeNftRunner } from '../../src/net/firewall';
import type { PlannedAddress } from '../../src/vrrp/daemon/instance-plan';
import { firewallElement, VipFirewall } from '../../src/vrrp/daemon/vip-firewall';

const OPTS = { table: 'keepalived', priority: -1, counters: false };

function setup(): { fw: VipFirewall; nft: FakeNftRunner; sink: MemorySink } {
  const nft = new FakeNftRunner();
  const sink = new MemorySink();
  const fw = new VipFirewall(nft, OPTS, new Logger({ sinks: [sink] }), false);
  return { fw, nft, sink };
}

const addr = (address: string, dev = 'eth0', noTrack = false): PlannedAddress => ({
  id: `${address} dev ${dev}`, dev, family: address.includes(':') ? 6 : 4, address, prefix: 32,
  entry: { noTrack } as PlannedAddress['entry'],
});

t.test('first block builds the table, later ones only add elements; close deletes it', async (t) => {
  const { fw, nft } = setup();
  fw.block('VI_1', [{ id: 'a', element: { family: 'ip', address: '10.0.0.1' } }]);
  fw.block('VI_2', [{ id: 'b', element: { family: 'ip', address: '10.0.0.2' } }]);
  fw.block('VI_2', [{ id: 'b', element: { family: 'ip', address: '10.0.0.2' } }]); // already blocked: nothing
  await fw.idle();
  t.equal(nft.batches.length, 2);
  t.ok(nft.batches[0].includes('add table ip keepalived'));
  t.ok(nft.batches[0].includes('add chain ip keepalived in { type filter hook input priority -1; policy accept; }'));
  t.same(nft.batches[1], ['add element ip keepalived vips { 10.0.0.2 }']);
  fw.unblock('VI_1');
  fw.unblock('VI_1');
  await fw.idle();
  t.same(nft.batches[2], ['delete element ip keepalived vips { 10.0.0.1 }']);
  t.equal(nft.batches.length, 3, 'a second unblock has nothing to remove');
  await fw.close();
  t.same(nft.batches[3], ['delete table ip keepalived']);
  t.same([...nft.tables], []);
});

t.test('a stale table of the same name is deleted first, with keepalived\'s log line', async (t) => {
  const { fw, nft, sink } = setup();
  nft.tables.add('ip6 keepalived');
  fw.block('VI_1', [{ id: 'a', element: { family: 'ip', address: '10.0.0.1' } }]);
  await fw.idle();
  t.equal(nft.batches[0][0], 'delete table ip6 keepalived');
  t.ok(sink.messages().includes('Deleting old ip6 keepalived table'));
});

t.test('link-local VIPs: by interface index, or by name for dont_track_primary unless nftables_ifindex', async (t) => {
  t.same(firewallElement(addr('fe80::1'), 'eth0', false, false), { family: 'ip6', address: 'fe80::1', linkLocal: { dev: 'eth0', key: 'ifindex' } });
  t.same(firewallElement(addr('fe80::1'), 'eth0', true, false).linkLocal?.key, 'ifname');
  t.same(firewallElement(addr('fe80::1'), 'eth0', true, true).linkLocal?.key, 'ifindex');
  t.same(firewallElement(addr('fe80::1', 'eth1'), 'eth0', true, false).linkLocal?.key, 'ifindex', 'another interface: index');
  t.same(firewallElement(addr('fe80::1', 'eth1', true), 'eth0', true, false).linkLocal?.key, 'ifname', 'no_track: name');
  t.same(firewallElement(addr('fd00::1'), 'eth0', true, false), { family: 'ip6', address: 'fd00::1' });
  const { fw, nft } = setup();
  fw.block('VI_6', [{ id: 'l', element: firewallElement(addr('fe80::1'), 'eth0', true, false) }]);
  await fw.idle();
  t.ok(nft.batches[0].includes('add set ip6 keepalived vips_link_local_name { type ipv6_addr . ifname; }'));
  t.ok(nft.batches[0].includes('add rule ip6 keepalived in_link_local ip6 daddr . iifname @vips_link_local_name drop'));
  t.equal(nft.batches[0].at(-1), 'add element ip6 keepalived vips_link_local_name { fe80::1 . "eth0" }');
});

t.test('counters and priority reach every rule and chain', async (t) => {
  const nft = new FakeNftRunner();
  const fw = new VipFirewall(nft, { table: 'kts', priority: 7, counters: true }, new Logger({ sinks: [] }), false);
  fw.block('VI_1', [{ id: 'a', element: { family: 'ip6', address: 'fd00::1' } }]);
  await fw.idle();
  const rules = nft.batches[0].filter((l) => l.startsWith('add rule'));
  t.equal(rules.length, 6);
  t.ok(rules.every((l) => / counter (drop|accept|goto)/.test(l)));
  t.ok(nft.batches[0].filter((l) => l.includes('hook')).every((l) => l.includes('priority 7;')));
});

t.test('an nft failure is logged, and later batches still run', async (t) => {
  const { fw, nft, sink } = setup();
  nft.failWith = 'Error: No such file or directory';
  fw.block('VI_1', [{ id: 'a', element: { family: 'ip', address: '10.0.0.1' } }]);
  await fw.idle();
  t.ok(sink.messages().includes('nftables: Error: No such file or directory'));
  nft.failWith = undefined;
  fw.unblock('VI_1');
  await fw.idle();
  t.same(nft.batches.at(-1), ['delete element ip keepalived vips { 10.0.0.1 }']);
});

t.test('VMACs: the map and report-redirect rules once per family, elements by index, the table deleted at close', async (t) => {
  const { fw, nft } = setup();
  fw.addVmac('ip', 4, 3);
  fw.addVmac('ip', 5, 3);
  fw.addVmac('ip6', 6, 3);
  await fw.idle();
  t.same(nft.batches[0], [
    'add table ip keepalived',
    'add chain ip keepalived out { type filter hook output priority -1; policy accept; }',
    'add map ip keepalived vmac_map { type iface_index : iface_index; }',
    'add rule ip keepalived out ip protocol igmp meta oifkind "macvlan" dup to ip daddr device oif map @vmac_map drop',
    'add element ip keepalived vmac_map { 4 : 3 }',
  ], 'IPv4: IGMP reports from a VMAC leave from its base instead');
  t.same(nft.batches[1], ['add element ip keepalived vmac_map { 5 : 3 }'], 'a second VMAC only adds its element');
  t.ok(nft.batches[2].includes('add rule ip6 keepalived out icmpv6 type nd-router-solicit meta oifkind "macvlan" oif @vmac_set drop'), 'IPv6: router solicitations dropped');
  t.same(nft.batches[2].slice(-2), ['add element ip6 keepalived vmac_map { 6 : 3 }', 'add element ip6 keepalived vmac_set { 6 }'], 'in the map and the set');
  fw.block('VI_1', [{ id: 'a', element: { family: 'ip', address: '10.0.0.1' } }]);
  fw.removeVmac('ip', 4, 3);
  await fw.idle();
  t.ok(nft.batches[3].includes('add set ip keepalived vips { type ipv4_addr; }'), 'no_accept sets join the same table');
  t.same(nft.batches[4], ['delete element ip keepalived vmac_map { 4 : 3 }'], 'a VMAC leaves the map');
  await fw.close();
  t.same(nft.batches[5], ['delete table ip keepalived', 'delete table ip6 keepalived'], 'both tables deleted at close');
});
