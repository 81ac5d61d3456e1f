// Shared by the keepalived comparison tests: the sample files with virtual servers, writing configurations and
// computing our desired table for each (on the host), and the checks on the guest's listings.
import type { Test } from 'tap';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load';
import { desiredTable, desiredTimeouts } from '../../src/ipvs/desired-table';
import { FIXTURES_DIR } from '../helpers/fixtures-dir';
import type { CompareCase, CompareResult } from './guest/keepalived-vs-ours';

export const SAMPLES = join(FIXTURES_DIR, 'keepalived-samples');

/** Sample files with at least one virtual_server block. */
export function virtualServerSamples(): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(SAMPLES);
  } catch {
    return [];
  }
  return names.filter((n) => /^\s*virtual_server\s/m.test(readFileSync(join(SAMPLES, n), 'utf8'))).sort();
}

/** Writes each configuration (checkers stripped when asked) to `dir` and computes our desired table for it. */
export function compareCases(dir: string, files: Array<{ name: string; text: string }>): CompareCase[] {
  return files.map(({ name, text }) => {
    const confPath = join(dir, name);
    writeFileSync(confPath, text);
    const { config } = loadConfig(confPath, { configId: 'uml', configTest: false });
    return { name, confPath, desired: desiredTable(config), timeouts: desiredTimeouts(config) };
  });
}

export function checkSame(t: Test, results: CompareResult[], expectedNames: string[]): void {
  t.same(results.map((r) => r.name), expectedNames, 'every configuration ran');
  for (const r of results) {
    t.test(r.name, async (t) => {
      t.ok(r.keepalived.save.length > 0, `keepalived programmed ${r.keepalived.save.length} rules in ${r.keepalivedMs} ms`);
      t.same(r.oursFailed, [], 'every operation of ours succeeded');
      t.same(r.ours.save, r.keepalived.save, 'ipvsadm -Sn: ours = keepalived\'s');
      t.same(r.ours.thresholds, r.keepalived.thresholds, 'ipvsadm -Ln --thresholds: ours = keepalived\'s');
      t.same(r.ours.timeouts, r.keepalived.timeouts, `ipvsadm -Ln --timeout: ${r.ours.timeouts.join(' ')}`);
      // KTS_UML_SHOW=1 prints what keepalived programmed and said, to see what a configuration exercises.
      if (r.keepalived.save.length === 0 || process.env.KTS_UML_SHOW) t.comment([...r.keepalived.save, r.keepalivedLog].join('\n'));
    });
  }
}

