// A sync group that starts with a member's link down, on keepalived 2.2.7 and keepalived-ts alike: the group
// starts in FAULT (both members, although VI_1's link is up), announces it, and when the link comes up goes to
// BACKUP and then MASTER together. Compared: the group's and instances' log lines and the notify_fifo lines.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { startDaemon, type Implementation } from '../../src/lab/vrrp-daemon';
import { createSyncLab, messages, readFifo, syncConf, until } from '../helpers/sync-group-lab';

const LINE = /^(VRRP_Group\(G1\)|\(VI_\d\)(:)? [Ee]ntering )/;

async function run(impl: Implementation): Promise<{ lines: string[]; fifo: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), `kts-sync-start-${impl}-`));
  const sl = createSyncLab(1);
  const node = sl.nodes[0];
  sl.link(node, 'eth1', false);
  const fifo = join(dir, 'notify.fifo');
  const conf = join(dir, 'keepalived.conf');
  writeFileSync(conf, syncConf({ dir, priority: 150, routerId: 'rtr_s', fifo }));
  const d = startDaemon({ impl, ns: node.ns, conf, dir });
  try {
    const reader = await readFifo(node.ns, fifo);
    await until(() => messages(d).some((l) => /^\(VI_1\) entering FAULT state/.test(l)), 30000, () => `${impl}: FAULT at start\n${messages(d).join('\n')}`);
    sl.link(node, 'eth1', true);
    await until(() => d.state('VI_1') === 'MASTER' && d.state('VI_2') === 'MASTER', 20000, () => `${impl}: MASTER\n${messages(d).join('\n')}`);
    await until(() => reader.stdout().toString().includes('GROUP "G1" MASTER'), 5000, () => `${impl}: FIFO`);
    await d.stop('SIGTERM');
    await reader.exited;
    return {
      lines: messages(d).filter((l) => LINE.test(l)),
      fifo: reader.stdout().toString().split('\n').filter((l) => l && !/ STOP /.test(l)),
    };
  } finally {
    await d.stop('SIGTERM');
    await sl.lab.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

t.test('a sync group starting with a member down', async (t) => {
  const theirs = await run('keepalived');
  const ours = await run('keepalived-ts');
  t.ok(theirs.lines.includes('VRRP_Group(G1): Syncing VI_2 to FAULT state'), 'keepalived syncs the group to FAULT at load');
  t.same(ours.lines, theirs.lines, 'the same log lines in the same order');
  t.same(ours.fifo, theirs.fifo, 'the same FIFO lines in the same order');
});
