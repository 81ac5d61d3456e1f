// track_interface with weights, keepalived 2.2.7 and keepalived-ts side by side (one lab, VRID 51 theirs, 52
// ours, each alone and MASTER), each node with two extra veth interfaces it tracks: trk1 weight +10 (added while
// up), trk2 weight -25 reverse (… subtracts while up: reverse turns "subtract when down" into "add when down"),
// and trk3 weight 0 (FAULT while down). The test takes them down and up; keepalived's advertised priority is
// measured after each step and ours must match it, as must the transitions and the log lines.
import t from 'tap';
import { Daemon, trackerLines, until } from './tracker-daemons';
import { aloneMaster, SideBySide, trackerLab } from './tracker-lab';

const THEIRS = 51;
const OURS = 52;

function conf(vrid: number): string {
  return aloneMaster(51, vrid, `  track_interface {
    trk1 weight 10
    trk2 weight -25 reverse
    trk3
  }
`);
}

t.test('track_interface weights and weight 0 as keepalived', async (t) => {
  const tl = await trackerLab(t, 'trk-if', 51, [['keepalived', 'theirs'], ['keepalived-ts', 'ours']]);
  const { lab, daemons: [theirs, ours] } = tl;
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
  const side = new SideBySide(t, tl, theirs, ours, THEIRS, OURS);
  await side.started();
  await side.step('trk1 down', () => link('trk1', false));
  await side.step('trk2 down', () => link('trk2', false));
  await side.step('trk1 up', () => link('trk1', true));
  await side.step('trk3 down (weight 0: FAULT)', () => link('trk3', false));
  t.ok(await until(() => theirs.state() === 'FAULT' && ours.state() === 'FAULT', 5000), 'both in FAULT');
  await side.step('trk3 up', () => link('trk3', true));
  t.ok(await until(() => theirs.state() === 'MASTER' && ours.state() === 'MASTER', 10000), 'both MASTER again');
  await side.step('trk2 up', () => link('trk2', true));

  side.samePrioritySteps();
  const lines = (d: Daemon): string[] => d.log().filter((l) => trackerLines([l]).length > 0 || /^\(VI_1\) Entering|Netlink reports trk/.test(l));
  t.same(lines(ours), lines(theirs), 'the same priority, state and link lines');
  t.comment(`keepalived: ${lines(theirs).join(' | ')}`);
});
