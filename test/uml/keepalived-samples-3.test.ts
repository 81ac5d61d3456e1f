// Part 3 of 3 of the sample comparison (keepalived-samples.ts): our IPVS table equals keepalived's.
import { sampleShardTest } from './keepalived-samples';

sampleShardTest(2, 3);
