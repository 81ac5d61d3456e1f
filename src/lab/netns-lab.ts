// Throw-away L2 segments of network namespaces (run as root), for the lab and the interop tests.
//
// createLab() makes N "node" namespaces, each with an interface `eth0` joined by a veth to a bridge
// `br0` in a "hub" namespace, and gives them the requested addresses (IPv6 ones without duplicate address
// detection). Names carry the creating process's pid and a counter (kts<pid>x<n>-hub, kts<pid>x<n>-1, ...),
// so parallel runs never collide, and a stale lab of a dead process is swept on the next createLab().
// lab.cleanup() deletes everything and is idempotent (and also runs at process exit).
//
// createLabAsync() builds the same lab with asynchronous `ip` calls, and lab.dispose() removes it that way: a
// process that runs many labs at once must not block its event loop for the seconds that building them takes.
//
// The Lab also answers per-node questions (hasAddress, neighbourMac, ping) and adds or removes addresses.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

export interface LabNodeSpec {
  /** Addresses in CIDR form, e.g. '10.61.0.1/24', 'fd00:61::1/64' (IPv6 ones are added nodad). */
  addrs?: string[];
}

export interface LabNode {
  ns: string;
  ifname: string;
  /** The addresses given at creation, CIDR form. */
  addrs: string[];
  /** eth0's MAC address, 'aa:bb:cc:dd:ee:ff'. */
  mac: string;
  /** eth0's index inside its namespace. */
  ifindex: number;
  /** eth0's fe80:: address. */
  linkLocal: string;
}

export interface Lab {
  hub: string;
  nodes: LabNode[];
  /** Runs a command inside a namespace, returns stdout; throws with stderr on failure. */
  exec(ns: string, cmd: string, args: string[]): string;
  /** True when address (no prefix) is configured on the node's interface. */
  hasAddress(node: LabNode, address: string): boolean;
  /** The MAC the node's neighbour table holds for address, if any. */
  neighbourMac(node: LabNode, address: string): string | undefined;
  /** One ping from node to address (fills the node's neighbour table); true when answered within 1 s. */
  ping(node: LabNode, address: string): boolean;
  /** Adds an address in CIDR form to the node's interface (IPv6 ones nodad). */
  addAddress(node: LabNode, cidr: string): void;
  /** Removes an address in CIDR form from the node's interface. */
  delAddress(node: LabNode, cidr: string): void;
  /** Deletes every namespace of the lab (idempotent). */
  cleanup(): void;
  /** cleanup() with asynchronous `ip` calls (idempotent, and a no-op after cleanup()). */
  dispose(): Promise<void>;
}

const PREFIX = 'kts';
const STALE_NAME = /^kts(\d+)x\d+-/;
let counter = 0;

/** One step of building a lab: a command to run (its stdout comes back), or a pause. */
type Step = { cmd: string; args: string[] } | { sleepMs: number };
type Build<T> = Generator<Step, T, string>;

function failure(cmd: string, args: string[], e: unknown): Error {
  const err = e as Error & { stderr?: string | Buffer };
  return new Error(`${cmd} ${args.join(' ')} failed: ${String(err.stderr ?? '').trim() || err.message}`);
}

function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw failure(cmd, args, e);
  }
}

function runAsync(cmd: string, args: string[]): Promise<string> {
  return new Promise((res, rej) => execFile(cmd, args, { encoding: 'utf8' }, (e, stdout) => (e ? rej(failure(cmd, args, e)) : res(stdout))));
}

function ip(args: string[]): string {
  return run('ip', args);
}

function nsExec(ns: string, cmd: string, args: string[]): string {
  return run('ip', ['netns', 'exec', ns, cmd, ...args]);
}

/** Drives a build synchronously. */
function buildSync<T>(b: Build<T>): T {
  for (let r = b.next(''); ; ) {
    if (r.done) return r.value;
    const s = r.value;
    if ('sleepMs' in s) {
      execFileSync('sleep', [String(s.sleepMs / 1000)]);
      r = b.next('');
    } else {
      let out: string;
      try {
        out = run(s.cmd, s.args);
      } catch (e) {
        r = b.throw(e);
        continue;
      }
      r = b.next(out);
    }
  }
}

/** Drives a build with asynchronous commands. */
async function buildAsync<T>(b: Build<T>): Promise<T> {
  for (let r = b.next(''); ; ) {
    if (r.done) return r.value;
    const s = r.value;
    if ('sleepMs' in s) {
      await new Promise((res) => setTimeout(res, s.sleepMs));
      r = b.next('');
    } else {
      let out: string;
      try {
        out = await runAsync(s.cmd, s.args);
      } catch (e) {
        r = b.throw(e);
        continue;
      }
      r = b.next(out);
    }
  }
}

const ipStep = (args: string[]): Step => ({ cmd: 'ip', args });
const nsStep = (ns: string, cmd: string, args: string[]): Step => ({ cmd: 'ip', args: ['netns', 'exec', ns, cmd, ...args] });

/** `nodad` for an IPv6 address, nothing for IPv4. */
const nodad = (cidr: string): string[] => (cidr.includes(':') ? ['nodad'] : []);

/** Deletes namespaces of this naming whose creating process is gone. */
function sweepStale(): void {
  if (!existsSync('/run/netns')) return;
  for (const name of readdirSync('/run/netns')) {
    const m = STALE_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && !existsSync(`/proc/${pid}`)) {
      try {
        ip(['netns', 'del', name]);
      } catch {
        // already gone
      }
    }
  }
}

