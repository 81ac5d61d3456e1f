// Throw-away L2 segments of network namespaces (run as root), for the lab and the interop tests.
//
// createLab() makes N "node" namespaces, each with an interface `eth0` joined by a veth to a bridge
// `br0` in a "hub" namespace, and gives them the requested addresses (IPv6 ones without duplicate address
// detection). Names carry the creating process's pid and a counter (kts<pid>x<n>-hub, kts<pid>x<n>-1, ...),
// so parallel runs never collide, and a stale lab of a dead process is swept on the next createLab().
// lab.cleanup() deletes everything and is idempotent (and also runs at process exit).
//
// The Lab also answers per-node questions (hasAddress, neighbourMac, ping) and adds or removes addresses.
import { execFileSync } from 'node:child_process';
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
}

const PREFIX = 'kts';
const STALE_NAME = /^kts(\d+)x\d+-/;
let counter = 0;

function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as Error & { stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${err.stderr?.trim() || err.message}`);
  }
}

function ip(args: string[]): string {
  return run('ip', args);
}

function nsExec(ns: string, cmd: string, args: string[]): string {
  return run('ip', ['netns', 'exec', ns, cmd, ...args]);
}

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

function waitLinkLocal(ns: string, ifname: string): string {
  for (let i = 0; i < 100; i++) {
    const out = JSON.parse(ip(['-n', ns, '-j', '-6', 'addr', 'show', 'dev', ifname, 'scope', 'link'])) as Array<{
      addr_info: Array<{ local?: string; tentative?: boolean }>;
    }>;
    const a = out[0]?.addr_info.find((x) => x.local?.startsWith('fe80:') && !x.tentative);
    if (a?.local) return a.local;
    execFileSync('sleep', ['0.05']);
  }
  throw new Error(`no link-local address on ${ifname} in ${ns}`);
}

/** Creates a hub namespace with a bridge and one namespace per node spec (nodes 1..N in spec order). */
export function createLab(specs: LabNodeSpec[]): Lab {
  sweepStale();
  const base = `${PREFIX}${process.pid}x${counter++}`;
  const hub = `${base}-hub`;
  const created: string[] = [];
  let cleaned = false;
  const cleanup = (): void => {
    if (cleaned) return;
    cleaned = true;
    process.removeListener('exit', cleanup);
    for (const ns of created.reverse()) {
      try {
        ip(['netns', 'del', ns]);
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', cleanup);

  const nodes: LabNode[] = [];
  try {
    ip(['netns', 'add', hub]);
    created.push(hub);
    nsExec(hub, 'sysctl', ['-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
    ip(['-n', hub, 'link', 'add', 'br0', 'type', 'bridge', 'mcast_snooping', '0']);
    ip(['-n', hub, 'link', 'set', 'br0', 'up']);

    specs.forEach((spec, i) => {
      const ns = `${base}-${i + 1}`;
      const ifname = 'eth0';
      ip(['netns', 'add', ns]);
      created.push(ns);
      nsExec(ns, 'sysctl', ['-qw', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0']);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
      const port = `p${i + 1}`;
      ip(['-n', hub, 'link', 'add', port, 'type', 'veth', 'peer', 'name', ifname, 'netns', ns]);
      ip(['-n', hub, 'link', 'set', port, 'master', 'br0']);
      ip(['-n', hub, 'link', 'set', port, 'up']);
      nsExec(ns, 'sysctl', ['-qw', `net.ipv6.conf.${ifname}.accept_dad=0`]);
      const addrs = spec.addrs ?? [];
      for (const a of addrs) ip(['-n', ns, 'addr', 'add', a, 'dev', ifname, ...nodad(a)]);
      ip(['-n', ns, 'link', 'set', ifname, 'up']);
      const link = JSON.parse(ip(['-n', ns, '-j', 'link', 'show', ifname]))[0] as { ifindex: number; address: string };
      nodes.push({ ns, ifname, addrs, mac: link.address, ifindex: link.ifindex, linkLocal: '' });
    });
    for (const n of nodes) n.linkLocal = waitLinkLocal(n.ns, n.ifname);
  } catch (e) {
    cleanup();
    throw e;
  }

  return {
    hub,
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
    cleanup,
  };
}
