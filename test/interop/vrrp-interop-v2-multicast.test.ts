// VRRPv2 over IPv4 multicast between keepalived 2.2.7 and keepalived-ts, with no authentication, PASS and AH
// (advert_int 1 s, v2's smallest): election, crash and stop failover, preemption, nopreempt, each direction, plus
// the keepalived pair as the harness baseline and the keepalived-ts pair. See test/helpers/vrrp-scenarios.ts.
import t from 'tap';
import { modeTitle, pairMatrix, type InstanceMode } from '../helpers/vrrp-scenarios';

const MODES: InstanceMode[] = [
  { version: 2, family: 4, auth: 'none', advertInt: 1 },
  { version: 2, family: 4, auth: 'PASS', advertInt: 1 },
  { version: 2, family: 4, auth: 'AH', advertInt: 1 },
];

t.jobs = MODES.length;
for (const mode of MODES) t.test(modeTitle(mode), (t) => pairMatrix(t, mode));
