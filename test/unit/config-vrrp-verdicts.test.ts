// The installed keepalived 2.2.7 and our loader judge the same VRRP configurations (config-vrrp-cases.ts) and must
// give the same `-t` exit code. Both run inside one throw-away network namespace (lo, eth0, kpeer0), keepalived once
// per file, ours once for all files, so the interface checks see the same machine.
import t from 'tap';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv, createConfigOracle, oracleUnavailable, REPO_ROOT } from '../helpers/config-oracle';
import { VRRP_CASES } from './config-vrrp-cases';

/** Loads each file named on the command line and prints [{code, diags}] as JSON. */
const RUNNER = `
const { loadConfig, configTestExitCode } = require(${JSON.stringify(join(REPO_ROOT, 'src/config/load'))});
const { formatDiagnostic } = require(${JSON.stringify(join(REPO_ROOT, 'src/config/diagnostics'))});
const out = process.argv.slice(1).map((file) => {
  const r = loadConfig(file, { configTest: true });
  return { code: configTestExitCode(r), diags: r.diags.list.map(formatDiagnostic) };
});
process.stdout.write(JSON.stringify(out));
`;

interface Ours {
  code: number;
  diags: string[];
}

function runOurs(ns: string, files: string[]): Promise<Ours[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'ip',
      ['netns', 'exec', ns, process.execPath, '-r', '@isaacs/ts-node-temp-fork-for-pr-2009/register/transpile-only', '-e', RUNNER, ...files],
      { cwd: REPO_ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`runner exited ${code}: ${err}`));
      else resolve(JSON.parse(out) as Ours[]);
    });
  });
}

t.test('keepalived -t and loadConfig agree on VRRP configurations', { skip: oracleUnavailable() ?? false }, async (t) => {
  const oracle = createConfigOracle();
  t.teardown(() => oracle.cleanup());
  const files = VRRP_CASES.map((c, i) => {
    const file = join(oracle.workDir, `vrrp-${i + 1}.conf`);
    writeFileSync(file, c.conf);
    return file;
  });
  const ours = await runOurs(oracle.ns, files);
  t.ok(VRRP_CASES.length >= 60, `${VRRP_CASES.length} configurations`);
  for (const [i, c] of VRRP_CASES.entries()) {
    const k = await oracle.keepalived(files[i] as string);
    const o = ours[i] as Ours;
    t.equal(o.code, k.code, c.name, { keepalived: k.stderr, ours: o.diags });
  }
});
