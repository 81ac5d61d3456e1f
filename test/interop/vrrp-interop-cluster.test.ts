// Three-node clusters (priorities 200, 150, 100), VRRPv3 at 0.1 s over IPv4 multicast and unicast: keepalived
// only (harness baseline), the two mixes of keepalived 2.2.7 and keepalived-ts, and keepalived-ts only. A chain of
// crash, stop, restart and preemption; see trioScenario in test/helpers/vrrp-scenarios.ts.
import t from 'tap';
import type { Implementation } from '../helpers/vrrp-cluster';
import { legs, modeTitle, trioScenario, type InstanceMode } from '../helpers/vrrp-scenarios';
import { short } from '../helpers/vrrp-cluster';

const MODES: InstanceMode[] = [
  { version: 3, family: 4, advertInt: 0.1 },
  { version: 3, family: 4, unicast: true, advertInt: 0.1 },
];
const KA: Implementation = 'keepalived';
const TS: Implementation = 'keepalived-ts';
const TRIOS: Implementation[][] = [[KA, KA, KA], [TS, KA, TS], [KA, TS, KA], [TS, TS, TS]];

t.jobs = MODES.length;
for (const mode of MODES) {
  t.test(modeTitle(mode), (t) => legs(t, TRIOS, (x) => x, (x) => `3 nodes ${x.map(short).join('/')}`, (tt, x) => trioScenario(tt, mode, x)));
}
