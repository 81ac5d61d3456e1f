// The lab: a failover between the real keepalived 2.2.7 and keepalived-ts's packet core, in network namespaces
// this process creates and removes. keepalived (r1) becomes MASTER of the VIP and a client reaches it there; the
// speaker (r2) decodes r1's adverts with the wasm decoder, then advertises priority 150 with wasm-built adverts and
// gratuitous ARPs and takes the VIP over, and the client follows; then it resigns with a priority-0 advert and r1
// takes the VIP back after its skew time, and the client follows back. Exit 0 when every step was observed.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { createLab, Lab, LabNode } from './netns-lab';

const VRID = 71;
const VIP = '10.211.0.100';
const PREFIX = 24;
const R1 = '10.211.0.1';
const R2 = '10.211.0.2';
const CLIENT = '10.211.0.10';
const PASS = 'labpass';
const KEEPALIVED = process.env.KEEPALIVED_BIN ?? '/usr/sbin/keepalived';

export interface LabStep {
  name: string;
  ok: boolean;
  atMs: number;
  detail?: string;
}

export interface LabResult {
  ok: boolean;
  steps: LabStep[];
  keepalivedLog: string[];
  speakerEvents: Record<string, unknown>[];
}

function keepalivedConf(node: LabNode): string {
  return `global_defs {
  router_id lab_r1
}
vrrp_instance VI_LAB {
  state BACKUP
  interface ${node.ifname}
  virtual_router_id ${VRID}
  priority 100
  advert_int 1
  authentication {
    auth_type PASS
    auth_pass ${PASS}
  }
  virtual_ipaddress {
    ${VIP}/${PREFIX}
  }
}
`;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return true;
    await sleep(25);
  }
  return cond();
}

function collectLines(child: ChildProcess, into: string[], onLine?: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      into.push(line);
      onLine?.(line);
    });
  }
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The module-loader flags this process runs with (a TypeScript loader under tests), for the speaker child. */
function loaderArgs(): string[] {
  if (extname(__filename) !== '.ts') return [];
  const args = process.execArgv;
  return args.filter((a, i) => /^(--import|--require|--loader|-r)(=|$)/.test(a) || /^(--import|--require|--loader|-r)$/.test(args[i - 1] ?? ''));
}

