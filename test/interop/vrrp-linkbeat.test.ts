// Linkbeat (linkbeat_interfaces, global linkbeat_use_polling): keepalived 2.2.7 and keepalived-ts side by side,
// each alone on its own node of one bridge (own VRID and VIP). The link is taken away twice, once by carrier loss
// (the bridge-side end of the node's veth set down: eth0 stays admin-up but loses carrier) and once by
// `ip link set eth0 down`; both implementations must report it from the poller ("Linkbeat reports eth0 down", no
// "Netlink reports"), go to FAULT and come back, with the same log lines in the same order and the polling delay
// (under a second plus the loop) as the timing class.
import t, { type Test } from 'tap';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLabAsync, type Lab, type LabNode } from '../../src/lab/netns-lab';
import type { Implementation, VrrpDaemon } from '../../src/lab/vrrp-daemon';
import { inNs, runConf } from '../helpers/conf-node';

const NET = 86;
const IMPLS: Implementation[] = ['keepalived', 'keepalived-ts'];
/** Lines about the link and the state, the ones compared. */
const RELEVANT = /^(Linkbeat reports|Turning off linkbeat|\(\S+\): Configured linkbeat|Using MII-BMSR|Netlink reports|\(VI_1\) Entering \w+ STATE)/;

function conf(k: number, head: string): string {
  return `global_defs {
  router_id lb${k}
}
${head}
vrrp_instance VI_1 {
  state MASTER
  interface eth0
  virtual_router_id ${60 + k}
  priority 150
  advert_int 1
  virtual_ipaddress {
    10.${NET}.0.${100 + k}/24
  }
}
`;
}

interface Run {
  impl: Implementation;
  node: LabNode;
  port: string;
  d: VrrpDaemon;
}

/** Relevant lines from index `from` on, without the timestamps keepalived's console adds. */
function relevant(d: VrrpDaemon, from = 0): string[] {
  return d.lines.slice(from).map((l) => l.text.replace(/^.*?\d\d:\d\d:\d\d \d{4}: /, '')).filter((l) => RELEVANT.test(l));
}

/** Takes the link away with `down`, waits for FAULT, restores it with `up`, waits for MASTER; delays in ms. */
async function cycle(r: Run, down: string[], up: string[]): Promise<{ lines: string[]; faultMs: number; backMs: number }> {
  const from = r.d.lines.length;
  const t0 = Date.now();
  await execIp(down);
  const fault = await r.d.waitForLine(/\(VI_1\) Entering FAULT STATE/, 15_000, from);
  const t1 = Date.now();
  await execIp(up);
  const master = await r.d.waitForLine(/\(VI_1\) Entering MASTER STATE/, 20_000, from);
  return { lines: relevant(r.d, from), faultMs: fault.atMs - t0, backMs: master.atMs - t1 };
}

async function execIp(args: string[]): Promise<void> {
  await new Promise<void>((res, rej) => execFile('ip', args, (e) => (e ? rej(e) : res())));
}

async function scenario(t: Test, lab: Lab, dir: string, tag: string, head: string): Promise<Map<Implementation, Run>> {
  const runs = new Map<Implementation, Run>();
  IMPLS.forEach((impl, i) => {
    const node = lab.nodes[i];
    runs.set(impl, { impl, node, port: `p${i + 1}`, d: runConf(node, impl, dir, `${tag}-${impl}`, conf(i + 1, head)) });
  });
  t.teardown(async () => {
    await Promise.all([...runs.values()].map((r) => r.d.stop('SIGTERM')));
  });
  await Promise.all([...runs.values()].map((r) => r.d.waitForLine(/\(VI_1\) Entering MASTER STATE/, 30_000)));
  const k = runs.get('keepalived')!;
  const o = runs.get('keepalived-ts')!;
  t.same(relevant(o.d), relevant(k.d), 'start-up: the same linkbeat lines as keepalived');
  return runs;
}

