// A throw-away L2 segment of network namespaces for the lab: a hub namespace with a bridge and one veth-attached
// namespace per router, addresses only in the 10.0.0.0/8 test range. Everything is removed by destroy().
import { execFileSync } from 'node:child_process';

export interface LabNode {
  ns: string;
  ifname: string;
  address: string;
  prefix: number;
}

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export class Topology {
  readonly hub: string;
  readonly nodes: LabNode[] = [];

  constructor(readonly tag: string) {
    this.hub = `${tag}-hub`;
  }

  create(addresses: readonly string[], prefix = 24): LabNode[] {
    // A node's name is r1, r2, … in creation order.
    ip('netns', 'add', this.hub);
    ip('-n', this.hub, 'link', 'add', 'br0', 'type', 'bridge');
    ip('-n', this.hub, 'link', 'set', 'br0', 'up');
    addresses.forEach((address, i) => {
      const node: LabNode = { ns: `${this.tag}-r${i + 1}`, ifname: 'eth0', address, prefix };
      ip('netns', 'add', node.ns);
      this.nodes.push(node);
      ip('-n', this.hub, 'link', 'add', `p${i + 1}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', node.ns);
      ip('-n', this.hub, 'link', 'set', `p${i + 1}`, 'master', 'br0', 'up');
      ip('-n', node.ns, 'link', 'set', 'lo', 'up');
      ip('-n', node.ns, 'addr', 'add', `${address}/${prefix}`, 'dev', 'eth0');
      ip('-n', node.ns, 'link', 'set', 'eth0', 'up');
    });
    return this.nodes;
  }

  /** True when address is configured on the node's interface. */
  hasAddress(node: LabNode, address: string): boolean {
    return ip('-n', node.ns, '-4', '-o', 'addr', 'show', 'dev', node.ifname).includes(` ${address}/`);
  }

  /** The MAC of the node's interface. */
  mac(node: LabNode): string {
    return (JSON.parse(ip('-n', node.ns, '-j', 'link', 'show', 'dev', node.ifname)) as { address: string }[])[0].address;
  }

  /** The MAC the node's neighbour table holds for address, if any. */
  neighbourMac(node: LabNode, address: string): string | undefined {
    const rows = JSON.parse(ip('-n', node.ns, '-j', 'neigh', 'show', 'to', address, 'dev', node.ifname)) as { lladdr?: string }[];
    return rows[0]?.lladdr;
  }

  /** One ping from node to address inside the lab (fills the node's neighbour table); true when answered. */
  ping(node: LabNode, address: string): boolean {
    try {
      execFileSync('ip', ['netns', 'exec', node.ns, 'ping', '-c', '1', '-W', '1', address], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }

  addAddress(node: LabNode, address: string, prefix: number): void {
    ip('-n', node.ns, 'addr', 'add', `${address}/${prefix}`, 'dev', node.ifname);
  }

  delAddress(node: LabNode, address: string, prefix: number): void {
    ip('-n', node.ns, 'addr', 'del', `${address}/${prefix}`, 'dev', node.ifname);
  }

  destroy(): void {
    for (const ns of [...this.nodes.map((n) => n.ns), this.hub]) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // already gone
      }
    }
    this.nodes.length = 0;
  }
}
