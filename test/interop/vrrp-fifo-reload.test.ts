// notify_fifo across a reload, keepalived 2.2.7 and keepalived-ts alike, with fifo_write_vrrp_states_on_reload and
// a sync group: at SIGHUP the FIFO is closed (a reader sees end of file) and opened again, and the states are
// written to it again; at SIGTERM the STOP lines follow. Compared: what a reader that reopens the FIFO reads.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { startDaemon, type Implementation } from '../../src/lab/vrrp-daemon';
import { spawnInNs } from '../helpers/netns';
import { createSyncLab, messages, syncConf, until } from '../helpers/sync-group-lab';

async function run(impl: Implementation): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), `kts-fifo-reload-${impl}-`));
  const sl = createSyncLab(1);
  const node = sl.nodes[0];
  const fifo = join(dir, 'notify.fifo');
  const conf = join(dir, 'keepalived.conf');
  writeFileSync(conf, syncConf({ dir, priority: 150, routerId: 'rtr_r', fifo })
    .replace('  script_user root', '  script_user root\n  fifo_write_vrrp_states_on_reload'));
  const d = startDaemon({ impl, ns: node.ns, conf, dir });
  const show = (): string => `${impl}:\n${messages(d).join('\n')}`;
  // A reader that opens the FIFO again after an end of file (twice: the reload's and the exit's). The FIFO is
  // unlinked before it is closed, so the reader waits for the new one before opening it again.
  const reader = spawnInNs(node.ns, 'sh', ['-c', `for i in 1 2; do while [ ! -p "${fifo}" ]; do sleep 0.05; done; cat "${fifo}"; echo EOF; done`]);
  const text = (): string => reader.stdout().toString();
  try {
    await until(() => d.state('VI_1') === 'MASTER' && d.state('VI_2') === 'MASTER' && /GROUP "G1" MASTER/.test(text()), 30000, show);
    process.kill(d.pid, 'SIGHUP');
    await until(() => /EOF\n[^]*GROUP "G1" MASTER/.test(text()), 20000, () => `${show()}\nFIFO:\n${text()}`);
    await d.stop('SIGTERM');
    await reader.exited;
    return text().split('\n').filter(Boolean);
  } finally {
    await d.stop('SIGTERM');
    // The reader's shell and its cat (if something failed): every process left in the namespace is the test's.
    for (const pid of sl.lab.exec(sl.lab.hub, 'ip', ['netns', 'pids', node.ns]).split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone
      }
    }
    await reader.stop('SIGKILL', 1000);
    await sl.lab.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

t.test('notify_fifo across a reload', async (t) => {
  const theirs = await run('keepalived');
  const ours = await run('keepalived-ts');
  t.ok(theirs.filter((l) => l === 'EOF').length === 2, 'keepalived closed the FIFO at the reload and at exit');
  t.same(ours, theirs, 'the same lines, ends of file included');
});
