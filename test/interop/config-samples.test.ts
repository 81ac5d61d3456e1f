// `keepalived-ts -t` gives the same verdict (exit code) as keepalived 2.2.7's `keepalived -t` for every sample
// configuration shipped with keepalived (the shared fixtures' keepalived-samples/ folder), both run live on the same
// temporary copy inside the same network namespace (eth0 exists; eth1, eth2, … do not, so several samples are
// config errors here). Where keepalived names a `(FILE: Line N)` / `(Line N)` position for a failing sample, ours
// must name at least one position too.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { FIXTURES_DIR } from '../helpers/fixtures-dir';
import {
  describeRun,
  fileOracle,
  mapLimited,
  oursIsPlaceholder,
  positions,
  Verdicts,
} from '../helpers/config-oracle';

const SAMPLES_DIR = join(FIXTURES_DIR, 'keepalived-samples');

const oracle = fileOracle(t, existsSync(SAMPLES_DIR) ? undefined : `no samples folder at ${SAMPLES_DIR}`);
if (oracle) {
  // A copy, so relative includes and anything keepalived writes beside a config stay in the temp folder.
  const copy = oracle.prepareCorpus(SAMPLES_DIR, 'samples');
  const samples = readdirSync(SAMPLES_DIR)
    .filter((f) => statSync(join(SAMPLES_DIR, f)).isFile() && !/^README/i.test(f))
    .sort();

  t.test('there are samples', async (t) => {
    t.ok(samples.length > 0, `${samples.length} samples`);
  });

  const verdicts = mapLimited(samples, 4, (f) => oracle.both(join(copy, f)));

  samples.forEach((f, i) => {
    t.test(f, async (t) => {
      const v: Verdicts = await verdicts[i];
      const k = v.keepalived;
      const o = v.ours;
      const diag = { keepalived: describeRun(k, copy), ours: describeRun(o, copy) };
      t.notOk(k.timedOut, 'keepalived finished in time', diag);
      t.notOk(o.timedOut, 'ours finished in time', diag);
      t.not(k.code, null, 'keepalived exited normally', diag);
      const todo = oursIsPlaceholder(o) ? 'our -t is not wired to the config layer yet' : undefined;
      t.equal(o.code, k.code, `same exit code as keepalived (${k.code})`, { ...diag, todo });
      if (k.code !== 0 && positions(k.stderr).length > 0) {
        t.ok(positions(o.stderr).length > 0, 'ours names a (FILE: Line N) position like keepalived', { ...diag, todo });
      }
    });
  });
}
