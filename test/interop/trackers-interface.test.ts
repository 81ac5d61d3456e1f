// track_interface with weights, keepalived 2.2.7 and keepalived-ts side by side (one lab, VRID 51 theirs, 52
// ours, each alone and MASTER), each node with two extra veth interfaces it tracks: trk1 weight +10 (added while
// up), trk2 weight -25 reverse (… subtracts while up: reverse turns "subtract when down" into "add when down"),
// and trk3 weight 0 (FAULT while down). The test takes them down and up; keepalived's advertised priority is
// measured after each step and ours must match it, as must the transitions and the log lines.
import { join } from 'node:path';
import t from 'tap';
import { startCapture } from '../../src/lab/capture';
import { createLab } from '../helpers/netns';
import { Daemon, prioritySteps, removeDir, sleep, tempDir, trackerLines, until } from './tracker-daemons';

const THEIRS = 51;
const OURS = 52;

function conf(vrid: number): string {
  return `vrrp_instance VI_1 {
  state MASTER
  interface eth0
  virtual_router_id ${vrid}
  priority 100
  advert_int 1
  virtual_ipaddress {
    10.51.${vrid}.100/24
  }
  track_interface {
    trk1 weight 10
    trk2 weight -25 reverse
    trk3
  }
}
`;
}

t.test('track_interface weights and weight 0 as keepalived', async (t) => {
  const dir = tempDir('trk-if');
  const lab = createLab([{ addrs: ['10.51.0.1/24'] }, { addrs: ['10.51.0.2/24'] }]);
  const theirs = new Daemon('keepalived', lab.nodes[0], dir, 'theirs');
  const ours = new Daemon('keepalived-ts', lab.nodes[1], dir, 'ours');
  const capture = await startCapture(lab.nodes[0].ns, 'eth0', join(dir, 'wire.pcap'));
  t.teardown(async () => {
    await Promise.all([theirs.stop(), ours.stop(), capture.stop()]);
    lab.cleanup();
    removeDir(dir);
  });
  for (const node of lab.nodes) {
    for (const i of [1, 2, 3]) {
      lab.exec(node.ns, 'ip', ['link', 'add', `trk${i}`, 'type', 'veth', 'peer', 'name', `trk${i}p`]);
      lab.exec(node.ns, 'ip', ['link', 'set', `trk${i}p`, 'up']);
      lab.exec(node.ns, 'ip', ['link', 'set', `trk${i}`, 'up']);
    }
  }
  const link = (name: string, up: boolean): void => {
    for (const node of lab.nodes) lab.exec(node.ns, 'ip', ['link', 'set', name, up ? 'up' : 'down']);
  };
  await Promise.all([theirs.start(conf(THEIRS)), ours.start(conf(OURS))]);
  const prio = (vrid: number): number | undefined => prioritySteps(capture.events(), vrid).at(-1);
  t.ok(await until(() => theirs.state() === 'MASTER' && ours.state() === 'MASTER', 15000), 'both MASTER');
  t.ok(await until(() => prio(THEIRS) !== undefined && prio(OURS) === prio(THEIRS), 5000), `same priority at start (${prio(THEIRS)})`);

  const step = async (what: string, change: () => void): Promise<void> => {
    const before = prio(THEIRS);
    change();
    await until(() => prio(THEIRS) !== before, 5000);
    await sleep(300);
    const want = prio(THEIRS);
    t.ok(await until(() => prio(OURS) === want, 6000), `${what}: keepalived advertises ${want}, keepalived-ts ${prio(OURS)}`);
  };
  await step('trk1 down', () => link('trk1', false));
  await step('trk2 down', () => link('trk2', false));
  await step('trk1 up', () => link('trk1', true));
  await step('trk3 down (weight 0: FAULT)', () => link('trk3', false));
  t.ok(await until(() => theirs.state() === 'FAULT' && ours.state() === 'FAULT', 5000), 'both in FAULT');
  await step('trk3 up', () => link('trk3', true));
  t.ok(await until(() => theirs.state() === 'MASTER' && ours.state() === 'MASTER', 10000), 'both MASTER again');
  await step('trk2 up', () => link('trk2', true));

  t.same(prioritySteps(capture.events(), OURS), prioritySteps(capture.events(), THEIRS), 'the same advertised priorities');
  t.comment(`keepalived advertised ${prioritySteps(capture.events(), THEIRS).join(' → ')}`);
  const lines = (d: Daemon): string[] => d.log().filter((l) => trackerLines([l]).length > 0 || /^\(VI_1\) Entering|Netlink reports trk/.test(l));
  t.same(lines(ours), lines(theirs), 'the same priority, state and link lines');
  t.comment(`keepalived: ${lines(theirs).join(' | ')}`);
});
