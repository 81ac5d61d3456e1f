// Links through the command channel, checked with iproute2 and sysctl: a macvlan as keepalived creates its VMAC
// (name, parent, MAC, private mode), brought up with IPv6 address generation off and IPv4 devconf values set in
// the same RTM_NEWLINK, then deleted; and the kernel's refusals as errno names.
import { resolve } from 'node:path';
import t from 'tap';
import { createLab, NsAgent } from '../helpers/netns';
import { rejection } from '../helpers/rejection';

const AGENT = resolve(__dirname, 'fixtures', 'netlink-agent.ts');

interface IpLink {
  ifname: string;
  ifindex: number;
  link?: string;
  address: string;
  flags: string[];
  linkinfo?: { info_kind: string; info_data?: { mode?: string } };
  inet6_addr_gen_mode?: string;
}

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('a macvlan through the command channel', async (t) => {
    const lab = createLab([{ addrs: ['10.75.0.1/24'] }]);
    t.teardown(() => lab.cleanup());
    const node = lab.nodes[0];
    const agent = await NsAgent.start(node.ns, AGENT);
    t.teardown(() => agent.stop());
    const links = (): IpLink[] => JSON.parse(lab.exec(node.ns, 'ip', ['-d', '-j', 'link', 'show'])) as IpLink[];
    const sysctl = (name: string): string => lab.exec(node.ns, 'sysctl', ['-n', name]).trim();

    const spec = { name: 'vrrp.51', parent: node.ifindex, mac: '00:00:5e:00:01:33', mode: 'private' };
    const index = await agent.call<number>('addMacvlan', { spec });
    const made = links().find((l) => l.ifname === 'vrrp.51');
    t.ok(made, 'created');
    t.equal(made?.ifindex, index, 'the index returned is the new link');
    t.equal(made?.link, 'eth0', 'on the parent');
    t.equal(made?.address, '00:00:5e:00:01:33', 'with the MAC');
    t.equal(made?.linkinfo?.info_kind, 'macvlan', 'a macvlan');
    t.equal(made?.linkinfo?.info_data?.mode, 'private', 'in private mode');
    t.notOk(made?.flags.includes('UP'), 'created down');

    const dup = await rejection(agent.call('addMacvlan', { spec }));
    t.equal(dup.code, 'EEXIST', `the same name again: ${dup.message}`);

    await agent.call('setLink', {
      settings: { index, up: true, ipv6AddrGenMode: 'none', ipv4Devconf: { arpIgnore: 1, acceptLocal: 1, rpFilter: 0, promoteSecondaries: 1 } },
    });
    const up = links().find((l) => l.ifname === 'vrrp.51');
    t.ok(up?.flags.includes('UP'), 'brought up');
    t.equal(up?.inet6_addr_gen_mode, 'none', 'no IPv6 address generation');
    t.same(['arp_ignore', 'accept_local', 'rp_filter', 'promote_secondaries'].map((k) => sysctl(`net.ipv4.conf.vrrp/51.${k}`)), ['1', '1', '0', '1'], 'devconf values');
    await agent.call('setLink', { settings: { index: node.ifindex, ipv4Devconf: { arpIgnore: 1, arpFilter: 1 } } });
    t.same([sysctl('net.ipv4.conf.eth0.arp_ignore'), sysctl('net.ipv4.conf.eth0.arp_filter')], ['1', '1'], 'devconf on the parent');
    await agent.call('setLink', { settings: { index, up: false } });
    t.notOk(links().find((l) => l.ifname === 'vrrp.51')?.flags.includes('UP'), 'brought down');

    await agent.call('deleteLink', { index });
    t.notOk(links().some((l) => l.ifname === 'vrrp.51'), 'deleted');
    const gone = await rejection(agent.call('deleteLink', { index }));
    t.equal(gone.code, 'ENODEV', `delete of a missing link: ${gone.message}`);
    const noParent = await rejection(agent.call('addMacvlan', { spec: { ...spec, parent: 9999 } }));
    t.equal(noParent.code, 'ENODEV', `no such parent: ${noParent.message}`);
  });
}
