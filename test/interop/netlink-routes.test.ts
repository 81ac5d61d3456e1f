// Routes and rules through the command channel, checked with iproute2: the basics of keepalived's virtual_routes
// and virtual_rules (prefix, via, dev, table, metric, scope, src, type; from, to, table, priority, fwmark, iif,
// oif), marked proto keepalived, listed back, deleted, and the kernel's refusals as errno names.
import { resolve } from 'node:path';
import t from 'tap';
import type { KernelRoute, KernelRule, RouteSpec, RuleSpec } from '../../src/net/netlink';
import { createLab, NsAgent } from '../helpers/netns';
import { rejection } from '../helpers/rejection';

const AGENT = resolve(__dirname, 'fixtures', 'netlink-agent.ts');

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('routes and rules through the command channel', async (t) => {
    const lab = createLab([{ addrs: ['10.75.0.1/24', 'fd00:75::1/64'] }]);
    t.teardown(() => lab.cleanup());
    const node = lab.nodes[0];
    const agent = await NsAgent.start(node.ns, AGENT);
    t.teardown(() => agent.stop());
    const ip = (...args: string[]): string => lab.exec(node.ns, 'ip', args);

    t.test('routes', async (t) => {
      const via: RouteSpec = { family: 4, dst: '10.76.0.0', dstLen: 16, via: '10.75.0.254', index: node.ifindex, table: 100, metric: 5, src: '10.75.0.1' };
      const dev: RouteSpec = { family: 4, dst: '10.77.0.0', dstLen: 24, index: node.ifindex, table: 100 };
      const hole: RouteSpec = { family: 4, dst: '10.78.0.0', dstLen: 16, type: 'blackhole', table: 100 };
      const v6: RouteSpec = { family: 6, dst: 'fd00:76::', dstLen: 64, via: 'fd00:75::fe', index: node.ifindex, table: 100 };
      const big: RouteSpec = { family: 4, dst: '10.79.0.0', dstLen: 16, index: node.ifindex, table: 1000 };
      for (const spec of [via, dev, hole, v6, big]) await agent.call('addRoute', { spec });

      const shown = ip('route', 'show', 'table', '100');
      t.match(shown, /10\.76\.0\.0\/16 via 10\.75\.0\.254 dev eth0 proto (keepalived|18) src 10\.75\.0\.1 metric 5/, 'via, dev, src, metric');
      t.match(shown, /10\.77\.0\.0\/24 dev eth0 proto (keepalived|18) scope link/, 'a gateway-less route gets scope link');
      t.match(shown, /blackhole 10\.78\.0\.0\/16 proto (keepalived|18)/, 'blackhole');
      t.match(ip('-6', 'route', 'show', 'table', '100'), /fd00:76::\/64 via fd00:75::fe dev eth0 proto (keepalived|18)/, 'IPv6 route');
      t.match(ip('route', 'show', 'table', '1000'), /10\.79\.0\.0\/16 dev eth0 proto (keepalived|18) scope link/, 'table > 255');

      const listed = await agent.call<KernelRoute[]>('routes', { filter: { family: 4, table: 100, protocol: 18 } });
      t.same(listed.map((r) => r.dst).sort(), ['10.76.0.0', '10.77.0.0', '10.78.0.0'], 'listed by table and protocol');
      t.match(listed.find((r) => r.dst === '10.76.0.0'),
        { dstLen: 16, via: '10.75.0.254', index: node.ifindex, metric: 5, src: '10.75.0.1', type: 'unicast', scope: 0 }, 'fields');
      t.match(listed.find((r) => r.dst === '10.77.0.0'), { scope: 253 }, 'scope link');
      t.match(listed.find((r) => r.dst === '10.78.0.0'), { type: 'blackhole' }, 'type');

      const dup = await rejection(agent.call('addRoute', { spec: via }));
      t.equal(dup.code, 'EEXIST', `duplicate: ${dup.message}`);
      const unreachable = await rejection(agent.call('addRoute', { spec: { family: 4, dst: '10.80.0.0', dstLen: 16, via: '10.99.0.1', table: 100 } }));
      t.equal(unreachable.code, 'ENETUNREACH', `gateway not on a connected network: ${unreachable.message}`);

      for (const spec of [via, dev, hole, v6, big]) await agent.call('deleteRoute', { spec });
      t.equal(ip('route', 'show', 'table', '100').trim(), '', 'all deleted');
      const missing = await rejection(agent.call('deleteRoute', { spec: via }));
      t.equal(missing.code, 'ESRCH', `delete of a missing route: ${missing.message}`);
    });

    t.test('rules', async (t) => {
      const from: RuleSpec = { family: 4, from: '10.76.0.0', fromLen: 16, table: 100, priority: 100 };
      const to: RuleSpec = { family: 4, to: '10.77.0.0', toLen: 24, table: 101, priority: 101 };
      const mark: RuleSpec = { family: 4, fwmark: 7, fwmask: 0xff, table: 102, priority: 102 };
      const ifs: RuleSpec = { family: 4, iif: 'eth0', oif: 'lo', table: 103, priority: 103 };
      const hole: RuleSpec = { family: 4, from: '10.78.0.1', action: 'blackhole', priority: 104 };
      const v6: RuleSpec = { family: 6, from: 'fd00:76::', fromLen: 64, table: 100, priority: 100 };
      for (const spec of [from, to, mark, ifs, hole, v6]) await agent.call('addRule', { spec });

      const shown = ip('rule', 'show');
      t.match(shown, /100:\s+from 10\.76\.0\.0\/16 lookup 100 proto (keepalived|18)/, 'from');
      t.match(shown, /101:\s+from all to 10\.77\.0\.0\/24 lookup 101 proto (keepalived|18)/, 'to');
      t.match(shown, /102:\s+from all fwmark 0x7\/0xff lookup 102 proto (keepalived|18)/, 'fwmark/mask');
      t.match(shown, /103:\s+from all iif eth0 oif lo lookup 103 proto (keepalived|18)/, 'iif/oif');
      t.match(shown, /104:\s+from 10\.78\.0\.1 blackhole proto (keepalived|18)/, 'blackhole action');
      t.match(ip('-6', 'rule', 'show'), /100:\s+from fd00:76::\/64 lookup 100 proto (keepalived|18)/, 'IPv6 rule');

      const listed = await agent.call<KernelRule[]>('rules', { family: 4 });
      t.match(listed.find((r) => r.priority === 102), { fwmark: 7, fwmask: 0xff, table: 102, action: 'table', protocol: 18 }, 'listed fwmark rule');
      t.match(listed.find((r) => r.priority === 103), { iif: 'eth0', oif: 'lo' }, 'listed iif/oif rule');
      t.match(listed.find((r) => r.priority === 104), { action: 'blackhole', from: '10.78.0.1', fromLen: 32 }, 'listed blackhole rule');

      const dup = await rejection(agent.call('addRule', { spec: from }));
      t.equal(dup.code, 'EEXIST', `duplicate: ${dup.message}`);
      for (const spec of [from, to, mark, ifs, hole, v6]) await agent.call('deleteRule', { spec });
      t.notMatch(ip('rule', 'show'), /proto (keepalived|18)/, 'all deleted');
      const missing = await rejection(agent.call('deleteRule', { spec: from }));
      t.equal(missing.code, 'ENOENT', `delete of a missing rule: ${missing.message}`);
    });
  });
}
