// Our loadConfig() over many files in one child process inside an oracle's namespace, so interface checks see
// the same machine as keepalived's `-t` runs.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { childEnv } from '../../src/lab/child-env';
import { REPO_ROOT } from './config-oracle';

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

export interface OurVerdict {
  code: number;
  diags: string[];
}

/** Our loader over `files` (in order), inside namespace `ns`. */
export function runOurs(ns: string, files: readonly string[]): Promise<OurVerdict[]> {
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
      else resolve(JSON.parse(out) as OurVerdict[]);
    });
  });
}
