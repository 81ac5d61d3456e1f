// A VRRP segment in network namespaces: the lab's hub bridge, N router nodes that each run keepalived or
// keepalived-ts on the same generated keepalived.conf, optional client namespaces, and the hub namespace as the
// observer, running tcpdump on the bridge (br0 in promiscuous mode gets a copy of every frame it forwards, unicast
// adverts included).
//
// Addresses: node k (1-based) is 10.<net>.0.k/24 and fd00:<net>::k/64, client k is 10.<net>.0.(50+k) and
// fd00:<net>::(50+k), the default VIP 10.<net>.0.100/24 or fd00:<net>::100/64.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startCapture, type Capture } from './capture';
import { createLabAsync, type Lab, type LabNode } from './netns-lab';
import { findTakeover, protocolBoundMs, type Takeover } from './takeover';
import { instanceName, nodeConf, notifyScriptText, type VrrpInstanceSpec, type VrrpNodeSpec } from './vrrp-conf';
import { startDaemon, type Implementation, type VrrpDaemon, type VrrpState } from './vrrp-daemon';
import type { WireEvent } from './wire-events';

export interface VrrpClusterSpec {
  /** The shared instance; vips default to the segment's .100 address of the family. */
  instance: Omit<VrrpInstanceSpec, 'vips'> & { vips?: string[] };
  nodes: VrrpNodeSpec[];
  /** Namespaces on the segment without VRRP (default 0). */
  clients?: number;
  /** Second octet of 10.x.0.0/24 and group of fd00:x::/64 (default 77). */
  net?: number;
  /** Run tcpdump on the bridge (default true). */
  capture?: boolean;
  /** Wire a notify script into every hook (default true). */
  notify?: boolean;
}

export interface ClusterNode {
  /** 0-based position in spec.nodes. */
  index: number;
  /** 'node1', 'node2', … */
  name: string;
  lab: LabNode;
  /** The node's address of the instance family (its unicast_src_ip). */
  address: string;
  spec: VrrpNodeSpec;
  dir: string;
  conf: string;
  notifyLog: string;
  /** The daemon started last (running or not). */
  daemon?: VrrpDaemon;
  /** Every daemon started on this node, oldest first. */
  runs: VrrpDaemon[];
}

/** A node's state from its log; 'down' when its daemon is not running. */
export type NodeState = VrrpState | 'down';

