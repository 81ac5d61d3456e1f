// Runs a scenario twice over: keepalived's checker process inside user-mode Linux (IPVS), its MISC_CHECK scripts
// answering what the test writes to files, and LvsState fed the same verdicts. After start-up, the first checks and
// each step, the log lines of the state logic, the IPVS table (ipvsadm -Ln) must be equal; after shutdown, the
// notify and quorum scripts that ran too.
import type { Test } from 'tap';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load';
import type { LvsAction } from '../../src/check/real-server/actions';
import { CheckerRef, LvsState } from '../../src/check/real-server/lvs-state';
import type { DesiredService } from '../../src/check/real-server/table';
import { UmlShell } from './uml-shell';

export async function runStateScenario(t: Test, sc: Scenario): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kts-rs-uml-'));
  if (!process.env.KTS_KEEP_UML_DIR) t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'keepalived.conf'), sc.config(dir));
  writeFileSync(join(dir, 'chk.sh'), `#!/bin/sh\nexit $(cat ${dir}/rc.$1)\n`, { mode: 0o755 });
  writeFileSync(join(dir, 'chk2.sh'), `#!/bin/sh\nexit $(cat ${dir}/rc2.$1)\n`, { mode: 0o755 });
  writeFileSync(join(dir, 'note.sh'), `#!/bin/sh\necho "$*" >> ${dir}/notify.log\n`, { mode: 0o755 });
  writeFileSync(join(dir, 'notify.log'), '');
  // keepalived runs the FIFO script with the FIFO's name last; it copies the lines out for the host to read.
  writeFileSync(join(dir, 'fifo.sh'), `#!/bin/sh\nwhile read -r l; do echo "$l" >> ${dir}/fifo.log; done < "$1"\n`, { mode: 0o755 });
  for (const f of sc.rcFiles) writeFileSync(join(dir, f), '0\n');

  const loaded = loadConfig(join(dir, 'keepalived.conf'));
  t.equal(loaded.abort, undefined, 'config loads');
  // keepalived runs with -D: address events for ha_suspend services are logged.
  const core = new LvsState(loaded.config, { logDetail: true });
  const ours: LvsAction[] = [];
  const take = (a: LvsAction[]): void => void ours.push(...a);

  const uml = await UmlShell.boot(join(dir, 'uml'));
  t.teardown(() => uml.close());
  const ka = join(dir, 'ka.log');
  await uml.run(
    `setsid keepalived -n -l -D -C -f ${dir}/keepalived.conf -p ${dir}/k.pid -r ${dir}/v.pid -c ${dir}/c.pid ` +
      `> ${ka} 2>&1 < /dev/null &`,
  );
  const theirs = (): string[] => stateLines(readLog(ka));
  const theirFifo = (): string[] => readLog(join(dir, 'fifo.log')).filter(Boolean);
  const ourFifo = (): string[] => ours.flatMap((a) => (a.type === 'fifo' ? [a.line.replace(/\n$/, '')] : []));
  const misc = (): { key: string; up: boolean }[] => miscLines(readLog(ka), sc.vsKeys);
  const settle = async (what: string): Promise<void> => {
    await waitFor(() => theirs().length >= logLines(ours).length, what);
    t.same(theirs(), logLines(ours), `${what}: log lines`);
    await waitFor(() => theirFifo().length >= ourFifo().length, `${what}: FIFO lines`);
    t.same(theirFifo(), ourFifo(), `${what}: lvs_notify_fifo lines`);
    t.same(await ipvsTable(uml), tableLines(core.table()), `${what}: IPVS table`);
  };

  // Start-up: the services, then the checkers.
  take(core.start());
  take(core.activateCheckers());
  await settle('start-up');

  // First verdicts, in the order keepalived's checkers happened to run.
  const first = Object.keys(sc.refs).filter((k) => !(sc.suspended ?? []).includes(k));
  await waitFor(() => first.every((k) => misc().some((m) => m.key === k)), 'first checks');
  for (const m of misc()) take(core.checkerResult(sc.refs[m.key] as CheckerRef, m.up));
  await settle('first checks');

  for (const s of sc.steps) {
    const before = misc().length;
    if (s.address !== undefined) {
      await uml.run(`ip addr ${s.present ? 'add' : 'del'} ${s.address}/32 dev lo`);
      take(core.addressChanged('inet', s.address, s.present ?? true));
    }
    if (s.trackFile !== undefined) {
      await uml.run(`echo ${s.trackFile.value} > ${dir}/${s.trackFile.file}`);
      take(core.fileCheckValue(sc.refs[s.trackFile.key] as CheckerRef, s.trackFile.value));
    }
    if (s.file !== undefined && s.key !== undefined) {
      writeFileSync(join(dir, s.file), `${s.value ?? 0}\n`);
      const ref = sc.refs[s.key] as CheckerRef;
      const v = s.value ?? 0;
      const up = v === 0 || (s.dynamic === true && v >= 2 && v <= 255);
      if (s.dynamic) {
        if (up) take(core.miscDynamicWeight(ref, v));
        else core.miscDynamicFailed(ref, v);
      }
      take(core.checkerResult(ref, up));
      if (s.quiet) await waitFor(() => misc().slice(before).some((m) => m.key === s.key), `${s.name}: check ran`);
    }
    await settle(s.name);
  }

  // Shutdown: SIGTERM to the parent, which waits for its children.
  await uml.run(`p=$(cat ${dir}/k.pid); kill -TERM $p; while kill -0 $p 2>/dev/null; do sleep 0.1; done`);
  take(core.shutdown());
  t.same(theirs(), logLines(ours), 'shutdown: log lines');
  t.same(await ipvsTable(uml), [], 'IPVS table empty after shutdown');
  t.same(core.table(), [], 'LvsState table empty after shutdown');
  const ran = readFileSync(join(dir, 'notify.log'), 'utf8').split('\n').filter(Boolean).sort();
  const scripts = ours.flatMap((a) => (a.type === 'script' ? [a.script.args.slice(1).join(' ')] : [])).sort();
  t.same(ran, scripts, `the same ${scripts.length} notify and quorum script runs`);
}

