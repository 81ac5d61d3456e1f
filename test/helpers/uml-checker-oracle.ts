// Runs a checker scenario (src/lab/checker-oracle) inside user-mode Linux, where IPVS exists so keepalived's
// checker process can run: keepalived -C and our checkers on the same configuration, against the same servers, at
// the same time. The host kernel has no IPVS, which is why keepalived's checkers cannot run in a namespace here.
// Our side runs from dist/ (`npx tsc -p tsconfig.build.json` first), or from the sources with KTS_FROM_SOURCE=1.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Test } from 'tap';
import type { OracleOutcome, OraclePlan, ServerPlan } from '../../src/lab/checker-oracle/plan';
import { killUml, modprobeLine, moduleRoot, spawnUml, umlUnavailable } from './uml-boot';

const REPO = resolve(__dirname, '..', '..');

/** UML can run here, and keepalived is installed. */
export function umlAvailable(): boolean {
  return umlUnavailable(['keepalived']) === undefined;
}

export interface OracleRun {
  workdir: string;
  outcome: OracleOutcome;
  keepalivedLog: string;
  console: string;
  cleanup(): void;
}

/** Lines (of `ip addr add … dev lo`) the UML needs before the scenario: the servers' and checkers' addresses. */
export async function runOracle(
  makePlan: (workdir: string) => Omit<OraclePlan, 'workdir'>,
  configText: (workdir: string) => string,
  loAddresses: string[],
  timeoutMs = 55_000,
  /** Shell lines run after the addresses are set, e.g. policy-routing rules. */
  initCommands: string[] = [],
): Promise<OracleRun> {
  const workdir = mkdtempSync(join(tmpdir(), 'kts-chk-oracle-'));
  const modRoot = moduleRoot(join(workdir, 'umlroot'));
  const config = join(workdir, 'keepalived.conf');
  writeFileSync(config, configText(workdir));
  const plan: OraclePlan = { ...makePlan(workdir), workdir, config };
  writeFileSync(join(workdir, 'plan.json'), JSON.stringify(plan));
  const node = process.execPath;
  const runner = process.env.KTS_FROM_SOURCE
    ? `TS_NODE_TRANSPILE_ONLY=1 ${node} -r ${require.resolve('@isaacs/ts-node-temp-fork-for-pr-2009/register')} ${join(REPO, 'src/lab/checker-oracle/scenario-main.ts')}`
    : `${node} ${join(REPO, 'dist/src/lab/checker-oracle/scenario-main.js')}`;
  const init = [
    '#!/bin/sh',
    'mount -t proc proc /proc; mount -t sysfs sys /sys',
    'export PATH=/usr/sbin:/usr/bin:/sbin:/bin',
    modprobeLine(modRoot, ['ip_vs', 'ip_vs_rr', 'ip_vs_wlc']),
    'ip link set lo up',
    ...loAddresses.map((a) => `ip addr add ${a} dev lo`),
    // A route for the rest of the test range, so a removed address stops answering instead of being unreachable.
    'ip route add 10.9.0.0/24 dev lo',
    'ip -6 route add fd00::/64 dev lo',
    ...initCommands,
    `cd ${REPO}`,
    `${runner} ${join(workdir, 'plan.json')} > ${join(workdir, 'scenario.out')} 2>&1`,
    'echo o > /proc/sysrq-trigger',
  ].join('\n');
  const initPath = join(workdir, 'init.sh');
  writeFileSync(initPath, init + '\n');
  chmodSync(initPath, 0o755);
  let consoleText = '';
  // Its own process group: UML runs as several host processes, which must all go if it has to be killed.
  const uml = spawnUml(initPath, { memory: '768M', stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: workdir } });
  uml.stdout?.on('data', (d: Buffer) => (consoleText += d.toString()));
  uml.stderr?.on('data', (d: Buffer) => (consoleText += d.toString()));
  const killGroup = (): void => killUml(uml);
  const timer = setTimeout(killGroup, timeoutMs);
  await new Promise<void>((res) => uml.once('exit', () => res()));
  clearTimeout(timer);
  killGroup();
  const cleanup = (): void => rmSync(workdir, { recursive: true, force: true });
  const outFile = join(workdir, 'outcome.json');
  if (!existsSync(outFile)) {
    const scenario = existsSync(join(workdir, 'scenario.out')) ? readFileSync(join(workdir, 'scenario.out'), 'utf8') : '';
    cleanup();
    throw new Error(`oracle run produced no outcome\n--- scenario:\n${scenario}\n--- console:\n${consoleText.slice(-3000)}`);
  }
  return {
    workdir,
    outcome: JSON.parse(readFileSync(outFile, 'utf8')) as OracleOutcome,
    keepalivedLog: readFileSync(join(workdir, 'keepalived.log'), 'utf8'),
    console: consoleText,
    cleanup,
  };
}

/** The lines without their time stamps, of one real server (its "[addr]:proto:port" or "[addr]:port"). */
export function linesOf(lines: string[], needle: string): string[] {
  return lines.map((l) => l.replace(/^\S+ /, '')).filter((l) => l.includes(needle));
}

/**
 * What an oracle test varies; the rest is shared: every server goes down at 7 s and comes back at 16 s, the run ends
 * at 25 s, a file `flag` in the workdir exists while the servers are up (for MISC_CHECK scripts), and keepalived runs.
 */
export interface DownUpScenario {
  servers: ServerPlan[];
  pingAddresses?: string[];
  /** Writes what the configuration refers to (scripts, TLS files); may name the TLS key and certificate. */
  prepare?(workdir: string): Pick<OraclePlan, 'tlsKey' | 'tlsCert'> | void;
  config(workdir: string): string;
  /** Addresses on the UML's lo. */
  loAddresses: string[];
  /** Shell lines for the UML's set-up after its addresses (e.g. ip rule). */
  initCommands?: string[];
}

/** Runs the scenario (removed with the test) and logs both sides' checker lines as a comment. */
export async function runDownUp(t: Test, s: DownUpScenario): Promise<OracleOutcome> {
  const run = await runOracle(
    (dir) => ({
      config: '',
      servers: s.servers,
      pingAddresses: s.pingAddresses ?? [],
      flagFile: join(dir, 'flag'),
      ...(s.prepare?.(dir) ?? {}),
      timeline: [
        { at: 7, up: false },
        { at: 16, up: true },
      ],
      endAt: 25,
      keepalived: true,
    }),
    s.config,
    s.loAddresses,
    undefined,
    s.initCommands,
  );
  t.teardown(run.cleanup);
  const { outcome } = run;
  t.comment(`keepalived:\n${outcome.keepalived.join('\n')}\nours:\n${outcome.ours.join('\n')}`);
  return outcome;
}

/** For each real server: keepalived logged at least minLines(rs) lines of it, and ours logged the same lines. */
export function sameLinesPerServer(t: Test, outcome: OracleOutcome, servers: readonly string[],
  minLines: (rs: string) => number = () => 1): void {
  for (const rs of servers) {
    const ka = linesOf(outcome.keepalived, rs);
    t.ok(ka.length >= minLines(rs), `keepalived logged ${rs} (${ka.length} lines)`);
    t.same(linesOf(outcome.ours, rs), ka, `checker lines for ${rs}`);
  }
}
