// Runs one oracle scenario (plan.ts) where IPVS exists (inside user-mode Linux): starts the servers, keepalived's
// checker process and our checkers on the same configuration, switches the servers down and up on the timeline,
// then writes outcome.json. Both sides hit the same servers at the same time, so their checker lines can be
// compared directly. Usage: node scenario-main.js PLAN.json
import { spawn, execFile } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { formatRs } from '../../check/checkers';
import { loadConfig } from '../../config/load';
import { ProcessScriptRunner } from '../../core/process';
import type { OracleOutcome, OraclePlan } from './plan';
import { runCheckers } from './run-checkers';
import { startDns, startHttp, startSmtp, startTcp, startUdpEcho, type Switchable } from './servers';

/** keepalived lines that belong to the real-server / IPVS layer or to start-up, not to a checker. */
const NOT_CHECKER = /^(Removing service|Adding service|Activating healthchecker|Deactivating healthchecker|Shutting down service|Gained quorum|Lost quorum|Virtual server|Starting|Running on|Command line|Opening file|Configuration file|NOTICE|Initializing ipvs|Startup complete|Stopped|Stopping|CPU usage|Activating BFD|WARNING|SECURITY|Unsafe|Healthcheck child|pid \d+|  )/;

export function checkerLines(text: string, t0: number): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const m = /^\S+ \S+ +\d+ [\d:]+ \d+: (.*)$/.exec(raw) ?? /^(.*)$/.exec(raw);
    const line = (m?.[1] ?? '').trim();
    if (line === '' || NOT_CHECKER.test(line) || !/10\.|fd00:/.test(line)) continue;
    // "Changing weight from A to B for [in]active service RS of VS VS": keep what the checker decides.
    const w = /^(Changing weight from -?\d+ to -?\d+ for )(?:in)?active service (\S+)/.exec(line);
    out.push(w ? `${w[1]}${w[2]}` : line);
  }
  void t0;
  return out;
}

function ip(args: string[]): Promise<void> {
  return new Promise((res) => execFile('ip', args, () => res()));
}

async function main(): Promise<void> {
  const plan = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as OraclePlan;
  const t0 = Date.now();
  const since = (): string => ((Date.now() - t0) / 1000).toFixed(2);
  const tlsOpts = plan.tlsKey && plan.tlsCert ? { key: readFileSync(plan.tlsKey), cert: readFileSync(plan.tlsCert) } : undefined;
  const servers: [string, Switchable, boolean][] = [];
  for (const s of plan.servers) {
    const key = `${s.kind} ${s.address}:${s.port}`;
    const srv =
      s.kind === 'http' ? await startHttp(s.address, s.port)
      : s.kind === 'https' ? await startHttp(s.address, s.port, tlsOpts)
      : s.kind === 'tcp' ? await startTcp(s.address, s.port)
      : s.kind === 'smtp' ? await startSmtp(s.address, s.port)
      : s.kind === 'dns' ? await startDns(s.address, s.port)
      : await startUdpEcho(s.address, s.port);
    servers.push([key, srv, s.inverted ?? false]);
  }
  const setUp = async (up: boolean): Promise<void> => {
    for (const [, s, inverted] of servers) s.up = up !== inverted;
    for (const a of plan.pingAddresses) {
      const pfx = a.includes(':') ? '128' : '32';
      await ip(['addr', up ? 'add' : 'del', `${a}/${pfx}`, 'dev', 'lo']);
    }
    if (plan.flagFile) {
      if (up) writeFileSync(plan.flagFile, '');
      else rmSync(plan.flagFile, { force: true });
    }
  };
  await setUp(true);

  let kaText = '';
  const ka = plan.keepalived
    ? spawn(
        'keepalived',
        ['-n', '-l', '-D', '-C', '-f', plan.config, '-p', join(plan.workdir, 'ka.pid'), '-r', join(plan.workdir, 'vrrp.pid'), '-c', join(plan.workdir, 'chk.pid')],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      )
    : undefined;
  ka?.stdout?.on('data', (d: Buffer) => (kaText += d.toString()));
  ka?.stderr?.on('data', (d: Buffer) => (kaText += d.toString()));

  const ours: string[] = [];
  const loaded = loadConfig(plan.config, { configTest: false });
  // The real-server side of a weight change, reduced to what keepalived's "Changing weight from A to B for …" says.
  const weights = new Map<string, { configured: number; now: number }>();
  for (const vs of loaded.config.virtualServers) {
    for (const rs of vs.realServers) weights.set(formatRs(rs, vs), { configured: rs.weight, now: rs.weight });
  }
  const running = runCheckers(
    loaded.config,
    (line) => ours.push(`${since()} ${line}`),
    new ProcessScriptRunner(),
    (rs, up, weight) => {
      const w = weights.get(rs);
      if (w === undefined) return;
      if (!up) w.now = w.configured; // a failed checker's adjustment is dropped without a log line
      if (weight === undefined || w.configured + weight === w.now) return;
      ours.push(`${since()} Changing weight from ${w.now} to ${w.configured + weight} for ${rs}`);
      w.now = w.configured + weight;
    },
  );

  const kaLines: string[] = [];
  let kaSeen = 0;
  const pollKa = (): void => {
    const lines = kaText.split('\n');
    const complete = lines.slice(0, -1);
    for (const l of checkerLines(complete.slice(kaSeen).join('\n'), t0)) kaLines.push(`${since()} ${l}`);
    kaSeen = complete.length;
  };
  const poll = setInterval(pollKa, 100);

  for (const step of plan.timeline) {
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + step.at * 1000 - Date.now())));
    await setUp(step.up);
  }
  await new Promise((r) => setTimeout(r, Math.max(0, t0 + plan.endAt * 1000 - Date.now())));
  running.stop();
  if (ka && ka.exitCode === null) {
    const exited = new Promise((r) => ka.once('exit', r));
    ka.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  }
  pollKa();
  clearInterval(poll);
  const requests: Record<string, string[]> = {};
  const servernames: Record<string, string[]> = {};
  const clientCerts: Record<string, string[]> = {};
  for (const [key, s] of servers) {
    requests[key] = [...new Set(s.received.map((b) => b.toString('latin1')))];
    if (s.servernames) servernames[key] = [...new Set(s.servernames)];
    if (s.clientCerts) clientCerts[key] = [...new Set(s.clientCerts)];
  }
  const outcome: OracleOutcome = { keepalived: kaLines, ours, requests, servernames, clientCerts };
  writeFileSync(join(plan.workdir, 'keepalived.log'), kaText);
  writeFileSync(join(plan.workdir, 'outcome.json'), JSON.stringify(outcome, null, 1));
  // Closing is best effort: the outcome is written and the process exits after at most a second.
  await Promise.race([Promise.all(servers.map(([, s]) => s.close())), new Promise((r) => setTimeout(r, 1000))]);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
