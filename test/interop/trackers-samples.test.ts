// keepalived's own sample configurations that use trackers (keepalived.conf.vrrp.localcheck: vrrp_scripts with
// weights, rise/fall, "</dev/tcp/…" shell tests, track_interface with weights and missing interfaces;
// keepalived.conf.vrrp.scripts: notify scripts and a sync group) run under keepalived 2.2.7 and keepalived-ts,
// each alone in a namespace with eth0 to eth3, and end in the same states with the same tracker log lines.
// The samples' 192.168.x.y addresses become 10.x.y… so nothing outside 10.0.0.0/8 is configured.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { createLab } from '../helpers/netns';
import { FIXTURES_DIR } from '../helpers/fixtures-dir';
import { Daemon, removeDir, sleep, tempDir, trackerLines, until, type Kind } from './tracker-daemons';

const SAMPLES = join(FIXTURES_DIR, 'keepalived-samples');

function sample(name: string): { text: string; instances: string[] } {
  const text = readFileSync(join(SAMPLES, name), 'utf8').replace(/192\.168\.(\d+)\.(\d+)/g, '10.168.$1.$2');
  const instances = [...text.matchAll(/^\s*vrrp_instance\s+(\S+)/gm)].map((m) => m[1]);
  return { text, instances };
}

async function run(t: Test, kind: Kind, name: string, text: string, instances: string[]): Promise<Daemon> {
  const dir = tempDir('trk-sample');
  const lab = createLab([{ addrs: ['10.168.200.1/24'] }]);
  const node = lab.nodes[0];
  // eth1 (with an address: instances send on it) to eth3 (tracked only): keepalived refuses missing ones.
  for (const i of [1, 2, 3]) {
    lab.exec(node.ns, 'ip', ['link', 'add', `eth${i}`, 'type', 'veth', 'peer', 'name', `eth${i}p`]);
    if (i === 1) lab.exec(node.ns, 'ip', ['addr', 'add', '10.168.201.1/24', 'dev', 'eth1']);
    lab.exec(node.ns, 'ip', ['link', 'set', `eth${i}p`, 'up']);
    lab.exec(node.ns, 'ip', ['link', 'set', `eth${i}`, 'up']);
  }
  const d = new Daemon(kind, node, dir, name.replace(/\W/g, '_'));
  t.teardown(async () => {
    await d.stop();
    lab.cleanup();
    removeDir(dir);
  });
  await d.start(text, instances[0]);
  return d;
}

for (const name of ['keepalived.conf.vrrp.localcheck', 'keepalived.conf.vrrp.scripts']) {
  const missing = existsSync(join(SAMPLES, name)) ? false : `no sample at ${join(SAMPLES, name)}`;
  t.test(name, { skip: missing }, async (t) => {
    const { text, instances } = sample(name);
    const [theirs, ours] = await Promise.all([run(t, 'keepalived', name, text, instances), run(t, 'keepalived-ts', name, text, instances)]);
    const states = (d: Daemon): string[] => instances.map((i) => `${i}:${d.state(i) ?? '-'}`);
    // Every instance leaves BACKUP or stays; wait for keepalived to settle, then for ours to agree.
    await sleep(5000);
    await until(() => JSON.stringify(states(ours)) === JSON.stringify(states(theirs)), 8000);
    t.same(states(ours), states(theirs), 'every instance in the same state');
    t.comment(`keepalived: ${states(theirs).join(' ')}`);
    // Scripts run side by side, so the order their results arrive in (and the priorities in between) is a race in
    // both implementations: compare the script lines as a set and each instance's final effective priority.
    const lines = (d: Daemon): string[] => [...new Set(trackerLines(d.log()).filter((l) => !l.includes('effective priority')))].sort();
    t.same(lines(ours), lines(theirs), 'the same script log lines');
    const finalPriority = (d: Daemon): string[] => instances.map((i) => {
      const last = d.log().filter((l) => l.startsWith(`(${i}) Changing effective priority`)).at(-1);
      return `${i}:${last?.split(' ').at(-1) ?? 'base'}`;
    });
    t.same(finalPriority(ours), finalPriority(theirs), 'every instance ends at the same effective priority');
    t.comment(`keepalived: ${finalPriority(theirs).join(' ')}`);
    t.comment(`keepalived's tracker lines: ${lines(theirs).join(' | ')}`);
  });
}
