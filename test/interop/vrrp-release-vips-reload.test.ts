// -X (--release-vips) and -V (--dont-release-vrrp) at a reload that lowers a MASTER's priority below its peer's:
// the MASTER goes to BACKUP because of the reload, and where its VIPs and eVIP are afterwards is what keepalived
// 2.2.7's release rules make of it (vrrp_restore_interface, netlink_iplist). keepalived and keepalived-ts each run
// on node 1 of their own pair (a keepalived at priority 100 on node 2), start at 200, take the addresses, are
// reloaded to 50; the addresses on both nodes once node 1 is BACKUP are compared.
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runConf, waitFor } from '../helpers/conf-node';
import { clearManaged, compareEachFlag, conf, managed, releaseLab, sleep, type PairSlot } from '../helpers/release-vips';

interface Seen {
  n1: string[];
  n2: string[];
}

t.test('a reload that makes a MASTER BACKUP releases addresses as keepalived does, with -X / -V', async (t) => {
  const rl = await releaseLab();
  t.teardown(rl.dispose);

  async function observe(s: PairSlot, args: string[], tag: string): Promise<Seen> {
    const d = runConf(s.n1, s.impl, rl.dir, `${tag}-n1`, conf(200, s.vrid), args);
    let peer: ReturnType<typeof runConf> | undefined;
    try {
      await d.waitForLine(/\(VI_1\) Entering MASTER STATE/, 20_000);
      peer = runConf(s.n2, 'keepalived', rl.dir, `${tag}-n2`, conf(100, s.vrid));
      await peer.waitForLine(/\(VI_1\) Entering BACKUP STATE/, 20_000);
      await waitFor(async () => (await managed(s.n1)).length === 3, 10_000);
      const from = d.lines.length;
      writeFileSync(join(rl.dir, `${tag}-n1`, 'keepalived.conf'), conf(50, s.vrid));
      process.kill(d.pid, 'SIGHUP');
      await d.waitForLine(/\(VI_1\) Entering BACKUP STATE/, 20_000, from);
      await peer.waitForLine(/\(VI_1\) Entering MASTER STATE/, 20_000);
      await sleep(1000); // removals (or their absence) settle
      return { n1: await managed(s.n1), n2: await managed(s.n2) };
    } finally {
      await d.stop('SIGTERM');
      await peer?.stop('SIGTERM');
      await clearManaged(rl.lab, [s.n1, s.n2]);
    }
  }

  await compareEachFlag<Seen>(t, rl, observe, (t, flag, k, o) => {
    t.comment(`keepalived ${flag}: node 1 keeps ${JSON.stringify(k.n1)}`);
    t.equal(k.n2.length, 3, 'the new MASTER holds the addresses (test sanity)');
    t.same(o.n1, k.n1, 'addresses left on the node the reload made BACKUP');
    t.same(o.n2, k.n2, 'addresses on the new MASTER');
  });
});
