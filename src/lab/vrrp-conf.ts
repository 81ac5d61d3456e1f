// keepalived.conf for one node of a lab segment, from a small spec. The same file is given to keepalived and to
// keepalived-ts, so it only uses keywords both take.

export type AuthKind = 'none' | 'PASS' | 'AH';

/** What every node of the segment shares. */
export interface VrrpInstanceSpec {
  /** Instance name (default VI_1). */
  name?: string;
  version: 2 | 3;
  family: 4 | 6;
  /** Unicast to the other nodes (unicast_src_ip + unicast_peer) instead of multicast. */
  unicast?: boolean;
  auth?: AuthKind;
  /** Default 'labpass1'. */
  authPass?: string;
  /** advert_int in seconds (v2: whole seconds; v3: down to 0.01). */
  advertInt: number;
  /** Default 51. */
  vrid?: number;
  /** VIPs with their prefix length, e.g. '10.77.0.100/24'. */
  vips: string[];
}

/** What differs per node. */
export interface VrrpNodeSpec {
  priority: number;
  /** Default BACKUP. */
  state?: 'MASTER' | 'BACKUP';
  nopreempt?: boolean;
}

export interface NodeConfInput {
  instance: VrrpInstanceSpec;
  node: VrrpNodeSpec;
  routerId: string;
  ifname: string;
  /** This node's address on the segment (no prefix), used as unicast_src_ip. */
  address: string;
  /** The other nodes' addresses, the unicast peers. */
  peers: string[];
  /** An executable that appends its arguments as one line to a file; wired to every notify hook when given. */
  notifyScript?: string;
}

export const instanceName = (spec: VrrpInstanceSpec): string => spec.name ?? 'VI_1';

export function nodeConf(c: NodeConfInput): string {
  const { instance: i, node: n } = c;
  const body: string[] = [
    `state ${n.state ?? 'BACKUP'}`,
    `interface ${c.ifname}`,
    `virtual_router_id ${i.vrid ?? 51}`,
    `priority ${n.priority}`,
    `advert_int ${i.advertInt}`,
  ];
  if (i.version === 3) body.push('version 3');
  if (n.nopreempt) body.push('nopreempt');
  if (i.unicast) body.push(`unicast_src_ip ${c.address}`, 'unicast_peer {', ...c.peers.map((p) => `  ${p}`), '}');
  if (i.auth && i.auth !== 'none') {
    body.push('authentication {', `  auth_type ${i.auth}`, `  auth_pass ${i.authPass ?? 'labpass1'}`, '}');
  }
  body.push('virtual_ipaddress {', ...i.vips.map((v) => `  ${v}`), '}');
  if (c.notifyScript) {
    const s = c.notifyScript;
    body.push(`notify_master "${s} master"`, `notify_backup "${s} backup"`, `notify_fault "${s} fault"`,
      `notify_stop "${s} stop"`, `notify "${s} notify"`);
  }
  return [
    'global_defs {',
    `  router_id ${c.routerId}`,
    '}',
    `vrrp_instance ${instanceName(i)} {`,
    ...body.map((l) => `  ${l}`),
    '}',
    '',
  ].join('\n');
}

/** A notify script that appends "<epoch ms> <args…>" to log. */
export function notifyScriptText(log: string): string {
  return `#!/bin/sh\necho "$(date +%s%3N) $*" >> '${log}'\n`;
}