/** One change: an address added/removed inside UML, then (or instead) a MISC_CHECK script's next exit code. */
export interface Step {
  name: string;
  address?: string;
  present?: boolean;
  /** `rc.N` (chk.sh N) or `rc2.N` (chk2.sh N). */
  file?: string;
  value?: number;
  /** Checker key (see Scenario.refs). */
  key?: string;
  /** The checker has misc_dynamic. */
  dynamic?: boolean;
  /** keepalived logs no state line for it: wait for the checker's own verdict line instead. */
  quiet?: boolean;
  /** A FILE_CHECK's track file written inside UML (keepalived watches it with inotify). */
  trackFile?: { file: string; value: number; key: string };
}

/** global_defs lines for the FIFO the scenario compares (keepalived's lvs_notify_fifo and its reader script). */
export function fifoGlobals(dir: string): string {
  return `  lvs_notify_fifo ${dir}/fifo\n  lvs_notify_fifo_script ${dir}/fifo.sh\n`;
}

export interface Scenario {
  /** keepalived.conf text; dir holds chk.sh, chk2.sh and note.sh (use fifoGlobals(dir) in global_defs). */
  config: (dir: string) => string;
  /** Checker keys `V/N` (`V/Nb` for chk2.sh) → where LvsState finds them. */
  refs: Record<string, CheckerRef>;
  /** Formatted virtual server name → V. */
  vsKeys: Record<string, string>;
  /** Checkers with no first verdict to wait for: suspended at start (ha_suspend), or FILE_CHECKs. */
  suspended?: string[];
  /** Exit-code files to create with 0. */
  rcFiles: string[];
  steps: Step[];
}

const PREFIX = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}: /;

function readLog(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n').map((l) => l.replace(PREFIX, ''));
  } catch {
    return [];
  }
}

/** The lines keepalived's real-server/virtual-server state logic writes. */
const STATE_LINE =
  /^(Adding|Removing|Enabling|Disabling|Shutting down|Gained quorum|Lost quorum|Starting with quorum|Changing weight|Activating healthchecker for|Deactivating healthchecker|Suspending healthchecker|Netlink reflector reports|\(\[[^\]]+\]:\w+:\d+\): tracked file)/;

function stateLines(log: string[]): string[] {
  return log.filter((l) => STATE_LINE.test(l));
}

/** keepalived's MISC_CHECK verdict lines, as `VS/rs` keys and up/down. */
function miscLines(log: string[], vsKeys: Record<string, string>): { key: string; up: boolean }[] {
  const out: { key: string; up: boolean }[] = [];
  for (const l of log) {
    const m = /^Misc check for \[\[([\da-f.:]+)\]:\w+:\d+ VS (.+)\] by \[.*\/(chk2?)\.sh\] (succeeded|failed|timed out)/.exec(l);
    if (!m) continue;
    const vs = vsKeys[m[2] as string] ?? '?';
    // The server's last address group (10.0.0.N or fd00::N) names it.
    const rs = (m[1] as string).split(/[.:]/).pop() ?? '?';
    out.push({ key: `${vs}/${rs}${m[3] === 'chk2' ? 'b' : ''}`, up: m[4] === 'succeeded' });
  }
  return out;
}

function logLines(actions: LvsAction[]): string[] {
  return actions.flatMap((a) => (a.type === 'log' ? [a.line] : []));
}

/** `ipvsadm -Ln` as sorted `SERVICE -> DEST METHOD WEIGHT` lines. */
async function ipvsTable(uml: UmlShell): Promise<string[]> {
  const out: string[] = [];
  let service = '';
  for (const line of (await uml.run('ipvsadm -Ln')).split('\n')) {
    const s = /^(TCP|UDP|SCTP|FWM)\s+(\S+)/.exec(line);
    if (s) {
      service = `${s[1]} ${s[2]}`;
      out.push(service);
      continue;
    }
    const d = /^\s+->\s+(\S+)\s+(\S+)\s+(\d+)/.exec(line);
    if (d && d[1] !== 'RemoteAddress:Port') out.push(`${service} -> ${d[1]} ${d[2]} ${d[3]}`);
  }
  return out.sort();
}

const METHOD = { NAT: 'Masq', DR: 'Route', TUN: 'Tunnel' } as const;

function tableLines(table: DesiredService[]): string[] {
  const out: string[] = [];
  for (const s of table) {
    const host = (family: string, address: string | undefined): string => (family === 'inet6' ? `[${address}]` : `${address}`);
    const name = s.fwmark !== undefined ? `FWM ${s.fwmark}` : `${s.protocol ?? 'UDP'} ${host(s.family, s.address)}:${s.port}`;
    out.push(name);
    for (const d of s.destinations) {
      out.push(`${name} -> ${host(d.family, d.address)}:${d.port} ${METHOD[d.forwarding.method]} ${d.weight}`);
    }
  }
  return out.sort();
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