t.test('linkbeat polling drives FAULT and recovery as keepalived', async (t) => {
  const lab = await createLabAsync([{ addrs: [`10.${NET}.0.1/24`] }, { addrs: [`10.${NET}.0.2/24`] }]);
  const dir = mkdtempSync(join(tmpdir(), 'kts-lb-'));
  t.teardown(async () => {
    await lab.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  await t.test('linkbeat_interfaces (eth0 MII on a veth, lo untracked)', async (t) => {
    const runs = await scenario(t, lab, dir, 'ifs', 'linkbeat_interfaces {\n  eth0 MII\n  lo\n}');
    const k = runs.get('keepalived')!;
    t.ok(relevant(k.d).includes('Using MII-BMSR/ETHTOOL NIC polling thread(s)...'), 'keepalived polls (test sanity)');
    for (const how of ['carrier', 'admin'] as const) {
      const seen = await Promise.all(IMPLS.map((impl) => {
        const r = runs.get(impl)!;
        const link = how === 'carrier' ? ['-n', lab.hub, 'link', 'set', r.port] : ['-n', r.node.ns, 'link', 'set', 'eth0'];
        return cycle(r, [...link, 'down'], [...link, 'up']);
      }));
      const [kk, oo] = seen;
      t.ok(kk.lines.includes('Linkbeat reports eth0 down'), `${how}: keepalived reports it from linkbeat (test sanity)`);
      t.same(oo.lines, kk.lines, `${how} loss: the same lines in the same order as keepalived`);
      t.notOk(oo.lines.some((l) => l.startsWith('Netlink reports')), `${how}: no netlink link report for a polled interface`);
      t.comment(`${how}: to FAULT keepalived ${kk.faultMs} ms, keepalived-ts ${oo.faultMs} ms; back to MASTER ${kk.backMs} / ${oo.backMs} ms`);
      // The timing class: a poll a second, so the loss is seen within a poll period plus loop time, never at once.
      t.ok(oo.faultMs <= 1000 + Math.max(2000, kk.faultMs), `${how}: keepalived-ts sees the loss within a poll period`);
    }
    // A reload probes the interfaces again (keepalived re-runs its linkbeat set-up): the same lines again.
    const marks = IMPLS.map((impl) => runs.get(impl)!.d.lines.length);
    for (const impl of IMPLS) process.kill(runs.get(impl)!.d.pid, 'SIGHUP');
    await Promise.all(IMPLS.map((impl, i) => runs.get(impl)!.d.waitForLine(/Using MII-BMSR\/ETHTOOL NIC polling/, 15_000, marks[i])));
    await new Promise((r) => setTimeout(r, 1500)); // a poll or two after the reload
    t.same(relevant(runs.get('keepalived-ts')!.d, marks[1]), relevant(k.d, marks[0]), 'reload: the same linkbeat lines as keepalived');
  });

  await t.test('linkbeat_use_polling in the instance (deprecated)', async (t) => {
    const runs = new Map<Implementation, Run>();
    IMPLS.forEach((impl, i) => {
      const node = lab.nodes[i];
      const text = conf(i + 1, '').replace('  advert_int 1\n', '  advert_int 1\n  linkbeat_use_polling\n');
      runs.set(impl, { impl, node, port: `p${i + 1}`, d: runConf(node, impl, dir, `inst-${impl}`, text) });
    });
    t.teardown(async () => {
      await Promise.all([...runs.values()].map((r) => r.d.stop('SIGTERM')));
    });
    await Promise.all([...runs.values()].map((r) => r.d.waitForLine(/\(VI_1\) Entering MASTER STATE/, 30_000)));
    const k = runs.get('keepalived')!;
    const o = runs.get('keepalived-ts')!;
    const deprecated = (r: Run): boolean => r.d.lines.some((l) => l.text.includes("'linkbeat_use_polling' in vrrp instance deprecated"));
    t.ok(deprecated(k), 'keepalived warns that the keyword is deprecated (test sanity)');
    t.equal(deprecated(o), deprecated(k), 'the same deprecation warning');
    t.same(relevant(o.d), relevant(k.d), 'start-up: the same linkbeat lines as keepalived');
    const seen = await Promise.all(IMPLS.map((impl) => {
      const r = runs.get(impl)!;
      return cycle(r, ['-n', lab.hub, 'link', 'set', r.port, 'down'], ['-n', lab.hub, 'link', 'set', r.port, 'up']);
    }));
    t.ok(seen[0].lines.includes('Linkbeat reports eth0 down'), 'keepalived polls (test sanity)');
    t.same(seen[1].lines, seen[0].lines, 'carrier loss: the same lines in the same order as keepalived');
  });

  await t.test('global linkbeat_use_polling', async (t) => {
    const runs = await scenario(t, lab, dir, 'global', 'linkbeat_use_polling');
    const seen = await Promise.all(IMPLS.map((impl) => {
      const r = runs.get(impl)!;
      return cycle(r, ['-n', lab.hub, 'link', 'set', r.port, 'down'], ['-n', lab.hub, 'link', 'set', r.port, 'up']);
    }));
    t.ok(seen[0].lines.includes('Linkbeat reports eth0 down'), 'keepalived polls (test sanity)');
    t.same(seen[1].lines, seen[0].lines, 'carrier loss: the same lines in the same order as keepalived');
  });
});
