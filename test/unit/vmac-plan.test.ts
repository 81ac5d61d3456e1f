// The pure parts of VMAC support: the virtual MAC of an instance, the take-over of a matching macvlan left by an
// earlier run, the EUI-64 link-local fallback, and the bytes of the link requests (IFLA_LINKINFO, IFLA_AF_SPEC).
import t from 'tap';
import { config, instanceBlock } from './vrrp-daemon-harness';
import { afSpec, macBytes, macvlanLinkInfo } from '../../src/net/netlink/link-attrs';
import { eui64LinkLocal } from '../../src/vrrp/daemon/vmac-links';
import { vmacAddress, VmacNames } from '../../src/vrrp/daemon/vmac-plan';
import type { LinkInfo } from '../../src/net/netlink';

const link = (index: number, name: string, extra: Partial<LinkInfo> = {}): LinkInfo => ({ index, name, up: true, running: true, lowerUp: true, ...extra });

t.test('virtual MACs', async (t) => {
  const v4 = config(instanceBlock({ vrid: 10, extra: '  use_vmac' })).vrrpInstances[0];
  t.equal(vmacAddress(v4), '00:00:5e:00:01:0a', 'IPv4: 00:00:5e:00:01:VRID');
  const v6 = config(instanceBlock({ vrid: 255, vips: ['fd00::100/64'], extra: '  use_vmac' })).vrrpInstances[0];
  t.equal(vmacAddress(v6), '00:00:5e:00:02:ff', 'IPv6: 00:00:5e:00:02:VRID');
  const own = config(instanceBlock({ vrid: 7, extra: '  use_vmac 02:11:22:33:44' })).vrrpInstances[0];
  t.equal(vmacAddress(own), '02:11:22:33:44:07', 'five octets configured: the VRID appended');
});

t.test('a matching macvlan on the base is taken over, whatever its name; otherwise the configured name', async (t) => {
  const vi = config(instanceBlock({ vrid: 51, extra: '  use_vmac' })).vrrpInstances[0];
  const links = [link(2, 'eth0'), link(3, 'eth1'), link(7, 'old.51', { kind: 'macvlan', mac: '00:00:5e:00:01:33', parent: 2 })];
  const first = new VmacNames(links, 'vrrp').plan(vi, 'eth0');
  t.match(first, { name: 'old.51', existing: true, base: 'eth0', mac: '00:00:5e:00:01:33', ipv6: false }, 'taken over');
  t.match(new VmacNames(links, 'vrrp').plan(vi, 'eth1'), { name: vi.useVmac?.name, existing: false }, 'not when it sits on another interface');
  const names = new VmacNames(links, 'vrrp');
  names.plan(vi, 'eth0');
  t.match(names.plan(vi, 'eth0'), { existing: false }, 'and only once');
  const xmit = config(instanceBlock({ vrid: 51, extra: '  use_vmac\n  vmac_xmit_base\n  virtual_ipaddress_excluded {\n    fd00::1/64\n  }' })).vrrpInstances[0];
  t.match(new VmacNames([link(2, 'eth0')], 'vrrp').plan(xmit, 'eth0'), { xmitBase: true, ipv6: true }, 'vmac_xmit_base; IPv6 kept for eVIPs of the other family');
});

t.test('link-local fallback', async (t) => {
  t.equal(eui64LinkLocal('02:00:00:00:00:01'), 'fe80::ff:fe00:1', 'EUI-64 of the base MAC (the kernel\'s own link-local)');
  t.equal(eui64LinkLocal('52:54:00:12:34:56'), 'fe80::5054:ff:fe12:3456');
});

t.test('request bytes', async (t) => {
  t.same([...macBytes('00:00:5e:00:01:33')], [0, 0, 0x5e, 0, 1, 0x33], 'MAC');
  t.throws(() => macBytes('00:00:5e:00:01'), /bad MAC/, 'a short MAC is refused');
  t.throws(() => macBytes('00:00:5e:00:01:zz'), /bad MAC/, 'so is a malformed one');
  const info = macvlanLinkInfo('private');
  // IFLA_INFO_KIND "macvlan" (len 11, padded to 12), IFLA_INFO_DATA { IFLA_MACVLAN_MODE u32 1 }.
  t.same([...info.subarray(0, 4)], [11, 0, 1, 0], 'IFLA_INFO_KIND header');
  t.equal(info.subarray(4, 11).toString(), 'macvlan', 'kind without NUL');
  t.same([...info.subarray(12)], [12, 0, 2, 0, 8, 0, 1, 0, 1, 0, 0, 0], 'IFLA_INFO_DATA with MACVLAN_MODE_PRIVATE');
  const spec = afSpec({ index: 3, ipv6AddrGenMode: 'none', ipv4Devconf: { arpIgnore: 1, rpFilter: 0 } });
  t.same([...(spec?.get(10) ?? [])], [5, 0, 8, 0, 1, 0, 0, 0], 'AF_INET6: IFLA_INET6_ADDR_GEN_MODE none');
  t.same([...(spec?.get(2) ?? [])], [20, 0, 1, 0, 8, 0, 19, 0, 1, 0, 0, 0, 8, 0, 8, 0, 0, 0, 0, 0], 'AF_INET: IFLA_INET_CONF { ARP_IGNORE 1, RP_FILTER 0 }');
  t.equal(afSpec({ index: 3, up: true }), undefined, 'nothing when only the flags change');
});