export interface VrrpCluster {
  lab: Lab;
  dir: string;
  nodes: ClusterNode[];
  clients: LabNode[];
  instance: VrrpInstanceSpec;
  /** The VIPs without prefix length. */
  vips: string[];
  capture?: Capture;
  /** Starts node i's daemon, with extra environment variables if given. */
  start(i: number, impl: Implementation, env?: Record<string, string>): VrrpDaemon;
  /** Stops node i's daemon; resolves with the time the signal was sent (µs, wall clock). */
  stop(i: number, signal: 'SIGTERM' | 'SIGKILL'): Promise<number>;
  state(i: number): NodeState;
  states(): NodeState[];
  /** Indices of the nodes that have any VIP on their interface (`ip -o addr show`, run asynchronously). */
  vipHolders(): Promise<number[]>;
  /** True when node i holds every VIP and no other node holds any. */
  soleHolder(i: number): Promise<boolean>;
  /**
   * Polls cond every 25 ms; resolves true as soon as it holds, false at the timeout (after a last look that lets
   * pending output be read first).
   */
  waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean>;
  /**
   * Waits until node i is MASTER, every other running node BACKUP, and node i the only running node with a VIP
   * (a crashed node keeps its VIPs: nothing removed them).
   */
  waitStable(i: number, timeoutMs: number): Promise<boolean>;
  events(): WireEvent[];
  /** Node `to` taking over from node `from` after sinceUs, from the capture (polls up to timeoutMs). */
  takeover(from: number, to: number, sinceUs: number, timeoutMs?: number): Promise<Takeover | undefined>;
  /** The protocol bound for node `to` taking over, ms. */
  boundMs(kind: 'crash' | 'stop', to: number): number;
  /** Lines the notify script wrote on node i ("<epoch ms> <args…>"). */
  notifications(i: number): string[];
  /** Node states, the VIP holders last seen, each daemon's last log lines and the adverts: for a failure message. */
  describe(lines?: number): string;
  /** Stops every daemon (SIGKILL to the group) and tcpdump, deletes the namespaces and the folder. Idempotent. */
  cleanup(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const execFileAsync = promisify(execFile);
const bare = (cidr: string): string => cidr.split('/')[0];

export async function createVrrpCluster(spec: VrrpClusterSpec): Promise<VrrpCluster> {
  const net = spec.net ?? 77;
  const v4 = (host: number): string => `10.${net}.0.${host}`;
  const v6 = (host: number): string => `fd00:${net}::${host}`;
  const family = spec.instance.family;
  const instance: VrrpInstanceSpec = {
    ...spec.instance,
    vips: spec.instance.vips ?? [family === 4 ? `${v4(100)}/24` : `${v6(100)}/64`],
  };
  const vips = instance.vips.map(bare);
  const name = instanceName(instance);
  const clientCount = spec.clients ?? 0;
  const lab = await createLabAsync([
    ...spec.nodes.map((_, i) => ({ addrs: [`${v4(i + 1)}/24`, `${v6(i + 1)}/64`] })),
    ...Array.from({ length: clientCount }, (_, k) => ({ addrs: [`${v4(51 + k)}/24`, `${v6(51 + k)}/64`] })),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'kts-cluster-'));
  let capture: Capture | undefined;
  try {
    if (spec.capture ?? true) capture = await startCapture(lab.hub, 'br0', join(dir, 'segment.pcap'));
  } catch (e) {
    await lab.dispose();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  const addressOf = (i: number): string => (family === 4 ? v4(i + 1) : v6(i + 1));
  const nodes: ClusterNode[] = spec.nodes.map((nodeSpec, i) => {
    const nodeDir = join(dir, `node${i + 1}`);
    mkdirSync(nodeDir);
    const notifyLog = join(nodeDir, 'notify.log');
    let notifyScript: string | undefined;
    if (spec.notify ?? true) {
      notifyScript = join(nodeDir, 'notify.sh');
      writeFileSync(notifyScript, notifyScriptText(notifyLog));
      chmodSync(notifyScript, 0o755);
    }
    const conf = join(nodeDir, 'keepalived.conf');
    writeFileSync(conf, nodeConf({
      instance, node: nodeSpec, routerId: `node${i + 1}`, ifname: lab.nodes[i].ifname, address: addressOf(i),
      peers: spec.nodes.map((_, j) => addressOf(j)).filter((_, j) => j !== i), notifyScript,
    }));
    return { index: i, name: `node${i + 1}`, lab: lab.nodes[i], address: addressOf(i), spec: nodeSpec, dir: nodeDir, conf, notifyLog, runs: [] };
  });

  // Addresses are read with asynchronous `ip` calls: a test process runs many segments at once, and synchronous
  // child processes in its polling loops would starve its event loop, leaving the daemons' output unread.
  let lastHolders: number[] = [];
  const addresses = async (n: LabNode): Promise<string[]> => {
    const { stdout } = await execFileAsync('ip', ['-n', n.ns, '-o', 'addr', 'show', 'dev', n.ifname]);
    return [...stdout.matchAll(/ inet6? ([^/ ]+)\//g)].map((m) => m[1]);
  };
  const holdings = async (): Promise<string[][]> => Promise.all(nodes.map((n) => addresses(n.lab)));
  // a running daemon that has not logged a state yet is still starting: INIT
  const state = (i: number): NodeState => {
    const d = nodes[i].daemon;
    return d?.running() ? (d.state(name) ?? 'INIT') : 'down';
  };
  const vipHolders = async (): Promise<number[]> => {
    const held = await holdings();
    lastHolders = nodes.filter((n) => vips.some((v) => held[n.index].includes(v))).map((n) => n.index);
    return lastHolders;
  };
  const soleHolder = async (i: number): Promise<boolean> => {
    const held = await holdings();
    return nodes.every((n) => (n.index === i ? vips.every((v) => held[i].includes(v)) : !vips.some((v) => held[n.index].includes(v))));
  };
  const waitUntil = async (cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> => {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (await cond()) return true;
      await sleep(25);
    }
    await new Promise((r) => setImmediate(r)); // output that arrived during the last sleep is read before timers
    return cond();
  };
  const events = (): WireEvent[] => capture?.events() ?? [];
  let cleaned = false;

  const cluster: VrrpCluster = {
    lab, dir, nodes, clients: lab.nodes.slice(spec.nodes.length), instance, vips, capture,
    start(i, impl, env) {
      const n = nodes[i];
      if (n.daemon?.running()) throw new Error(`${n.name} is already running ${n.daemon.impl}`);
      // Fresh pid files per run, as after a reboot: a crashed run's VRRP child may linger as a zombie until init
      // reaps it, and keepalived takes a pid file naming a zombie for a running daemon.
      const runDir = join(n.dir, `run${n.runs.length + 1}`);
      mkdirSync(runDir);
      const d = startDaemon({ impl, ns: n.lab.ns, conf: n.conf, dir: runDir, env });
      n.daemon = d;
      n.runs.push(d);
      return d;
    },
    async stop(i, signal) {
      const d = nodes[i].daemon;
      const at = Date.now() * 1000;
      if (d) await d.stop(signal);
      return at;
    },
    state,
    states: () => nodes.map((n) => state(n.index)),
    vipHolders,
    soleHolder,
    waitUntil,
    waitStable: (i, timeoutMs) => waitUntil(async () => {
      const others = nodes.filter((n) => n.index !== i);
      if (state(i) !== 'MASTER' || !others.every((n) => state(n.index) === 'BACKUP' || state(n.index) === 'down')) return false;
      const held = await holdings();
      return vips.every((v) => held[i].includes(v)) && others.every((n) => state(n.index) === 'down' || !vips.some((v) => held[n.index].includes(v)));
    }, timeoutMs),
    events,
    async takeover(from, to, sinceUs, timeoutMs = 3000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const t = findTakeover(events(), nodes[from].lab.mac, nodes[to].lab.mac, sinceUs, vips);
        if (t || Date.now() > end) return t;
        await sleep(50);
      }
    },
    boundMs: (kind, to) => protocolBoundMs(kind, instance.version, nodes[to].spec.priority, instance.advertInt),
    notifications(i) {
      const f = nodes[i].notifyLog;
      return existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean) : [];
    },
    describe(lines = 12) {
      const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 23);
      const out: string[] = [`states ${JSON.stringify(cluster.states())}, VIP holders last seen [${lastHolders.map((i) => nodes[i].name).join(', ')}]`];
      for (const n of nodes) {
        for (const [k, d] of n.runs.entries()) {
          out.push(`--- ${n.name} run ${k + 1} (${d.impl}, pid ${d.pid}${d.running() ? '' : ', exited'}; ${d.io()}), last lines but per-packet GARP/NA ones:`);
          const shown = d.lines.filter((l) => !/^(\S+ ){5}Sending (gratuitous ARP|unsolicited Neighbour Advert) on/.test(l.text));
          out.push(...shown.slice(-lines).map((l) => `  ${clock(l.atMs)} ${l.text}`));
        }
      }
      // the whole advert history, runs of the same sender and priority collapsed
      const macs = new Map(nodes.map((n) => [n.lab.mac, n.name]));
      const runs: Array<{ who: string; prio: number; first: number; last: number; count: number }> = [];
      for (const e of events()) {
        if (e.kind !== 'advert') continue;
        const who = macs.get(e.srcMac) ?? e.srcMac;
        const r = runs[runs.length - 1];
        if (r && r.who === who && r.prio === e.priority) {
          r.last = e.timeUs;
          r.count++;
        } else runs.push({ who, prio: e.priority, first: e.timeUs, last: e.timeUs, count: 1 });
      }
      out.push('--- adverts on the wire (runs of one sender and priority):');
      for (const r of runs.slice(-3 * lines)) {
        out.push(`  ${clock(r.first / 1000)} … ${clock(r.last / 1000)} ${r.who} priority ${r.prio} × ${r.count}`);
      }
      return out.join('\n');
    },
    async cleanup() {
      if (cleaned) return;
      cleaned = true;
      await Promise.all(nodes.map((n) => n.daemon?.stop('SIGKILL')));
      await capture?.stop();
      await lab.dispose();
      if (!process.env.KTS_LAB_KEEP) rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}
