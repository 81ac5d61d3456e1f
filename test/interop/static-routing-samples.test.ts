// The shared samples that use static_ipaddress / static_routes / static_rules and virtual_routes / virtual_rules,
// run by keepalived and by keepalived-ts in twin namespaces (same interfaces, MACs and addresses; the samples'
// 192.168.x.y rewritten to 10.168.x.y): once both are MASTER, every table, rule and address must agree; a static
// route or rule deleted with `ip` is put back by both (the same "Restoring deleted static …" line); after SIGTERM
// both leave the same thing behind.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { FIXTURES_DIR } from '../helpers/fixtures-dir';
import { convergedDiff, ipIn, kernelState, pollUntil, stateDiff, Twins } from '../helpers/route-twins';

const SAMPLES = ['keepalived.conf.vrrp.routes', 'keepalived.conf.vrrp.rules', 'keepalived.conf.vrrp.static_ipaddress'];

function sample(name: string): string {
  return readFileSync(join(FIXTURES_DIR, 'keepalived-samples', name), 'utf8').replace(/192\.168\./g, '10.168.');
}

const restoring = (lines: string[]): string[] => lines.filter((l) => l.startsWith('Restoring deleted static'));

t.jobs = 1;
for (const name of SAMPLES) {
  t.test(name, async (t) => {
    const twins = await Twins.create();
    t.teardown(() => twins.cleanup());
    const before = await kernelState(twins.theirs.ns);
    twins.start(sample(name));
    await twins.waitBoth(/\(VI_1\) Entering MASTER STATE/);
    t.same(await convergedDiff(twins), [], 'routes, rules and addresses agree with keepalived while MASTER');

    // Delete one static route (or rule) by hand in both namespaces: both put it back, saying the same.
    const state = await kernelState(twins.theirs.ns);
    const staticRoute = /10\.168\.210\.0\/24/.test(sample(name)) ? ['route', 'del', '10.168.210.0/24', 'dev', 'eth0'] : undefined;
    const staticRule = /static_rules/.test(sample(name)) ? ['rule', 'del', 'from', '10.168.100.0/24', 'table', '1'] : undefined;
    const staticAddr = /static_ipaddress/.test(sample(name)) ? ['addr', 'del', '10.168.200.18/32', 'dev', 'eth2'] : undefined;
    for (const cmd of [staticRoute, staticRule, staticAddr]) {
      if (!cmd) continue;
      await Promise.all(twins.both.map((x) => ipIn(x.ns, cmd)));
      const back = await pollUntil(async () => stateDiff(state, await kernelState(twins.theirs.ns)).length === 0
        && stateDiff(state, await kernelState(twins.ours.ns)).length === 0, 15000);
      t.ok(back, `ip ${cmd.join(' ')}: put back by both`);
      t.same(restoring(twins.ours.log()), restoring(twins.theirs.log()), 'the same "Restoring deleted static" lines');
      t.ok(restoring(twins.theirs.log()).length > 0, 'keepalived logged the restoration');
    }

    await twins.stop();
    t.same(await convergedDiff(twins, 5000), [], 'both leave the same state after SIGTERM');
    t.same(stateDiff(before, await kernelState(twins.ours.ns)), [], 'which is the state before start (statics removed too)');
  });
}
