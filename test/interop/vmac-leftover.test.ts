// A VMAC left behind: stopped with -V (--dont-release-vrrp), keepalived and keepalived-ts both leave the VMAC and
// its VIP in place (and remove their nftables table); started again, both take the leftover macvlan over
// ("Found matching interface"), clear the stale VIP and run on it; compared live in twin namespaces.
import t from 'tap';
import { addressesOf, lineDiff, macvlans, nftRuleset, snapshotDiff, vmacConf, vmacSnapshot, waitLog } from '../helpers/vmac-twins';
import { pollUntil, Twin, Twins } from '../helpers/route-twins';

const VMAC = 'vrrp.51';

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('-V leaves the VMAC; the next run takes it over', async (t) => {
    const twins = await Twins.create();
    t.teardown(() => twins.cleanup());
    const conf = vmacConf({ family: 4, vrid: 51 });
    twins.start(conf, ['-V']);
    t.same(await Promise.all(twins.both.map((x) => waitLog(x, /^\(VI_1\) Entering MASTER STATE/))), [true, true], 'both MASTER');
    await twins.stop();
    const left = await Promise.all(twins.both.map(async (x) => ({ links: await macvlans(x.ns), addrs: await addressesOf(x.ns, VMAC), nft: await nftRuleset(x.ns) })));
    t.equal(left[0].links.length, 1, 'keepalived left its VMAC');
    t.ok(left[0].addrs.some((a) => a.includes('10.168.200.100')), 'with the VIP on it');
    t.same(left[1].links, left[0].links, 'keepalived-ts left the same VMAC');
    t.same(lineDiff(left[0].addrs, left[1].addrs), [], 'with the same addresses');
    t.same(left[1].nft, left[0].nft, 'and the same nftables ruleset');

    twins.start(conf);
    const found = (x: Twin): string[] => x.log().filter((l) => /Found matching interface|VMAC interface/.test(l));
    t.same(await Promise.all(twins.both.map((x) => waitLog(x, /^\(VI_1\) Entering BACKUP STATE/))), [true, true], 'both start again');
    t.same(found(twins.ours), found(twins.theirs), `the same take-over lines (${found(twins.theirs).join('; ')})`);
    let diff: string[] = [];
    const same = await pollUntil(async () => (diff = snapshotDiff(await vmacSnapshot(twins.theirs.ns, VMAC), await vmacSnapshot(twins.ours.ns, VMAC))).length === 0, 10000);
    t.ok(same, 'the same VMAC, addresses (stale VIP cleared), sysctls and nftables ruleset');
    if (!same) t.same(diff, []);
    await twins.stop();
    t.same(await macvlans(twins.ours.ns), [], 'stopped normally, keepalived-ts removes the VMAC it took over');
    t.same(await macvlans(twins.theirs.ns), [], 'as keepalived does');
  });
}
