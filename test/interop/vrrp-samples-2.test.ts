// keepalived's sample configurations run by keepalived-ts and by keepalived on a two-node segment: states, addresses,
// routes and rules compared with a keepalived-only run (test/helpers/vrrp-samples.ts).
// This file: static addresses and routes, sync groups, notify scripts.
import t from 'tap';
import { existsSync } from 'node:fs';
import { compareSample, SAMPLES_DIR } from '../helpers/vrrp-samples';

const SAMPLES = ['keepalived.conf.vrrp.static_ipaddress', 'keepalived.conf.vrrp.sync', 'keepalived.conf.vrrp.scripts'];

if (!existsSync(SAMPLES_DIR)) t.plan(0, `no samples folder at ${SAMPLES_DIR}`);
else for (const s of SAMPLES) t.test(s, (t) => compareSample(t, s));
