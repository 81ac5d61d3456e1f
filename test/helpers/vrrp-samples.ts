// Runs keepalived's own sample configurations (fixtures/keepalived-samples) on a two-node segment and compares what
// keepalived-ts does with what keepalived does. A sample is adapted only as the lab requires: interface names map to
// the lab's (every node has eth0..eth3, each on a bridge of its own; eth0.1 cannot exist, no 802.1Q here), and
// 192.168.0.0/16 becomes 10.168.0.0/16 (the lab only uses 10.0.0.0/8). Everything else stays as written. Both run
// with -P (VRRP only): the lab kernel has no IPVS, and keepalived's checker process would otherwise end the whole
// daemon (FATAL) for the samples that have virtual servers.
//
// Three runs of the same configuration on both nodes (node 2 started once node 1 is up), each in a lab of its own,
// at the same time:
//   K: keepalived on node 1 and node 2 (the reference);  X: keepalived-ts on node 1;  Y: keepalived-ts on node 2.
// Once a run has settled (at least SETTLE_MS after start, then two identical snapshots 1 s apart), each node's
// snapshot — instance states from the log, addresses of every interface, routes of every table, policy rules —
// must equal the same node's snapshot in run K.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Test } from 'tap';
import { createLabAsync, type Lab, type LabNode } from '../../src/lab/netns-lab';
import type { Implementation, VrrpDaemon } from '../../src/lab/vrrp-daemon';
import { FIXTURES_DIR } from './fixtures-dir';
import { inNs, runConf } from './conf-node';

const execFileAsync = promisify(execFile);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const SAMPLES_DIR = join(FIXTURES_DIR, 'keepalived-samples');
const EXTRA_IFS = ['eth1', 'eth2', 'eth3'];
const SETTLE_MS = 7000;
const MAX_SETTLE_MS = 20_000;

export interface NodeSnapshot {
  states: Record<string, string>;
  addresses: string[];
  routes: string[];
  rules: string[];
}

/** The sample's text, adapted to the lab. */
export function adaptSample(name: string, ifname: string): string {
  const text = readFileSync(join(SAMPLES_DIR, name), 'utf8');
  return text.replace(/192\.168\./g, '10.168.').replace(/\beth0\b/g, ifname);
}

/** A two-node lab whose nodes also have eth1..eth3, each joined to a bridge of its own in the hub. */
async function sampleLab(): Promise<Lab> {
  const lab = await createLabAsync([1, 2].map((k) => ({ addrs: [`10.168.200.${k}/24`, `fd00:168::${k}/64`] })));
  try {
    const ip = (args: string[]): Promise<unknown> => execFileAsync('ip', args);
    for (const [i, ifname] of EXTRA_IFS.entries()) {
      const br = `br${i + 1}`;
      await ip(['-n', lab.hub, 'link', 'add', br, 'type', 'bridge']);
      await ip(['-n', lab.hub, 'link', 'set', br, 'up']);
      for (const [k, node] of lab.nodes.entries()) {
        const port = `n${k + 1}${ifname}`;
        await ip(['-n', node.ns, 'link', 'add', ifname, 'type', 'veth', 'peer', 'name', port, 'netns', lab.hub]);
        await ip(['-n', lab.hub, 'link', 'set', port, 'master', br, 'up']);
        await ip(['-n', node.ns, 'addr', 'add', `10.168.${201 + i}.${k + 1}/24`, 'dev', ifname]);
        await ip(['-n', node.ns, 'addr', 'add', `fd00:168:${i + 1}::${k + 1}/64`, 'dev', ifname, 'nodad']);
        await ip(['-n', node.ns, 'link', 'set', ifname, 'up']);
      }
    }
  } catch (e) {
    await lab.dispose();
    throw e;
  }
  return lab;
}

/** A kernel-made link-local address (from the MAC, so different in every lab) reads as fe80::LL. */
const neutral = (l: string): string => l.replace(/fe80::[0-9a-f]+:[0-9a-f]+:[0-9a-f]+:[0-9a-f]+/g, 'fe80::LL');

