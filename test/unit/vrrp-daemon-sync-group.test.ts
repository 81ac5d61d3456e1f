// The daemon with a vrrp_sync_group on fake I/O in virtual time: the group's own track_interface is tracked by
// every member (keepalived's sync_group_tracking_init), so that link going down takes the whole group to FAULT and
// the peer's group takes over both VIPs; the group's notify script gets GROUP G1 STATE 0.
import t from 'tap';
import { config, FakeWorld, instanceBlock, S } from './vrrp-daemon-harness';

const conf = (priority: number): string => `
vrrp_sync_group G1 {
  group {
    VI_1
    VI_2
  }
  track_interface {
    eth2
  }
  notify /bin/echo
}
${instanceBlock({ name: 'VI_1', vrid: 51, priority, vips: ['10.9.0.101/24'] })}
${instanceBlock({ name: 'VI_2', vrid: 52, priority, vips: ['10.9.0.102/24'] })}
`;

t.test('a group-level tracked interface faults every member; the peer takes the group', async (t) => {
  const world = new FakeWorld();
  t.teardown(() => world.close());
  const a = world.node('A', '10.9.0.1');
  const b = world.node('B', '10.9.0.2');
  for (const n of [a, b]) n.netlink.externalSetLink({ index: 3, name: 'eth2', running: true });
  await a.daemon.start(config(conf(150)));
  await world.runFor(1 * S);
  await b.daemon.start(config(conf(100)));
  await world.runFor(6 * S);
  t.same([a.state('VI_1'), a.state('VI_2')], ['MASTER', 'MASTER'], 'A owns the group');
  t.same([b.state('VI_1'), b.state('VI_2')], ['BACKUP', 'BACKUP']);
  t.same(a.vips().sort(), ['10.9.0.101/24', '10.9.0.102/24']);

  a.netlink.externalSetLink({ index: 3, name: 'eth2', running: false });
  await world.runFor(5 * S);
  t.same([a.state('VI_1'), a.state('VI_2')], ['FAULT', 'FAULT'], 'both members of A in FAULT');
  t.ok(a.lines.includes('VRRP_Group(G1) Syncing instances to FAULT state'));
  t.same([b.state('VI_1'), b.state('VI_2')], ['MASTER', 'MASTER'], 'B took the group');
  t.same(b.vips().sort(), ['10.9.0.101/24', '10.9.0.102/24']);
  t.same(a.vips(), []);
  const groupArgs = a.scripts.filter((r) => r.argv[0] === '/bin/echo').map((r) => r.argv.slice(1).join(' '));
  t.same(groupArgs, ['GROUP G1 BACKUP 0', 'GROUP G1 MASTER 0', 'GROUP G1 FAULT 0'], 'the group notify script, in order');
});

t.test('a reload with the same sync group keeps the members MASTER and the group quiet', async (t) => {
  const world = new FakeWorld();
  t.teardown(() => world.close());
  const a = world.node('A', '10.9.0.1');
  a.netlink.externalSetLink({ index: 3, name: 'eth2', running: true });
  await a.daemon.start(config(conf(150)));
  await world.runFor(6 * S);
  t.same([a.state('VI_1'), a.state('VI_2')], ['MASTER', 'MASTER']);
  const before = a.scripts.length;
  await a.daemon.reload(config(conf(150)));
  await world.runFor(3 * S);
  t.same([a.state('VI_1'), a.state('VI_2')], ['MASTER', 'MASTER'], 'still MASTER');
  t.same(a.scripts.slice(before).map((r) => r.argv.join(' ')), [], 'no notification');
  // The rebuilt group still works: the tracked link going down faults both members.
  a.netlink.externalSetLink({ index: 3, name: 'eth2', running: false });
  await world.runFor(1 * S);
  t.same([a.state('VI_1'), a.state('VI_2')], ['FAULT', 'FAULT']);
  t.ok(a.lines.includes('VRRP_Group(G1) Syncing instances to FAULT state'));
});