export async function runLab(log: (line: string) => void = () => undefined): Promise<LabResult> {
  const start = Date.now();
  const steps: LabStep[] = [];
  const step = (name: string, ok: boolean, detail?: string): void => {
    const s = { name, ok, atMs: Date.now() - start, detail };
    steps.push(s);
    log(`${(s.atMs / 1000).toFixed(2).padStart(6)}s  ${ok ? 'ok  ' : 'FAIL'}  ${name}${detail ? ` (${detail})` : ''}`);
  };
  const keepalivedLog: string[] = [];
  const speakerEvents: Record<string, unknown>[] = [];
  let lab: Lab | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'kts-lab-'));
  let keepalived: ChildProcess | undefined;
  let speaker: ChildProcess | undefined;
  try {
    const topo = createLab([R1, R2, CLIENT].map((a) => ({ addrs: [`${a}/${PREFIX}`] })));
    lab = topo; // for the cleanup in finally
    const [r1, r2, client] = topo.nodes;
    step('namespaces up', true,
      `r1 ${R1} (keepalived), r2 ${R2} (keepalived-ts core), client ${CLIENT}, bridge in ${topo.hub}`);
    const mac1 = r1.mac;
    const mac2 = r2.mac;
    const clientSees = (mac: string): (() => boolean) => () => topo.neighbourMac(client, VIP) === mac;
    const conf = join(dir, 'keepalived.conf');
    writeFileSync(conf, keepalivedConf(r1));
    keepalived = spawn('ip', ['netns', 'exec', r1.ns, KEEPALIVED, '-n', '-l', '-D', '-P', '-f', conf,
      '-p', join(dir, 'keepalived.pid'), '-r', join(dir, 'vrrp.pid'), '-c', join(dir, 'checkers.pid')],
    { stdio: ['ignore', 'pipe', 'pipe'] });
    collectLines(keepalived, keepalivedLog);
    step('keepalived 2.2.7 MASTER on r1, VIP on r1', await waitFor(() => topo.hasAddress(r1, VIP), 10000));
    step('client reaches the VIP at r1', topo.ping(client, VIP) && clientSees(mac1)(), `ARP: ${VIP} is-at ${mac1}`);

    const speakerFile = join(__dirname, `speaker${extname(__filename)}`);
    speaker = spawn('ip', ['netns', 'exec', r2.ns, process.execPath, ...loaderArgs(), speakerFile,
      '--ifname', r2.ifname, '--src', R2, '--vip', VIP, '--vrid', String(VRID), '--priority', '150',
      '--pass', PASS, '--listen-ms', '2500', '--master-ms', '5000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let advertising = false;
    let resigned = false;
    collectLines(speaker, [], (line) => {
      if (!line.startsWith('{')) return log(`speaker: ${line}`);
      const e = JSON.parse(line) as Record<string, unknown>;
      speakerEvents.push(e);
      if (e.event === 'advertising') advertising = true;
      if (e.event === 'resigned') resigned = true;
    });
    const heard = await waitFor(() => speakerEvents.some((e) => e.event === 'rx' && e.reason === 'Ok'), 5000);
    const rx = speakerEvents.find((e) => e.event === 'rx');
    step('r2 receives r1 adverts straight into wasm memory and decodes them there', heard, rx ? `from ${rx.src} prio ${rx.priority} ttl ${rx.ttl}: ${rx.reason}` : undefined);

    await waitFor(() => advertising, 5000);
    topo.addAddress(r2, `${VIP}/${PREFIX}`);
    const t0 = Date.now();
    const yielded = await waitFor(() => !topo.hasAddress(r1, VIP), 5000);
    const leftAfter = Date.now() - t0;
    const logged = await waitFor(() => keepalivedLog.some((l) => l.includes(
      `Master received advert from ${R2} with higher priority 150, ours 100`)), 2000);
    step('failover to r2: keepalived yields to priority 150', yielded && logged, `VIP left r1 after ${leftAfter} ms`);
    const moved = await waitFor(clientSees(mac2), 3000);
    step('client follows to r2 (wasm-built GARPs via AF_PACKET)', moved && topo.ping(client, VIP),
      `ARP: ${VIP} is-at ${topo.neighbourMac(client, VIP)}`);

    await waitFor(() => resigned, 10000);
    topo.delAddress(r2, `${VIP}/${PREFIX}`);
    const t1 = Date.now();
    const back = await waitFor(() => topo.hasAddress(r1, VIP), 5000);
    step('failback: r2 sends priority 0, keepalived takes the VIP back', back, `after ${Date.now() - t1} ms (skew time 0.61 s)`);
    const returned = await waitFor(clientSees(mac1), 3000);
    step('client follows back to r1 (keepalived GARPs)', returned && topo.ping(client, VIP),
      `ARP: ${VIP} is-at ${topo.neighbourMac(client, VIP)}`);
  } catch (err) {
    step('lab error', false, (err as Error).message);
  } finally {
    await stop(speaker);
    await stop(keepalived);
    lab?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
  return { ok: steps.every((s) => s.ok), steps, keepalivedLog, speakerEvents };
}

if (require.main === module) {
  const json = process.argv.includes('--json');
  runLab(json ? undefined : (line) => console.log(line)).then((r) => {
    if (json) console.log(JSON.stringify(r));
    else console.log(r.ok ? '\nlab passed: failover and failback observed on the wire' : '\nlab FAILED');
    process.exitCode = r.ok ? 0 : 1;
  }, (err: Error) => {
    console.error(err);
    process.exitCode = 1;
  });
}
