// keepalived's sample configurations run by keepalived-ts and by keepalived on a two-node segment: states, addresses,
// routes and rules compared with a keepalived-only run (test/helpers/vrrp-samples.ts).
// This file: track scripts and interfaces, the LVS sync daemon.
import t from 'tap';
import { existsSync } from 'node:fs';
import { compareSample, SAMPLES_DIR } from '../helpers/vrrp-samples';

const SAMPLES = ['keepalived.conf.vrrp.localcheck', 'keepalived.conf.vrrp.lvs_syncd', 'keepalived.conf.track_interface'];

if (!existsSync(SAMPLES_DIR)) t.plan(0, `no samples folder at ${SAMPLES_DIR}`);
else for (const s of SAMPLES) t.test(s, (t) => compareSample(t, s));
