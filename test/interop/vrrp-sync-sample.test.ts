// The shared sample keepalived.conf.vrrp.sync (two sync groups, G1 with seven members over eth0 and eth1, G2 with
// two) runs on keepalived 2.2.7 and on keepalived-ts in the same namespace layout, its 192.168.x addresses moved to
// 10.168.x: alone on the segments, every instance ends MASTER with its VIP, each group logs the same sync lines,
// and the instances enter MASTER in the same order (the group holds early members back until all want MASTER).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { startDaemon, type Implementation } from '../../src/lab/vrrp-daemon';
import { FIXTURES_DIR } from '../helpers/fixtures-dir';
import { createSyncLab, messages, until } from '../helpers/sync-group-lab';

const SAMPLE = join(FIXTURES_DIR, 'keepalived-samples', 'keepalived.conf.vrrp.sync');
const INSTANCES = ['VI_1', 'VI_2', 'VI_3', 'VI_4', 'VI_5', 'VI_6', 'VI_7', 'VI_8', 'VI_9'];

interface Result {
  groupLines: string[];
  masterOrder: string[];
  vips: string[];
}

async function run(impl: Implementation, text: string): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), `kts-sync-sample-${impl}-`));
  const sl = createSyncLab(1);
  const node = sl.nodes[0];
  const conf = join(dir, 'keepalived.conf');
  writeFileSync(conf, text);
  const d = startDaemon({ impl, ns: node.ns, conf, dir });
  try {
    await until(() => INSTANCES.every((i) => d.state(i) === 'MASTER'), 45000, () => `${impl}:\n${messages(d).join('\n')}`);
    const vips = (ifname: 'eth0' | 'eth1'): string[] =>
      sl.lab.exec(node.ns, 'ip', ['-o', '-4', 'addr', 'show', 'dev', ifname]).split('\n')
        .map((l) => /inet (\S+)/.exec(l)?.[1]).filter((a): a is string => a !== undefined && a.startsWith('10.168.'));
    const lines = messages(d);
    return {
      groupLines: lines.filter((l) => l.startsWith('VRRP_Group(')),
      masterOrder: lines.flatMap((l) => /^\((VI_\d)\) Entering MASTER STATE/.exec(l)?.[1] ?? []),
      vips: [...vips('eth0'), ...vips('eth1')].sort(),
    };
  } finally {
    await d.stop('SIGTERM');
    await sl.lab.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

t.test('keepalived.conf.vrrp.sync runs as on keepalived', { skip: existsSync(SAMPLE) ? false : `no sample at ${SAMPLE}` }, async (t) => {
  const text = readFileSync(SAMPLE, 'utf8').replace(/192\.168\./g, '10.168.');
  const theirs = await run('keepalived', text);
  const ours = await run('keepalived-ts', text);
  t.equal(theirs.vips.length, 9, 'keepalived holds the nine VIPs');
  t.same(ours.vips, theirs.vips, 'the same VIPs on the same interfaces');
  t.same(ours.groupLines, theirs.groupLines, 'the same sync-group lines');
  t.same(ours.masterOrder, theirs.masterOrder, 'instances enter MASTER in the same order');
});
