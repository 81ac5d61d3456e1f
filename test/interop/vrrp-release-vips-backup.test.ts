// -X (--release-vips) and -V (--dont-release-vrrp) for a BACKUP with configured addresses on its interface that it
// did not set: left over at start-up (a run stopped with -V keeps them), and put there by someone else while it
// runs, then a reload (SIGHUP). keepalived 2.2.7 removes left-overs at start-up whatever the flags (the interface
// existed, so vipset is forced), and at a reload a BACKUP goes through vrrp_restore_interface again, where -V removes
// every configured address whether this run set it or not. keepalived and keepalived-ts each start on node 1 of
// their own pair (a keepalived MASTER at 200 on node 2); what is left on node 1 is compared after each step.
import t from 'tap';
import { runConf, waitFor } from '../helpers/conf-node';
import { clearManaged, compareEachFlag, conf, EVIP, managed, releaseLab, sleep, VIPS, type PairSlot } from '../helpers/release-vips';

interface Seen {
  afterStart: string[];
  afterReload: string[];
}

t.test('addresses a BACKUP did not set are released as keepalived does, with -X / -V', async (t) => {
  const rl = await releaseLab();
  t.teardown(rl.dispose);

  async function addAll(s: PairSlot): Promise<void> {
    for (const a of [...VIPS, EVIP]) rl.lab.addAddress(s.n1, `${a}/24`);
    await waitFor(async () => (await managed(s.n1)).length === 3, 5000);
  }

  async function observe(s: PairSlot, args: string[], tag: string): Promise<Seen> {
    const peer = runConf(s.n2, 'keepalived', rl.dir, `${tag}-n2`, conf(200, s.vrid));
    let d: ReturnType<typeof runConf> | undefined;
    try {
      await peer.waitForLine(/\(VI_1\) Entering MASTER STATE/, 20_000);
      await addAll(s);
      d = runConf(s.n1, s.impl, rl.dir, `${tag}-n1`, conf(100, s.vrid), args);
      await d.waitForLine(/\(VI_1\) Entering BACKUP STATE/, 20_000);
      await sleep(1000); // removals (or their absence) settle
      const afterStart = await managed(s.n1);
      await addAll(s);
      process.kill(d.pid, 'SIGHUP');
      await sleep(2000);
      return { afterStart, afterReload: await managed(s.n1) };
    } finally {
      await d?.stop('SIGTERM');
      await peer.stop('SIGTERM');
      await clearManaged(rl.lab, [s.n1, s.n2]);
    }
  }

  await compareEachFlag<Seen>(t, rl, observe, (t, flag, k, o) => {
    t.comment(`keepalived ${flag}: after start ${JSON.stringify(k.afterStart)}, after reload ${JSON.stringify(k.afterReload)}`);
    t.same(o.afterStart, k.afterStart, 'left-over addresses after start-up');
    t.same(o.afterReload, k.afterReload, 'foreign addresses after a reload');
  });
});
