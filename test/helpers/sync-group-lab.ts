// Namespaces with two L2 segments for sync-group tests: createLab() gives every node eth0 on br0 (10.81.0.N/24);
// this adds a second bridge br1 in the hub and an eth1 on it for every node (10.82.0.N/24). Plus the pieces the
// sync-group tests share: a keepalived.conf with a two-member vrrp_sync_group (VI_1 on eth0, VI_2 on eth1), a
// notify script that records its name and argv, a FIFO reader, the daemon's log messages without the time, and a
// one-node run with a notify_fifo whose log and FIFO lines the tests compare between the implementations.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDaemon, type Implementation, type VrrpDaemon } from '../../src/lab/vrrp-daemon';
import { createLab, Lab, LabNode, NsProcess, spawnInNs } from './netns';

export const VIP1 = '10.81.0.100';
export const VIP2 = '10.82.0.100';

export interface SyncLab {
  lab: Lab;
  nodes: LabNode[];
  /** Sets a node's interface up or down. */
  link(node: LabNode, ifname: 'eth0' | 'eth1', up: boolean): void;
  /** True when the address is on the node's interface. */
  has(node: LabNode, ifname: 'eth0' | 'eth1', address: string): boolean;
}

export function createSyncLab(count: number): SyncLab {
  const lab = createLab(Array.from({ length: count }, (_, i) => ({ addrs: [`10.81.0.${i + 1}/24`] })));
  const ip = (args: string[]): string => lab.exec(lab.hub, 'ip', args);
  try {
    ip(['link', 'add', 'br1', 'type', 'bridge', 'mcast_snooping', '0']);
    ip(['link', 'set', 'br1', 'up']);
    lab.nodes.forEach((n, i) => {
      const port = `q${i + 1}`;
      ip(['link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth1', 'netns', n.ns]);
      ip(['link', 'set', port, 'master', 'br1']);
      ip(['link', 'set', port, 'up']);
      lab.exec(n.ns, 'ip', ['addr', 'add', `10.82.0.${i + 1}/24`, 'dev', 'eth1']);
      lab.exec(n.ns, 'ip', ['link', 'set', 'eth1', 'up']);
    });
  } catch (e) {
    lab.cleanup();
    throw e;
  }
  return {
    lab,
    nodes: lab.nodes,
    link: (node, ifname, up) => void lab.exec(node.ns, 'ip', ['link', 'set', ifname, up ? 'up' : 'down']),
    has: (node, ifname, address) => lab.exec(node.ns, 'ip', ['-o', 'addr', 'show', 'dev', ifname]).includes(` ${address}/`),
  };
}

