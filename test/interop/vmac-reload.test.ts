// use_vmac across SIGHUP, keepalived and keepalived-ts side by side in twin namespaces: a kept instance keeps its
// VMAC (same index, no flap, "Found matching interface"), an instance added by the reload gets its VMAC, one
// removed by the reload loses it ("Success removing VMAC interface", "Interface … deleted"); at each step the
// macvlans, addresses, conf sysctls and nftables ruleset agree with keepalived's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { macvlans, snapshotDiff, vmacConf, vmacSnapshot, waitLog } from '../helpers/vmac-twins';
import { ipIn, pollUntil, Twin, Twins } from '../helpers/route-twins';

const one = vmacConf({ family: 4, vrid: 51, priority: 150 });
const two = one + vmacConf({ family: 4, vrid: 52 }).replace('VI_1', 'VI_2').replace('10.168.200.100', '10.168.200.102');

async function indexOf(ns: string, dev: string): Promise<number | undefined> {
  const out = JSON.parse(await ipIn(ns, ['-j', 'link', 'show', 'dev', dev]).catch(() => '[]')) as Array<{ ifindex: number }>;
  return out[0]?.ifindex;
}

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('VMACs across reloads', async (t) => {
    const twins = await Twins.create();
    t.teardown(() => twins.cleanup());
    const hup = async (text: string, n: number): Promise<void> => {
      writeFileSync(join(twins.dir, 'keepalived.conf'), text);
      for (const x of twins.both) if (x.proc) process.kill(x.proc.pid, 'SIGHUP');
      t.same(await Promise.all(twins.both.map((x) => waitLog(x, /^Reload complete/, n))), [true, true], `reload ${n} done by both`);
    };
    const agree = async (what: string, vmacs: string[]): Promise<void> => {
      let diff: string[] = [];
      const ok = await pollUntil(async () => {
        diff = [];
        for (const v of vmacs) diff.push(...snapshotDiff(await vmacSnapshot(twins.theirs.ns, v), await vmacSnapshot(twins.ours.ns, v)));
        return diff.length === 0;
      }, 10000);
      t.ok(ok, `${what}: macvlans, addresses, sysctls and nftables ruleset agree with keepalived`);
      if (!ok) t.same(diff, []);
    };
    const vmacLines = (x: Twin): string[] => x.log().filter((l) => /VMAC interface|Found matching interface|^Interface \S+ deleted/.test(l));
    const entering = (x: Twin): number => x.log().filter((l) => /Entering \w+ STATE/.test(l)).length;

    twins.start(one);
    t.same(await Promise.all(twins.both.map((x) => waitLog(x, /^\(VI_1\) Entering MASTER STATE/))), [true, true], 'both MASTER');
    const index = await indexOf(twins.ours.ns, 'vrrp.51');
    const transitions = twins.both.map(entering);

    await hup(one, 1);
    t.equal(await indexOf(twins.ours.ns, 'vrrp.51'), index, 'an unchanged instance keeps its VMAC (same index)');
    t.same(twins.both.map(entering), transitions, 'and its state: no transition in either');
    await agree('unchanged reload', ['vrrp.51']);

    await hup(two, 2);
    t.ok(await pollUntil(async () => (await macvlans(twins.ours.ns)).length === 2, 10000), 'an instance added by reload gets its VMAC');
    t.same((await macvlans(twins.ours.ns)).map((l) => l.ifname).sort(), (await macvlans(twins.theirs.ns)).map((l) => l.ifname).sort(), 'the same VMACs as keepalived');
    await agree('instance added', ['vrrp.51', 'vrrp.52']);

    await hup(one, 3);
    t.ok(await pollUntil(async () => (await macvlans(twins.ours.ns)).length === 1 && (await macvlans(twins.theirs.ns)).length === 1, 10000),
      'an instance removed by reload loses its VMAC');
    await agree('instance removed', ['vrrp.51']);
    t.ok(await pollUntil(async () => vmacLines(twins.ours).length === vmacLines(twins.theirs).length, 5000), 'the same number of VMAC lines');
    t.same(vmacLines(twins.ours), vmacLines(twins.theirs), 'the same VMAC log lines, in the same order');
    t.equal(await indexOf(twins.ours.ns, 'vrrp.51'), index, 'VI_1\'s VMAC untouched throughout');
  });
}