async function snapshot(node: LabNode, daemon: VrrpDaemon, instances: readonly string[]): Promise<NodeSnapshot> {
  const states: Record<string, string> = {};
  for (const name of instances) states[name] = daemon.running() ? (daemon.state(name) ?? 'none') : 'down';
  const addr = await inNs(node.ns, 'ip', ['-o', 'addr', 'show']);
  const addresses = addr.split('\n').filter(Boolean)
    .map((l) => neutral(l.replace(/^\d+:\s+/, '').replace(/\\.*$/, '').replace(/\s+/g, ' ').trim()))
    .filter((l) => !/ inet6 fe80::LL\/64 scope link$/.test(l)).sort();
  const routeLines: string[] = [];
  for (const f of ['-4', '-6']) {
    routeLines.push(...(await inNs(node.ns, 'ip', [f, 'route', 'show', 'table', 'all'])).split('\n'));
  }
  const routes = routeLines.map((l) => neutral(l.trim())).filter(Boolean).sort();
  const ruleLines: string[] = [];
  for (const f of ['-4', '-6']) ruleLines.push(...(await inNs(node.ns, 'ip', [f, 'rule', 'show'])).split('\n').map((l) => `${f} ${l.trim()}`));
  const rules = ruleLines.filter((l) => l.length > 3).sort();
  return { states, addresses, routes, rules };
}

/** vrrp_instance names of a configuration text. */
export function instanceNames(conf: string): string[] {
  return [...conf.matchAll(/^\s*vrrp_instance\s+(\S+)/gm)].map((m) => m[1]);
}

/** One run: impls[k] on node k+1 with the same configuration; the nodes' snapshots once settled. */
async function run(sample: string, impls: [Implementation, Implementation]): Promise<{ snaps: NodeSnapshot[]; logs: string[] }> {
  const lab = await sampleLab();
  const dir = mkdtempSync(join(tmpdir(), 'kts-sample-'));
  const daemons: VrrpDaemon[] = [];
  try {
    const conf = adaptSample(sample, lab.nodes[0].ifname);
    const names = instanceNames(conf);
    // Node 2 starts once node 1 has entered its first state: with equal priorities the first MASTER stays (a BACKUP
    // accepts an equal priority), so an uneven start-up time would decide the election otherwise.
    daemons.push(runConf(lab.nodes[0], impls[0], dir, 'node1', conf, ['-P']));
    await daemons[0].waitForLine(/Entering (BACKUP|MASTER|FAULT) STATE|Stopped/, 15_000).catch(() => undefined);
    daemons.push(runConf(lab.nodes[1], impls[1], dir, 'node2', conf, ['-P']));
    const started = Date.now();
    await sleep(SETTLE_MS);
    let last = '';
    let snaps: NodeSnapshot[] = [];
    while (Date.now() - started < MAX_SETTLE_MS) {
      snaps = [];
      for (const [k, node] of lab.nodes.entries()) snaps.push(await snapshot(node, daemons[k], names));
      const now = JSON.stringify(snaps);
      if (now === last) break;
      last = now;
      await sleep(1000);
    }
    const logs = daemons.map((d) => d.lines.map((l) => l.text).join('\n'));
    return { snaps, logs };
  } finally {
    await Promise.all(daemons.map((d) => d.stop('SIGTERM')));
    await lab.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The K / X / Y runs of a sample and their comparison, as one subtest. */
export async function compareSample(t: Test, sample: string): Promise<void> {
  const [k, x, y] = await Promise.all([
    run(sample, ['keepalived', 'keepalived']),
    run(sample, ['keepalived-ts', 'keepalived']),
    run(sample, ['keepalived', 'keepalived-ts']),
  ]);
  t.ok(Object.keys(k.snaps[0]?.states ?? {}).length > 0, 'the sample has VRRP instances (test sanity)');
  for (const [what, r, ours] of [['keepalived-ts on node 1', x, 0], ['keepalived-ts on node 2', y, 1]] as const) {
    for (const node of [0, 1]) {
      const who = node === ours ? 'keepalived-ts' : 'keepalived';
      const diag = { ours: r.logs[ours].split('\n').slice(-40).join('\n') };
      const mine = r.snaps[node];
      const ref = k.snaps[node];
      t.same(mine?.states, ref?.states, `${what}: node ${node + 1} (${who}) states`, diag);
      t.same(mine?.addresses, ref?.addresses, `${what}: node ${node + 1} (${who}) addresses`, diag);
      t.same(mine?.routes, ref?.routes, `${what}: node ${node + 1} (${who}) routes`, diag);
      t.same(mine?.rules, ref?.rules, `${what}: node ${node + 1} (${who}) rules`, diag);
    }
  }
}