/** A notify script (one file, several names through symlinks would need more files): records `NAME ARGS…`. */
export function writeNotifyScript(dir: string, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\necho "${name} $*" >> "${join(dir, 'notify.log')}"\n`);
  chmodSync(path, 0o755);
  return path;
}

export interface SyncConfOptions {
  dir: string;
  priority: number;
  routerId: string;
  /** notify_fifo path, if any. */
  fifo?: string;
  /** vrrp_notify_fifo path, if any (its vrrp_notify_fifo_script records its argv like the notify scripts). */
  vrrpFifo?: string;
  /** SMTP server address and port, if any. */
  smtp?: { host: string; port: number };
}

/** The sync group configuration the tests run on both implementations. */
export function syncConf(o: SyncConfOptions): string {
  const s = (name: string): string => writeNotifyScript(o.dir, name);
  const mail = o.smtp ? `  notification_email {
    alice@example.test
    bob@example.test
  }
  notification_email_from keepalived@${o.routerId}.test
  smtp_server ${o.smtp.host} ${o.smtp.port}
  smtp_helo_name helo.${o.routerId}.test
  smtp_connect_timeout 5
` : '';
  // script_user before the FIFOs: at a reload keepalived 2.2.7 resolves a FIFO's user when it reads the FIFO line,
  // and without a script user yet (and no keepalived_script user) it drops the FIFO.
  return `global_defs {
  router_id ${o.routerId}
  enable_script_security
  script_user root
${mail}${o.fifo ? `  notify_fifo ${o.fifo}\n` : ''}${o.vrrpFifo ? `  vrrp_notify_fifo ${o.vrrpFifo}\n  vrrp_notify_fifo_script "${s('fifo_script')} arg"\n` : ''}}
vrrp_sync_group G1 {
  group {
    VI_1
    VI_2
  }
  notify_master ${s('g_master')}
  notify_backup "${s('g_backup')} word"
  notify_fault ${s('g_fault')}
  notify_stop ${s('g_stop')}
  notify ${s('g_notify')}
${o.smtp ? '  smtp_alert\n' : ''}}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 81
  priority ${o.priority}
  advert_int 1
  virtual_ipaddress {
    ${VIP1}/24
  }
  notify_master ${s('i_master')}
  notify_backup ${s('i_backup')}
  notify_fault ${s('i_fault')}
  notify ${s('i_notify')}
${o.smtp ? '  smtp_alert\n' : ''}}
vrrp_instance VI_2 {
  state BACKUP
  interface eth1
  virtual_router_id 82
  priority ${o.priority}
  advert_int 1
  virtual_ipaddress {
    ${VIP2}/24
  }
  notify ${s('i_notify')}
}
`;
}

/** Reads a FIFO from inside the namespace once the daemon has created it, until the daemon closes it. */
export async function readFifo(ns: string, path: string, timeoutMs = 30000): Promise<NsProcess> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`no FIFO at ${path}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return spawnInNs(ns, 'cat', [path]);
}

const PREFIX = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}: /;

/** The daemon's log messages without the time prefix. */
export function messages(d: VrrpDaemon): string[] {
  return d.lines.map((l) => l.text.replace(PREFIX, ''));
}

/** Polls until cond() holds; throws with what() after timeoutMs. */
export async function until(cond: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface FifoRun {
  /** The log lines that matched, in order. */
  lines: string[];
  /** The notify_fifo lines, in order, without the STOP lines of the shutdown. */
  fifo: string[];
}

export interface FifoRunContext {
  impl: Implementation;
  /** The run's temporary directory (configuration, scripts, FIFO). */
  dir: string;
  sl: SyncLab;
  node: LabNode;
  d: VrrpDaemon;
  /** The implementation and its log so far, for a failure message. */
  show(what: string): string;
  /** How many log messages match. */
  count(re: RegExp): number;
}

/**
 * One node of a sync lab running `impl` with a notify_fifo: `config(dir, fifo)` gives the configuration text,
 * `before` runs before the daemon starts, `scenario` drives it once the FIFO is open. The daemon is then stopped,
 * the FIFO read to its end, and everything removed.
 */
export async function runFifoNode(impl: Implementation, what: string, line: RegExp, o: {
  config(dir: string, fifo: string): string;
  before?(sl: SyncLab, node: LabNode): void;
  scenario(c: FifoRunContext, reader: NsProcess): Promise<void>;
}): Promise<FifoRun> {
  const dir = mkdtempSync(join(tmpdir(), `kts-sync-${what}-${impl}-`));
  const sl = createSyncLab(1);
  const node = sl.nodes[0];
  o.before?.(sl, node);
  const fifo = join(dir, 'notify.fifo');
  const conf = join(dir, 'keepalived.conf');
  writeFileSync(conf, o.config(dir, fifo));
  const d = startDaemon({ impl, ns: node.ns, conf, dir });
  const c: FifoRunContext = {
    impl, dir, sl, node, d,
    show: (w) => `${impl}: ${w}\n${messages(d).join('\n')}`,
    count: (re) => messages(d).filter((l) => re.test(l)).length,
  };
  try {
    const reader = await readFifo(node.ns, fifo);
    await o.scenario(c, reader);
    await d.stop('SIGTERM');
    await reader.exited;
    return {
      lines: messages(d).filter((l) => line.test(l)),
      fifo: reader.stdout().toString().split('\n').filter((l) => l && !/ STOP /.test(l)),
    };
  } finally {
    await d.stop('SIGTERM');
    await sl.lab.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
