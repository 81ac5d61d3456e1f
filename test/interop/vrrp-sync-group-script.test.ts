// A track_script on the sync group itself (every member tracks it), on keepalived 2.2.7 and keepalived-ts alike:
// the script starts failing, the whole group goes to FAULT; it succeeds again, the group comes back through
// BACKUP to MASTER. Compared: the group's and instances' log lines and the notify_fifo lines, in order.
import { chmodSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { Implementation } from '../../src/lab/vrrp-daemon';
import { runFifoNode, syncConf, until, type FifoRun } from '../helpers/sync-group-lab';

const LINE = /^(VRRP_Group\(G1\)|\(VI_\d\)(:)? [Ee]ntering |VRRP_Script\(chk\)|\(VI_\d\) Receive advertisement timeout)/;

function run(impl: Implementation): Promise<FifoRun> {
  return runFifoNode(impl, 'script', LINE, {
    config(dir, fifo) {
      const flag = join(dir, 'fail');
      const check = join(dir, 'check.sh');
      writeFileSync(check, `#!/bin/sh\n[ ! -e "${flag}" ]\n`);
      chmodSync(check, 0o755);
      return syncConf({ dir, priority: 150, routerId: 'rtr_t', fifo }).replace('vrrp_sync_group G1 {',
        `vrrp_script chk {\n  script ${check}\n  interval 1\n  fall 1\n  rise 1\n}\nvrrp_sync_group G1 {\n  track_script {\n    chk\n  }`);
    },
    async scenario({ dir, d, show, count }, reader) {
      const flag = join(dir, 'fail');
      await until(() => count(/^VRRP_Group\(G1\) Syncing instances to MASTER state/) === 1, 30000, () => show('group MASTER'));
      writeFileSync(flag, '');
      await until(() => d.state('VI_1') === 'FAULT' && d.state('VI_2') === 'FAULT', 15000, () => show('FAULT'));
      unlinkSync(flag);
      await until(() => count(/^VRRP_Group\(G1\) Syncing instances to MASTER state/) === 2, 30000, () => show('group MASTER again'));
      await until(() => (reader.stdout().toString().match(/GROUP "G1" MASTER/g) ?? []).length === 2, 5000, () => show('FIFO'));
    },
  });
}

t.test('a failing sync-group track_script takes the whole group to FAULT and back', async (t) => {
  const theirs = await run('keepalived');
  const ours = await run('keepalived-ts');
  t.ok(theirs.lines.includes('VRRP_Group(G1) Syncing instances to FAULT state'), 'keepalived syncs the group to FAULT');
  t.same(ours.lines, theirs.lines, 'the same log lines in the same order');
  t.same(ours.fifo, theirs.fifo, 'the same FIFO lines in the same order');
});
