// The monitor channel sees what other programs do to the kernel: `ip addr del` of a VIP (how a daemon notices
// that someone removed its address, reference §9 trap 24), `ip addr add`, and `ip link set down/up`. It also
// sees the changes made through our own command channel, which the single-socket design would have swallowed
// (platform-notes §5).
import { resolve } from 'node:path';
import t from 'tap';
import type { AddressSpec, NetlinkEvent } from '../../src/net/netlink';
import { createLab, NsAgent } from '../helpers/netns';
import type { EventQuery } from './fixtures/netlink-agent';

const AGENT = resolve(__dirname, 'fixtures', 'netlink-agent.ts');

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('monitor channel events', async (t) => {
    const lab = createLab([{ addrs: ['10.73.0.1/24', 'fd00:73::1/64'] }]);
    t.teardown(() => lab.cleanup());
    const node = lab.nodes[0];
    const agent = await NsAgent.start(node.ns, AGENT);
    t.teardown(() => agent.stop());
    await agent.call('monitor');
    const ip = (...args: string[]): string => lab.exec(node.ns, 'ip', args);
    const wait = <E extends NetlinkEvent>(query: EventQuery): Promise<E> => agent.call<E>('waitEvent', { query, timeoutMs: 3000 });

    t.test('our own VIP add and delete are seen', async (t) => {
      const vip: AddressSpec = { index: node.ifindex, ifname: 'eth0', family: 4, address: '10.73.0.50', prefix: 24, label: 'eth0:1' };
      await agent.call('addAddress', { spec: vip });
      const added = await wait<Extract<NetlinkEvent, { type: 'address-added' }>>({ type: 'address-added', address: '10.73.0.50' });
      t.match(added.address, { index: node.ifindex, family: 4, prefix: 24, label: 'eth0:1' }, 'address-added');
      await agent.call('deleteAddress', { spec: vip });
      const removed = await wait<Extract<NetlinkEvent, { type: 'address-removed' }>>({ type: 'address-removed', address: '10.73.0.50' });
      t.match(removed.address, { index: node.ifindex, prefix: 24, label: 'eth0:1' }, 'address-removed');
    });

    t.test('a VIP deleted by `ip addr del` from outside', async (t) => {
      const v4: AddressSpec = { index: node.ifindex, family: 4, address: '10.73.0.51', prefix: 32, label: 'eth0:2' };
      const v6: AddressSpec = { index: node.ifindex, family: 6, address: 'fd00:73::51', prefix: 128 };
      await agent.call('addAddress', { spec: v4 });
      await agent.call('addAddress', { spec: v6 });
      await wait({ type: 'address-added', address: '10.73.0.51' });
      await wait({ type: 'address-added', address: 'fd00:73::51' });

      ip('addr', 'del', '10.73.0.51/32', 'dev', 'eth0');
      const r4 = await wait<Extract<NetlinkEvent, { type: 'address-removed' }>>({ type: 'address-removed', address: '10.73.0.51' });
      t.match(r4.address, { index: node.ifindex, family: 4, prefix: 32, label: 'eth0:2' }, 'IPv4: index, family, prefix, label');

      ip('addr', 'del', 'fd00:73::51/128', 'dev', 'eth0');
      const r6 = await wait<Extract<NetlinkEvent, { type: 'address-removed' }>>({ type: 'address-removed', address: 'fd00:73::51' });
      t.match(r6.address, { index: node.ifindex, family: 6, prefix: 128, flags: { nodad: true } }, 'IPv6: index, family, prefix');
    });

    t.test('an address added by `ip addr add` from outside', async (t) => {
      ip('addr', 'add', '10.73.0.60/24', 'dev', 'eth0', 'label', 'eth0:ext');
      const a = await wait<Extract<NetlinkEvent, { type: 'address-added' }>>({ type: 'address-added', address: '10.73.0.60' });
      t.match(a.address, { index: node.ifindex, prefix: 24, label: 'eth0:ext', flags: { secondary: true } }, 'address-added');
      ip('addr', 'del', '10.73.0.60/24', 'dev', 'eth0');
      await wait({ type: 'address-removed', address: '10.73.0.60' });
    });

    t.test('link down and up with `ip link set`', async (t) => {
      await agent.call('drainEvents');
      ip('link', 'set', 'eth0', 'down');
      const down = await wait<Extract<NetlinkEvent, { type: 'link-down' }>>({ type: 'link-down', name: 'eth0' });
      t.match(down.link, { index: node.ifindex, up: false, running: false }, 'link-down');
      ip('link', 'set', 'eth0', 'up');
      const up = await wait<Extract<NetlinkEvent, { type: 'link-up' }>>({ type: 'link-up', name: 'eth0' });
      t.match(up.link, { index: node.ifindex, up: true, running: true, mac: node.mac }, 'link-up');
      const extra = (await agent.call<NetlinkEvent[]>('drainEvents')).filter((e) => e.type === 'link-up' || e.type === 'link-down');
      t.same(extra, [], 'one link-down and one link-up, no repeats');
    });

    t.test('links created and removed', async (t) => {
      ip('link', 'add', 'kv0', 'type', 'veth', 'peer', 'name', 'kv1');
      const added = await wait<Extract<NetlinkEvent, { type: 'link-added' }>>({ type: 'link-added', name: 'kv0' });
      t.match(added.link, { kind: 'veth', up: false }, 'link-added with its kind');
      ip('link', 'del', 'kv0');
      const removed = await wait<Extract<NetlinkEvent, { type: 'link-removed' }>>({ type: 'link-removed', name: 'kv0' });
      t.equal(removed.link.index, added.link.index, 'link-removed');
      await wait({ type: 'link-removed', name: 'kv1' });
    });

    t.test('routes and rules', async (t) => {
      await agent.call('drainEvents');
      await agent.call('addRoute', { spec: { family: 4, dst: '10.74.0.0', dstLen: 16, via: '10.73.0.254', table: 100 } });
      const r = await wait<Extract<NetlinkEvent, { type: 'route-added' }>>({ type: 'route-added', dst: '10.74.0.0' });
      t.match(r.route, { dst: '10.74.0.0', dstLen: 16, via: '10.73.0.254', table: 100, protocol: 18 }, 'route-added');
      await agent.call('addRule', { spec: { family: 4, from: '10.74.0.0', fromLen: 16, table: 100, priority: 1000 } });
      const ru = await wait<Extract<NetlinkEvent, { type: 'rule-added' }>>({ type: 'rule-added', priority: 1000 });
      t.match(ru.rule, { from: '10.74.0.0', fromLen: 16, table: 100, priority: 1000, action: 'table' }, 'rule-added');
      await agent.call('deleteRule', { spec: { family: 4, from: '10.74.0.0', fromLen: 16, table: 100, priority: 1000 } });
      await wait({ type: 'rule-removed', priority: 1000 });
      ip('route', 'del', '10.74.0.0/16', 'table', '100');
      const rr = await wait<Extract<NetlinkEvent, { type: 'route-removed' }>>({ type: 'route-removed', dst: '10.74.0.0' });
      t.match(rr.route, { dst: '10.74.0.0', table: 100 }, 'route deleted from outside is seen');
    });
  });
}
