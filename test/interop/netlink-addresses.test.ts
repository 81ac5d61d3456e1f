// The command channel against the real kernel, checked with iproute2: VIPs are added with keepalived's attributes
// (IPv4 label and broadcast; IPv6 nodad, and preferred_lft 0 for a /128), read back with the same attributes,
// deleted again, and kernel refusals arrive as NetlinkErrors with the errno name.
import { resolve } from 'node:path';
import t from 'tap';
import type { AddressSpec, KernelAddress, LinkInfo } from '../../src/net/netlink';
import { createLab, NsAgent } from '../helpers/netns';
import { rejection } from '../helpers/rejection';

const AGENT = resolve(__dirname, 'fixtures', 'netlink-agent.ts');

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('addresses through the command channel', async (t) => {
    const lab = createLab([{ addrs: ['10.71.0.1/24', 'fd00:71::1/64'] }]);
    t.teardown(() => lab.cleanup());
    const node = lab.nodes[0];
    const agent = await NsAgent.start(node.ns, AGENT);
    t.teardown(() => agent.stop());
    const ipShow = (): string => lab.exec(node.ns, 'ip', ['-o', 'addr', 'show', 'dev', node.ifname]);
    const line = (addr: string): string => ipShow().split('\n').find((l) => l.includes(` ${addr}/`)) ?? '';

    t.test('links', async (t) => {
      const links = await agent.call<LinkInfo[]>('links');
      const eth0 = links.find((l) => l.name === node.ifname);
      t.ok(eth0, 'eth0 listed');
      t.equal(eth0?.index, node.ifindex, 'index');
      t.equal(eth0?.mac, node.mac, 'MAC');
      t.equal(eth0?.mtu, 1500, 'MTU');
      t.equal(eth0?.kind, 'veth', 'kind from IFLA_LINKINFO');
      t.ok(eth0?.up && eth0?.running && eth0?.lowerUp, 'up, running, lower-up');
      const lo = links.find((l) => l.name === 'lo');
      t.equal(lo?.kind, undefined, 'lo has no kind');
    });

    const v4: AddressSpec = {
      index: node.ifindex, ifname: node.ifname, family: 4, address: '10.71.0.100', prefix: 24,
      label: 'eth0:vip', broadcast: '10.71.0.255',
    };
    const v6: AddressSpec = { index: node.ifindex, ifname: node.ifname, family: 6, address: 'fd00:71::100', prefix: 128 };
    const v6net: AddressSpec = { index: node.ifindex, ifname: node.ifname, family: 6, address: 'fd00:71::101', prefix: 64 };

    t.test('IPv4 VIP with label and broadcast', async (t) => {
      await agent.call('addAddress', { spec: v4 });
      const l = line('10.71.0.100');
      t.match(l, /inet 10\.71\.0\.100\/24 brd 10\.71\.0\.255 scope global secondary eth0:vip/, `ip -o addr: ${l.trim()}`);
      const listed = (await agent.call<KernelAddress[]>('addresses', { filter: { family: 4, index: node.ifindex } }))
        .find((a) => a.address === '10.71.0.100');
      t.match(listed, { prefix: 24, label: 'eth0:vip', broadcast: '10.71.0.255', scope: 0, flags: { secondary: true } }, 'listed back');
      const primary = (await agent.call<KernelAddress[]>('addresses', { filter: { family: 4 } })).find((a) => a.address === '10.71.0.1');
      t.match(primary, { label: 'eth0', flags: { secondary: false } }, 'primary: default label is the interface name');

      const dup = await rejection(agent.call('addAddress', { spec: v4 }));
      t.equal(dup.code, 'EEXIST', `duplicate add: ${dup.message}`);
      t.match(dup.message, /add address 10\.71\.0\.100\/24 dev eth0: EEXIST \(File exists\)/, 'message names the operation');

      await agent.call('deleteAddress', { spec: v4 });
      t.notOk(lab.hasAddress(node, '10.71.0.100'), 'deleted');
      const gone = await rejection(agent.call('deleteAddress', { spec: v4 }));
      t.equal(gone.code, 'EADDRNOTAVAIL', `delete of a missing address: ${gone.message}`);
    });

    t.test('IPv4 scope and computed broadcast', async (t) => {
      const spec: AddressSpec = { index: node.ifindex, family: 4, address: '10.72.5.9', prefix: 16, scope: 253, broadcast: '10.72.255.255' };
      await agent.call('addAddress', { spec });
      t.match(line('10.72.5.9'), /inet 10\.72\.5\.9\/16 brd 10\.72\.255\.255 scope link eth0/, 'scope link, no secondary (other subnet)');
      await agent.call('deleteAddress', { spec });
      t.notOk(lab.hasAddress(node, '10.72.5.9'), 'deleted');
    });

    t.test('IPv6 VIPs: nodad, /128 deprecated', async (t) => {
      await agent.call('addAddress', { spec: v6 });
      await agent.call('addAddress', { spec: v6net });
      const l128 = line('fd00:71::100');
      t.match(l128, /inet6 fd00:71::100\/128 scope global nodad deprecated/, `/128: ${l128.trim()}`);
      t.match(l128, /preferred_lft 0sec/, '/128 preferred_lft 0');
      t.notMatch(l128, /tentative/, 'not tentative');
      const l64 = line('fd00:71::101');
      t.match(l64, /inet6 fd00:71::101\/64 scope global nodad/, `/64: ${l64.trim()}`);
      t.match(l64, /preferred_lft forever/, '/64 preferred forever');
      t.notMatch(l64, /deprecated/, '/64 not deprecated');
      const listed = await agent.call<KernelAddress[]>('addresses', { filter: { family: 6 } });
      t.match(listed.find((a) => a.address === 'fd00:71::100'),
        { prefix: 128, preferredLft: 0, validLft: 0xffffffff, flags: { nodad: true, deprecated: true } }, 'listed back');

      const dup = await rejection(agent.call('addAddress', { spec: { ...v6, prefix: 64 } }));
      t.equal(dup.code, 'EEXIST', 'IPv6: same address with another prefix is EEXIST');
      const wrongPrefix = await rejection(agent.call('deleteAddress', { spec: { ...v6, prefix: 64 } }));
      t.equal(wrongPrefix.code, 'EADDRNOTAVAIL', 'IPv6 delete needs the right prefix');

      await agent.call('deleteAddress', { spec: v6 });
      await agent.call('deleteAddress', { spec: v6net });
      t.notOk(lab.hasAddress(node, 'fd00:71::100'), '/128 deleted');
      t.notOk(lab.hasAddress(node, 'fd00:71::101'), '/64 deleted');
    });

    t.test('IPv6 -nodad, preferred_lft forever, flags', async (t) => {
      const spec: AddressSpec = {
        index: node.ifindex, family: 6, address: 'fd00:71::102', prefix: 128, nodad: false, preferredLft: 'forever',
        noprefixroute: true, home: true,
      };
      await agent.call('addAddress', { spec });
      const l = line('fd00:71::102');
      t.notMatch(l, /nodad/, `-nodad: ${l.trim()}`);
      t.match(l, /home/, 'home');
      t.match(l, /noprefixroute/, 'noprefixroute');
      t.match(l, /preferred_lft forever/, 'preferred_lft forever');
      await agent.call('deleteAddress', { spec });
    });

    t.test('dumps and changes issued together', async (t) => {
      const before = (await agent.call<KernelAddress[]>('addresses')).length;
      const specs = Array.from({ length: 50 }, (_, i) => ({ index: node.ifindex, family: 4, address: `10.71.1.${i + 1}`, prefix: 32 }));
      const r = await agent.call<{ failures: string[]; firstDump: number; lastDump: number }>('concurrent', { specs });
      t.same(r.failures, [], 'no EBUSY, no broken multipart dump');
      t.equal(r.firstDump, before, 'the first dump ran before the additions');
      t.equal(r.lastDump, before + 50, 'the last dump ran after them');
      for (const spec of specs) await agent.call('deleteAddress', { spec });
    });

    t.test('errors', async (t) => {
      const nodev = await rejection(agent.call('addAddress', { spec: { ...v4, index: 9999 } }));
      t.equal(nodev.code, 'ENODEV', `unknown interface: ${nodev.message}`);
      const bad = await rejection(agent.call('addAddress', { spec: { ...v4, prefix: 33 } }));
      t.equal(bad.code, 'EINVAL', `bad prefix: ${bad.message}`);
      const mismatch = await rejection(agent.call('addAddress', { spec: { ...v4, family: 6 } }));
      t.equal(mismatch.code, 'EINVAL', `family mismatch: ${mismatch.message}`);
    });
  });
}
