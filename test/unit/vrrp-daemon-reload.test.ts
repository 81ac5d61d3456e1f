// SIGHUP: instances matched by (VRID, family, interface, group) keep their state and their VIPs; only what changed
// is removed or added; instances gone from the configuration are released; new ones start.
import t from 'tap';
import { config, FakeWorld, instanceBlock, S } from './vrrp-daemon-harness';

t.test('reload keeps the VIPs of unchanged instances and changes only what changed', async (t) => {
  const w = new FakeWorld();
  t.teardown(() => w.close());
  const a = w.node('A', '10.9.0.1');
  const before = [
    instanceBlock({ name: 'VI_1', vrid: 51, priority: 150, vips: ['10.9.0.100/24'] }),
    instanceBlock({ name: 'VI_2', vrid: 52, priority: 150, vips: ['10.9.0.101/24'] }),
    instanceBlock({ name: 'VI_3', vrid: 53, priority: 150, vips: ['10.9.0.102/24'], extra: 'notify "/bin/true"' }),
  ];
  await a.daemon.start(config(before.join('')));
  await w.runTo(5 * S);
  t.same(['VI_1', 'VI_2', 'VI_3'].map((n) => a.state(n)), ['MASTER', 'MASTER', 'MASTER']);
  t.same(a.vips().sort(), ['10.9.0.100/24', '10.9.0.101/24', '10.9.0.102/24']);

  const calls = a.netlink.calls.length;
  const sent = w.segment.sent.length;
  await a.daemon.reload(config([
    // VI_1 unchanged but renamed: matched by VRID/family/interface, not by name
    instanceBlock({ name: 'VI_ONE', vrid: 51, priority: 150, vips: ['10.9.0.100/24'] }),
    // VI_2: one more VIP
    instanceBlock({ name: 'VI_2', vrid: 52, priority: 150, vips: ['10.9.0.101/24', '10.9.0.111/24'] }),
    // VI_3 gone; VI_4 new
    instanceBlock({ name: 'VI_4', vrid: 54, priority: 100, vips: ['10.9.0.104/24'] }),
  ].join('')));
  await w.settle();
  const ops = a.netlink.calls.slice(calls).filter((c) => c.op === 'addAddress' || c.op === 'deleteAddress');
  t.notOk(ops.some((c) => c.target.includes('10.9.0.100/')), `nothing done to VI_1's VIP (${ops.map((c) => `${c.op} ${c.target}`).join(', ')})`);
  t.notOk(ops.some((c) => c.op === 'deleteAddress' && c.target.includes('10.9.0.101/')), "VI_2's old VIP kept");
  t.ok(ops.some((c) => c.op === 'addAddress' && c.target.includes('10.9.0.111/')), "VI_2's new VIP added");
  t.ok(ops.some((c) => c.op === 'deleteAddress' && c.target.includes('10.9.0.102/')), "VI_3's VIP removed");
  t.equal(a.state('VI_ONE'), 'MASTER', 'the renamed instance is still MASTER');
  t.equal(a.state('VI_2'), 'MASTER');
  t.equal(a.state('VI_3'), undefined);
  t.equal(a.state('VI_4'), 'BACKUP', 'the new instance starts as BACKUP');
  const zero = w.segment.sent.slice(sent).filter((f) => f.plain?.vrid === 53).map((f) => f.plain?.priority);
  t.same(zero, [0], 'the removed master resigned with priority 0');
  t.same(a.scripts.at(-1)?.argv.slice(-3), ['VI_3', 'FAULT', '150'], 'a removed instance is notified FAULT');
  t.ok(a.daemon.transitions.every((x) => !(x.name === 'VI_ONE' && x.to !== 'MASTER')), 'VI_1 never left MASTER');

  await w.runTo(w.now + 5 * S);
  t.same(a.vips().sort(), ['10.9.0.100/24', '10.9.0.101/24', '10.9.0.104/24', '10.9.0.111/24']);
});

t.test('a reload that lowers a master below its peer hands over; a bad instance does not crash', async (t) => {
  const w = new FakeWorld();
  t.teardown(() => w.close());
  const a = w.node('A', '10.9.0.1');
  const b = w.node('B', '10.9.0.2');
  await a.daemon.start(config(instanceBlock({ priority: 150 })));
  await b.daemon.start(config(instanceBlock({ priority: 100 })));
  await w.runTo(5 * S);
  t.equal(a.state(), 'MASTER');
  await a.daemon.reload(config(instanceBlock({ priority: 50 }) + instanceBlock({ name: 'VI_X', vrid: 51 })));
  await w.runTo(w.now + 6 * S);
  t.equal(b.state(), 'MASTER');
  t.equal(a.state(), 'BACKUP');
  t.same(a.vips(), []);
  t.same(b.vips(), ['10.9.0.100/24']);
});