function* waitLinkLocal(ns: string, ifname: string): Build<string> {
  for (let i = 0; i < 100; i++) {
    const out = JSON.parse(yield ipStep(['-n', ns, '-j', '-6', 'addr', 'show', 'dev', ifname, 'scope', 'link'])) as Array<{
      addr_info: Array<{ local?: string; tentative?: boolean }>;
    }>;
    const a = out[0]?.addr_info.find((x) => x.local?.startsWith('fe80:') && !x.tentative);
    if (a?.local) return a.local;
    yield { sleepMs: 50 };
  }
  throw new Error(`no link-local address on ${ifname} in ${ns}`);
}

/** The namespaces and links of a lab; `created` collects the namespaces as they appear, for the cleanup. */
function* buildLab(base: string, specs: LabNodeSpec[], created: string[]): Build<LabNode[]> {
  const hub = `${base}-hub`;
  yield ipStep(['netns', 'add', hub]);
  created.push(hub);
  yield nsStep(hub, 'sysctl', ['-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
  yield ipStep(['-n', hub, 'link', 'add', 'br0', 'type', 'bridge', 'mcast_snooping', '0']);
  yield ipStep(['-n', hub, 'link', 'set', 'br0', 'up']);

  const nodes: LabNode[] = [];
  for (const [i, spec] of specs.entries()) {
    const ns = `${base}-${i + 1}`;
    const ifname = 'eth0';
    yield ipStep(['netns', 'add', ns]);
    created.push(ns);
    yield nsStep(ns, 'sysctl', ['-qw', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0']);
    yield ipStep(['-n', ns, 'link', 'set', 'lo', 'up']);
    const port = `p${i + 1}`;
    yield ipStep(['-n', hub, 'link', 'add', port, 'type', 'veth', 'peer', 'name', ifname, 'netns', ns]);
    yield ipStep(['-n', hub, 'link', 'set', port, 'master', 'br0']);
    yield ipStep(['-n', hub, 'link', 'set', port, 'up']);
    yield nsStep(ns, 'sysctl', ['-qw', `net.ipv6.conf.${ifname}.accept_dad=0`]);
    const addrs = spec.addrs ?? [];
    for (const a of addrs) yield ipStep(['-n', ns, 'addr', 'add', a, 'dev', ifname, ...nodad(a)]);
    yield ipStep(['-n', ns, 'link', 'set', ifname, 'up']);
    const link = JSON.parse(yield ipStep(['-n', ns, '-j', 'link', 'show', ifname]))[0] as { ifindex: number; address: string };
    nodes.push({ ns, ifname, addrs, mac: link.address, ifindex: link.ifindex, linkLocal: '' });
  }
  for (const n of nodes) n.linkLocal = yield* waitLinkLocal(n.ns, n.ifname);
  return nodes;
}

function* removeLab(created: string[]): Build<void> {
  for (const ns of [...created].reverse()) {
    try {
      yield ipStep(['netns', 'del', ns]);
    } catch {
      // already gone
    }
  }
}

interface Prepared {
  base: string;
  created: string[];
  cleanup(): void;
  dispose(): Promise<void>;
}

function prepare(): Prepared {
  sweepStale();
  const base = `${PREFIX}${process.pid}x${counter++}`;
  const created: string[] = [];
  let cleaned = false;
  const claim = (): boolean => {
    if (cleaned) return false;
    cleaned = true;
    process.removeListener('exit', cleanup);
    return true;
  };
  const cleanup = (): void => {
    if (claim()) buildSync(removeLab(created));
  };
  process.on('exit', cleanup);
  return { base, created, cleanup, dispose: async () => (claim() ? buildAsync(removeLab(created)) : undefined) };
}

function labOf(p: Prepared, nodes: LabNode[]): Lab {
  return {
    hub: `${p.base}-hub`,
    nodes,
    exec: nsExec,
    hasAddress: (node, address) => ip(['-n', node.ns, '-o', 'addr', 'show', 'dev', node.ifname]).includes(` ${address}/`),
    neighbourMac(node, address) {
      const rows = JSON.parse(ip(['-n', node.ns, '-j', 'neigh', 'show', 'to', address, 'dev', node.ifname])) as Array<{
        lladdr?: string;
      }>;
      return rows[0]?.lladdr;
    },
    ping(node, address) {
      try {
        nsExec(node.ns, 'ping', ['-c', '1', '-W', '1', address]);
        return true;
      } catch {
        return false;
      }
    },
    addAddress: (node, cidr) => void ip(['-n', node.ns, 'addr', 'add', cidr, 'dev', node.ifname, ...nodad(cidr)]),
    delAddress: (node, cidr) => void ip(['-n', node.ns, 'addr', 'del', cidr, 'dev', node.ifname]),
    cleanup: p.cleanup,
    dispose: p.dispose,
  };
}

/** Creates a hub namespace with a bridge and one namespace per node spec (nodes 1..N in spec order). */
export function createLab(specs: LabNodeSpec[]): Lab {
  const p = prepare();
  try {
    return labOf(p, buildSync(buildLab(p.base, specs, p.created)));
  } catch (e) {
    p.cleanup();
    throw e;
  }
}

/** createLab() without blocking the event loop. */
export async function createLabAsync(specs: LabNodeSpec[]): Promise<Lab> {
  const p = prepare();
  try {
    return labOf(p, await buildAsync(buildLab(p.base, specs, p.created)));
  } catch (e) {
    await p.dispose();
    throw e;
  }
}
