// keepalived's sample configurations run by keepalived-ts and by keepalived on a two-node segment: states, addresses,
// routes and rules compared with a keepalived-only run (test/helpers/vrrp-samples.ts).
// This file: the plain VRRP
// sample and the virtual routes and rules samples; vrrp-samples-2/3/4 have the others.
import t from 'tap';
import { existsSync } from 'node:fs';
import { compareSample, SAMPLES_DIR } from '../helpers/vrrp-samples';

const SAMPLES = ['keepalived.conf.vrrp', 'keepalived.conf.vrrp.routes', 'keepalived.conf.vrrp.rules'];

if (!existsSync(SAMPLES_DIR)) t.plan(0, `no samples folder at ${SAMPLES_DIR}`);
else for (const s of SAMPLES) t.test(s, (t) => compareSample(t, s));
