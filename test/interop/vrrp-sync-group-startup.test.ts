// A sync group that starts with a member's link down, on keepalived 2.2.7 and keepalived-ts alike: the group
// starts in FAULT (both members, although VI_1's link is up), announces it, and when the link comes up goes to
// BACKUP and then MASTER together. Compared: the group's and instances' log lines and the notify_fifo lines.
import t from 'tap';
import type { Implementation } from '../../src/lab/vrrp-daemon';
import { messages, runFifoNode, syncConf, until, type FifoRun } from '../helpers/sync-group-lab';

const LINE = /^(VRRP_Group\(G1\)|\(VI_\d\)(:)? [Ee]ntering )/;

function run(impl: Implementation): Promise<FifoRun> {
  return runFifoNode(impl, 'start', LINE, {
    config: (dir, fifo) => syncConf({ dir, priority: 150, routerId: 'rtr_s', fifo }),
    before: (sl, node) => sl.link(node, 'eth1', false),
    async scenario({ sl, node, d, show }, reader) {
      await until(() => messages(d).some((l) => /^\(VI_1\) entering FAULT state/.test(l)), 30000, () => show('FAULT at start'));
      sl.link(node, 'eth1', true);
      await until(() => d.state('VI_1') === 'MASTER' && d.state('VI_2') === 'MASTER', 20000, () => show('MASTER'));
      await until(() => reader.stdout().toString().includes('GROUP "G1" MASTER'), 5000, () => show('FIFO'));
    },
  });
}

t.test('a sync group starting with a member down', async (t) => {
  const theirs = await run('keepalived');
  const ours = await run('keepalived-ts');
  t.ok(theirs.lines.includes('VRRP_Group(G1): Syncing VI_2 to FAULT state'), 'keepalived syncs the group to FAULT at load');
  t.same(ours.lines, theirs.lines, 'the same log lines in the same order');
  t.same(ours.fifo, theirs.fifo, 'the same FIFO lines in the same order');
});
