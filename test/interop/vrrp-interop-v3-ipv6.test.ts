// VRRPv3 over IPv6, multicast (from the fe80:: address to ff02::12) and unicast, between keepalived 2.2.7 and
// keepalived-ts (advert_int 0.1 s): election, crash and stop failover, preemption, nopreempt, each direction, plus
// the keepalived pair (harness baseline) and the keepalived-ts pair. See test/helpers/vrrp-scenarios.ts.
import t from 'tap';
import { modeTitle, pairMatrix, type InstanceMode } from '../helpers/vrrp-scenarios';

const MODES: InstanceMode[] = [
  { version: 3, family: 6, advertInt: 0.1 },
  { version: 3, family: 6, unicast: true, advertInt: 0.1 },
];

t.jobs = MODES.length;
for (const mode of MODES) t.test(modeTitle(mode), (t) => pairMatrix(t, mode));
