// For every sample configuration with virtual servers: the real keepalived 2.2.7 (its checker process, inside
// user-mode Linux) programs the IPVS table from the sample with every checker block removed (so every real server
// is up), and our desired table for the same configuration, programmed by our client through the reconciler,
// must list the same (`ipvsadm -Sn` sorted, and `ipvsadm -Ln --thresholds`). keepalived's answer is measured live
// in the same VM, never written down here.
import t from 'tap';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkSame, compareCases, SAMPLES, virtualServerSamples } from './compare-with-keepalived';
import { stripCheckers } from './strip-checkers';
import { runInUml, umlUnavailable } from './uml-vm';
import type { CompareResult } from './guest/keepalived-vs-ours';

/** Runs the comparison for the samples whose index (in name order) ≡ shard (mod shards): one VM boot per file
 * keeps each test file well under a minute. */
export function sampleShardTest(shard: number, shards: number): void {
  const all = virtualServerSamples();
  const names = all.filter((_n, i) => i % shards === shard);
  const skip = umlUnavailable() ?? (all.length === 0 ? `no samples in ${SAMPLES}` : undefined);
  t.test(`sample virtual_server configs (part ${shard + 1}/${shards}): our IPVS table = keepalived's`, { skip }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kts-samples-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const cases = compareCases(dir, names.map((name) => ({ name, text: stripCheckers(readFileSync(join(SAMPLES, name), 'utf8')) })));
    const { result } = await runInUml<CompareResult[]>({
      guest: resolve(__dirname, 'guest', 'keepalived-vs-ours.ts'), input: cases, timeoutMs: 170_000,
    });
    checkSame(t, result, names);
  });
}
