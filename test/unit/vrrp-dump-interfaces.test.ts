// The Interfaces section of keepalived.data from link and address facts: keepalived's wording for the flags it
// shows, the addresses it keeps (never the ones it adds itself; IPv6 only link-local), an all-zero hardware
// address left out, InfiniBand not written, the linkbeat method and the tracking instances.
import t from 'tap';
import { interfacesSection } from '../../src/vrrp/daemon/dump-interfaces';
import type { KernelAddress, LinkInfo } from '../../src/net/netlink/types';

const flags = { broadcast: true, loopback: false, pointToPoint: false, noArp: false, multicast: true };
const addr = (index: number, family: 4 | 6, address: string, scope = 0): KernelAddress => ({
  index, family, address, prefix: family === 4 ? 24 : 64, scope, flags: {} as KernelAddress['flags'], preferredLft: 0, validLft: 0,
});

t.test('interfaces as keepalived dumps them', async (t) => {
  const links: LinkInfo[] = [
    { index: 2, name: 'eth0', up: true, running: true, lowerUp: true, mac: '02:00:00:00:00:01', broadcastMac: 'ff:ff:ff:ff:ff:ff', mtu: 1500, hwType: 1, iff: flags },
    { index: 1, name: 'lo', up: true, running: true, lowerUp: true, mac: '00:00:00:00:00:00', mtu: 65536, hwType: 772,
      iff: { broadcast: false, loopback: true, pointToPoint: false, noArp: false, multicast: false } },
    { index: 3, name: 'tun0', up: false, running: false, lowerUp: false, mtu: 1480, hwType: 768,
      iff: { broadcast: false, loopback: false, pointToPoint: true, noArp: true, multicast: true } },
    { index: 4, name: 'ib0', up: true, running: true, lowerUp: true, mtu: 2044, hwType: 32, iff: flags },
  ];
  const text = interfacesSection({
    links,
    addresses: [addr(2, 4, '10.0.0.1'), addr(2, 4, '10.0.0.100'), addr(2, 4, '10.0.0.2'), addr(2, 6, 'fd00::1'),
      addr(2, 6, 'fe80::1', 253), addr(2, 6, 'fe80::2', 253), addr(1, 4, '127.0.0.1')],
    own: new Set(['10.0.0.100']),
    tracking: new Map([['eth0', [{ instance: 'VI_1', weight: 0, reverse: false }, { instance: 'VI_2', weight: -10, reverse: true }]]]),
    linkbeat: (name) => (name === 'eth0' ? 'ETHTOOL' : undefined),
  });
  const block = (name: string): string[] => {
    const from = text.indexOf(` Name = ${name}`);
    const to = text.findIndex((l, k) => k > from && l.startsWith(' Name = '));
    return text.slice(from, to < 0 ? undefined : to);
  };
  t.equal(text[0], '------< Interfaces >------');
  t.same(text.filter((l) => l.startsWith(' Name = ')), [' Name = lo', ' Name = eth0', ' Name = tun0', ' Name = ib0'], 'in index order');
  t.same(block('eth0').slice(0, 12), [
    ' Name = eth0', '   index = 2', '   IPv4 address = 10.0.0.1', '   Additional IPv4 addresses :', '     10.0.0.2',
    '   IPv6 address = fe80::1', '   Additional IPv6 addresses :', '     fe80::2', '   MAC = 02:00:00:00:00:01',
    '   MAC broadcast = ff:ff:ff:ff:ff:ff', '   State = UP, RUNNING', '   Seen up = 1',
  ], 'the first address and the others, a VIP and a global IPv6 address left out');
  t.ok(block('eth0').includes('   NIC support ETHTOOL GLINK interface'), 'the linkbeat method');
  t.same(block('eth0').slice(-3), ['   Tracking VRRP instances :', '     VI_1, weight 0', '     VI_2, weight -10 reverse']);
  t.same(block('lo').slice(2, 5), ['   IPv4 address = 127.0.0.1', '   IPv6 address = (none)', '   State = UP, RUNNING, no broadcast, loopback, no multicast'],
    'no hardware address for an all-zero one');
  t.ok(block('lo').includes('   HW Type = LOOPBACK') && block('lo').includes('   NIC netlink status update'));
  t.ok(block('tun0').includes('   State = not UP, not RUNNING, no broadcast, point to point, no arp'), 'the other flags');
  t.ok(block('tun0').includes('   HW Type = UNKNOWN (768)') && block('tun0').includes('   Seen up = 0'));
  t.notOk(block('ib0').some((l) => l.includes('HW Type')), 'InfiniBand is logged by keepalived, not written');
  t.same(interfacesSection({ links: [], addresses: [], own: new Set(), tracking: new Map(), linkbeat: () => undefined }), [], 'no interfaces, no section');
});
