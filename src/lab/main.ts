// The lab (`npm run lab`): a VRRP failover in network namespaces this process creates and removes. Two routers, r1
// (priority 200) and r2 (priority 100), run keepalived-ts on one bridge with a client and an observer capturing the
// segment; r1 becomes MASTER and the client reaches the VIP there; r1 is killed with SIGKILL (its whole process
// group: a crash); r2 takes over, and the takeover time is read off the capture: from r1's last advert to r2's
// first, against the protocol bound 3 × advert_int + skew; the client follows the VIP to r2. Exit 0 when every step
// was observed.
//
//   node dist/src/lab/main.js [--keepalived | --mixed] [--advert-int SECONDS] [--json]
//     --keepalived        keepalived 2.2.7 on both routers (the reference behaviour)
//     --mixed             keepalived-ts on r1, keepalived 2.2.7 on r2
//     --advert-int S      advert_int (default 0.1; VRRPv3 takes 0.01 … 40.95)
import { createVrrpCluster, type VrrpCluster } from './vrrp-cluster';
import type { Implementation } from './vrrp-daemon';

export interface LabOptions {
  /** Implementations of r1 and r2 (default keepalived-ts on both). */
  impls?: [Implementation, Implementation];
  /** advert_int in seconds (default 0.1). */
  advertInt?: number;
}

export interface LabStep {
  name: string;
  ok: boolean;
  atMs: number;
  detail?: string;
}

export interface LabResult {
  ok: boolean;
  impls: [Implementation, Implementation];
  steps: LabStep[];
  /** The takeover after the crash, measured on the wire. */
  takeover?: { gapMs: number; boundMs: number; announceMs?: number; killToTakeoverMs: number };
  /** Each router's console log, every run. */
  logs: { r1: string[]; r2: string[] };
}

const NET = 211;
const VIP = `10.${NET}.0.100`;

/** Parses the command line; throws on an unknown argument. */
export function labOptions(argv: string[]): LabOptions & { json: boolean } {
  const o: LabOptions & { json: boolean } = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') o.json = true;
    else if (a === '--keepalived') o.impls = ['keepalived', 'keepalived'];
    else if (a === '--mixed') o.impls = ['keepalived-ts', 'keepalived'];
    else if (a === '--advert-int' && i + 1 < argv.length) o.advertInt = Number(argv[++i]);
    else throw new Error(`lab: unknown argument ${a} (use --keepalived, --mixed, --advert-int SECONDS, --json)`);
  }
  if (o.advertInt !== undefined && !(o.advertInt >= 0.01 && o.advertInt <= 40.95)) throw new Error('lab: --advert-int must be 0.01 … 40.95');
  return o;
}

const describeImpl = (impl: Implementation): string => (impl === 'keepalived' ? 'keepalived 2.2.7' : 'keepalived-ts');

