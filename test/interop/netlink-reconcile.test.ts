// The VIP reconciler against the real kernel: from an arbitrary starting state it removes the stale addresses it
// owns, replaces owned ones whose attributes differ, adds the missing ones, leaves foreign addresses (the primary,
// another program's) alone, and a second run changes nothing. A VIP that collides with a foreign address fails
// alone. Also prints how long 200 VIPs take through the executor (a figure, not an assertion).
import { resolve } from 'node:path';
import t from 'tap';
import type { AddressSpec } from '../../src/net/netlink';
import { createLab, NsAgent } from '../helpers/netns';
import type { AgentApplyResult } from './fixtures/netlink-agent';

const AGENT = resolve(__dirname, 'fixtures', 'netlink-agent.ts');

interface Reconciled {
  plan: { add: number; remove: number; keep: number };
  result: AgentApplyResult;
}

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('address reconciler', async (t) => {
    const lab = createLab([{ addrs: ['10.81.0.1/24', 'fd00:81::1/64'] }]);
    t.teardown(() => lab.cleanup());
    const node = lab.nodes[0];
    const agent = await NsAgent.start(node.ns, AGENT);
    t.teardown(() => agent.stop());
    const ip = (...args: string[]): string => lab.exec(node.ns, 'ip', args);
    /** 'address/prefix label-or-flags' lines of eth0, link-local left out. */
    const state = (): string[] => ip('-o', 'addr', 'show', 'dev', 'eth0').split('\n').filter((l) => l && !l.includes('fe80:'))
      .map((l) => l.replace(/^\d+: eth0\s+/, '').replace(/\\.*$/, '').trim()).sort();
    const base = { index: node.ifindex, ifname: 'eth0' };
    const v4 = (address: string, label: string): AddressSpec => ({ ...base, family: 4, address, prefix: 24, label, broadcast: '10.81.0.255' });
    const v6 = (address: string, prefix = 128): AddressSpec => ({ ...base, family: 6, address, prefix });

    t.test('converges from an arbitrary state, then is a no-op', async (t) => {
      // Foreign: another program's address on the same interface.
      ip('addr', 'add', '10.81.0.200/24', 'dev', 'eth0', 'label', 'eth0:foreign');
      // Owned leftovers: a VIP that is no longer configured, one with an old label, one with an old prefix.
      ip('addr', 'add', '10.81.0.101/24', 'brd', '10.81.0.255', 'dev', 'eth0', 'label', 'eth0:1');
      ip('addr', 'add', '10.81.0.102/24', 'brd', '10.81.0.255', 'dev', 'eth0', 'label', 'eth0:old');
      ip('addr', 'add', 'fd00:81::105/64', 'dev', 'eth0', 'nodad');
      // Already right.
      await agent.call('addAddress', { spec: v4('10.81.0.103', 'eth0:3') });

      const desired = [v4('10.81.0.102', 'eth0:2'), v4('10.81.0.103', 'eth0:3'), v4('10.81.0.104', 'eth0:4'), v6('fd00:81::104'), v6('fd00:81::105')];
      const owned = [v4('10.81.0.101', 'eth0:1'), v6('fd00:81::105', 64), ...desired];
      const first = await agent.call<Reconciled>('reconcile', { desired, owned });
      t.same(first.plan, { add: 4, remove: 3, keep: 1 }, 'plan: 3 removals (stale, old label, old prefix), 4 additions');
      t.same(first.result.failures, [], 'no failures');
      t.same(state(), [
        'inet 10.81.0.1/24 scope global eth0',
        'inet 10.81.0.102/24 brd 10.81.0.255 scope global secondary eth0:2',
        'inet 10.81.0.103/24 brd 10.81.0.255 scope global secondary eth0:3',
        'inet 10.81.0.104/24 brd 10.81.0.255 scope global secondary eth0:4',
        'inet 10.81.0.200/24 scope global secondary eth0:foreign',
        'inet6 fd00:81::104/128 scope global nodad deprecated',
        'inet6 fd00:81::105/128 scope global nodad deprecated',
        'inet6 fd00:81::1/64 scope global nodad',
      ].sort(), 'kernel equals desired + foreign');

      const second = await agent.call<Reconciled>('reconcile', { desired, owned });
      t.same(second.plan, { add: 0, remove: 0, keep: 5 }, 'second run: nothing to do');
      t.same(second.result, { added: 0, removed: 0, alreadyGone: 0, failures: [] }, 'second run: no requests');

      const none = await agent.call<Reconciled>('reconcile', { desired: [], owned });
      t.same(none.plan, { add: 0, remove: 5, keep: 0 }, 'empty desired set removes every owned address');
      t.same(state(), [
        'inet 10.81.0.1/24 scope global eth0',
        'inet 10.81.0.200/24 scope global secondary eth0:foreign',
        'inet6 fd00:81::1/64 scope global nodad',
      ].sort(), 'only foreign addresses left');
    });

    t.test('a VIP colliding with a foreign address fails alone', async (t) => {
      // fd00:81::1 is the interface's own /64: the /128 VIP cannot be added, and the /64 must survive.
      const desired = [v6('fd00:81::1'), v4('10.81.0.110', 'eth0:10')];
      const r = await agent.call<Reconciled>('reconcile', { desired });
      t.same(r.plan, { add: 2, remove: 0, keep: 0 }, 'plan');
      t.equal(r.result.added, 1, 'the other VIP was added');
      t.match(r.result.failures, [{ action: 'add', address: 'fd00:81::1/128', code: 'EEXIST' }], 'the collision is reported');
      t.ok(lab.hasAddress(node, 'fd00:81::1'), 'foreign /64 untouched');
      t.match(ip('-o', '-6', 'addr', 'show', 'dev', 'eth0'), /fd00:81::1\/64/, 'still /64');
      await agent.call('reconcile', { desired: [], owned: desired });
      t.notOk(lab.hasAddress(node, '10.81.0.110'), 'cleaned up');
    });

    t.test('200 VIPs (figure only)', async (t) => {
      const specs = (third: number): AddressSpec[] => Array.from({ length: 200 }, (_, i) =>
        ({ ...base, family: 4, address: `10.${third}.${i >> 8}.${(i & 255) + 1}`, prefix: 32 }));
      const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
      const figures: string[] = [];
      for (const [third, inFlight] of [[90, 1], [91, 128], [92, 200]] as const) {
        const adds: number[] = [];
        const removes: number[] = [];
        for (let round = 0; round < 5; round++) {
          const vips = specs(third);
          const add = await agent.call<{ ms: number; result: AgentApplyResult }>('timedAdd', { specs: vips, maxInFlight: inFlight });
          const del = await agent.call<{ ms: number; result: AgentApplyResult }>('timedRemove', { specs: vips, maxInFlight: inFlight });
          if (add.result.added !== 200 || del.result.removed !== 200) t.fail(`round ${round}: ${JSON.stringify([add.result, del.result])}`);
          adds.push(add.ms);
          removes.push(del.ms);
        }
        t.pass(`200 added and removed 5 times with ${inFlight} in flight`);
        const a = median(adds);
        const r = median(removes);
        figures.push(`${inFlight} in flight: add ${a.toFixed(1)} ms (${((a * 1000) / 200).toFixed(0)} µs/VIP), ` +
          `remove ${r.toFixed(1)} ms (${((r * 1000) / 200).toFixed(0)} µs/VIP), median of 5`);
      }
      for (const f of figures) t.comment(`200 IPv4 VIPs, ${f}`);
    });
  });
}