export async function runLab(options: LabOptions = {}, log: (line: string) => void = () => undefined): Promise<LabResult> {
  const impls = options.impls ?? ['keepalived-ts', 'keepalived-ts'];
  const advertInt = options.advertInt ?? 0.1;
  const start = Date.now();
  const result: LabResult = { ok: false, impls, steps: [], logs: { r1: [], r2: [] } };
  const step = (name: string, ok: boolean, detail?: string): boolean => {
    const s = { name, ok, atMs: Date.now() - start, detail };
    result.steps.push(s);
    log(`${(s.atMs / 1000).toFixed(2).padStart(6)}s  ${ok ? 'ok  ' : 'FAIL'}  ${name}${detail ? `\n${' '.repeat(15)}${detail}` : ''}`);
    return ok;
  };
  let c: VrrpCluster | undefined;
  try {
    c = await createVrrpCluster({
      instance: { version: 3, family: 4, advertInt }, nodes: [{ priority: 200 }, { priority: 100 }], clients: 1, net: NET, notify: false,
    });
    const [r1, r2] = c.nodes;
    const client = c.clients[0];
    const cluster = c;
    step('namespaces up', true, `r1 ${r1.address} (${describeImpl(impls[0])}, priority 200), r2 ${r2.address} `
      + `(${describeImpl(impls[1])}, priority 100), client ${client.addrs[0].split('/')[0]}, VIP ${VIP}, VRRPv3 advert_int ${advertInt} s; `
      + `observer: tcpdump on the bridge in ${c.lab.hub}`);
    const clientSees = (mac: string): boolean => cluster.lab.neighbourMac(client, VIP) === mac;
    const settle = 10000 + 6000 * advertInt;

    c.start(1, impls[1]);
    c.start(0, impls[0]);
    // a daemon that exits at start-up ends the wait early
    const bothRunning = (): boolean => cluster.nodes.every((n) => n.daemon?.running());
    await c.waitUntil(async () => !bothRunning() || (cluster.state(0) === 'MASTER' && cluster.state(1) === 'BACKUP' && await cluster.soleHolder(0)), settle);
    if (!step('r1 is MASTER and holds the VIP, r2 is BACKUP', bothRunning() && await c.waitStable(0, 0),
      `states r1 ${c.state(0)}, r2 ${c.state(1)}; VIP on ${(await c.vipHolders()).map((i) => `r${i + 1}`).join(', ') || 'no node'}`)) return result;
    step('the client reaches the VIP at r1', c.lab.ping(client, VIP) && clientSees(r1.lab.mac), `ARP: ${VIP} is-at ${c.lab.neighbourMac(client, VIP)} (r1 is ${r1.lab.mac})`);

    await new Promise((r) => setTimeout(r, Math.max(500, 3000 * advertInt)));
    const killedAt = await c.stop(0, 'SIGKILL');
    step('r1 crashes: SIGKILL to its whole process group', true);
    const tookOver = await c.waitStable(1, settle);
    const tk = await c.takeover(0, 1, killedAt);
    const bound = c.boundMs('crash', 1);
    if (tk) {
      result.takeover = {
        gapMs: tk.gapMs, boundMs: bound, announceMs: tk.announceMs, killToTakeoverMs: (tk.firstNew.timeUs - killedAt) / 1000,
      };
    }
    step('r2 takes over: MASTER with the VIP', tookOver && tk !== undefined, tk
      ? `${tk.gapMs.toFixed(1)} ms from r1's last advert to r2's first (bound 3 × ${advertInt * 1000} ms + skew = ${bound.toFixed(1)} ms, `
        + `ratio ${(tk.gapMs / bound).toFixed(3)}); r2's first gratuitous ARP at ${tk.announceMs?.toFixed(1) ?? '?'} ms`
      : `states r1 ${c.state(0)}, r2 ${c.state(1)}; no takeover on the wire`);
    const followed = await c.waitUntil(() => clientSees(r2.lab.mac), 3000);
    step('the client follows the VIP to r2', followed && c.lab.ping(client, VIP), `ARP: ${VIP} is-at ${c.lab.neighbourMac(client, VIP)} (r2 is ${r2.lab.mac})`);
  } catch (err) {
    step('lab error', false, (err as Error).message);
  } finally {
    if (c) {
      result.logs.r1 = c.nodes[0].runs.flatMap((d) => d.lines.map((l) => l.text));
      result.logs.r2 = c.nodes[1].runs.flatMap((d) => d.lines.map((l) => l.text));
      if (result.steps.some((s) => !s.ok)) {
        // a daemon that exited by itself says why in its last lines
        for (const [i, n] of c.nodes.entries()) {
          for (const d of n.runs.filter((x) => !x.running())) {
            const code = await d.exited;
            if (typeof code === 'number' && code !== 0) log(`               r${i + 1} exited ${code}: ${d.lines.slice(-3).map((l) => l.text).join(' | ')}`);
          }
        }
      }
      await c.cleanup();
      step('namespaces removed', true);
    }
  }
  result.ok = result.steps.every((s) => s.ok);
  return result;
}

if (require.main === module) {
  let opts: ReturnType<typeof labOptions>;
  try {
    opts = labOptions(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  runLab(opts, opts.json ? undefined : (line) => console.log(line)).then((r) => {
    if (opts.json) console.log(JSON.stringify(r));
    else if (r.ok) {
      const who = r.impls[0] === r.impls[1] ? `two ${describeImpl(r.impls[0])} routers` : r.impls.map(describeImpl).join(' and ');
      console.log(`\nlab passed: ${who} failed over in ${r.takeover?.gapMs.toFixed(1)} ms after a crash of the master`);
    }
    else console.log(`\nlab FAILED${r.impls.includes('keepalived-ts') ? ' (--keepalived runs the same lab with keepalived 2.2.7 on both routers)' : ''}`);
    process.exitCode = r.ok ? 0 : 1;
  }, (err: Error) => {
    console.error(err);
    process.exitCode = 1;
  });
}
