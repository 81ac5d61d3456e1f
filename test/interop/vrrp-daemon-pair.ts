// A keepalived 2.2.7 node and a keepalived-ts node on one bridge (namespaces from createLab), both started with
// keepalived's own command line (-n -l -D -f CONF -p -r -c) and their own pid files in a temp dir. keepalived-ts
// runs as installed, bin/keepalived-ts.js on the compiled build (`npm run build:ts` first), or from the TypeScript
// sources with KTS_FROM_SOURCE=1 (slow to start: every process transpiles). Each node can be stopped with SIGTERM, or crashed: SIGSTOP the parent (so it
// cannot respawn), SIGKILL the VRRP child, SIGKILL the parent — for both implementations alike.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLab, Lab, LabNode, NsProcess, spawnInNs } from '../helpers/netns';
import { childEnv } from '../../src/lab/child-env';

export const VIP = '10.64.0.100';
const REPO = resolve(__dirname, '..', '..');

export type Kind = 'keepalived' | 'keepalived-ts';

export function conf(priority: number, notifyScript: string, excluded: readonly string[] = []): string {
  return `global_defs {
  router_id node_${priority}
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 64
  priority ${priority}
  advert_int 1
  authentication {
    auth_type PASS
    auth_pass interop1
  }
  virtual_ipaddress {
    ${VIP}/24
  }
  virtual_ipaddress_excluded {
${excluded.map((v) => `    ${v}\n`).join('')}  }
  notify "${notifyScript} extra"
}
`;
}

export class PairNode {
  proc: NsProcess | undefined;
  private logText = '';
  private readonly confFile: string;
  private runs = 0;

  constructor(readonly pair: Pair, readonly node: LabNode, readonly kind: Kind, readonly name: string) {
    this.confFile = join(pair.dir, `${name}.conf`);
  }

  /** Writes the config and starts the daemon; resolves once it logged its first state. */
  async start(priority: number): Promise<void> {
    writeFileSync(this.confFile, conf(priority, this.pair.notifyScript));
    const n = this.runs++;
    const pidArgs = ['-p', this.pidFile('parent'), '-r', this.pidFile('vrrp'), '-c', join(this.pair.dir, `${this.name}.checkers.pid`)];
    const args = ['-n', '-l', '-D', '-f', this.confFile, ...pidArgs];
    if (this.kind === 'keepalived') {
      this.proc = spawnInNs(this.node.ns, 'keepalived', args);
    } else if (!process.env.KTS_FROM_SOURCE) {
      this.proc = spawnInNs(this.node.ns, process.execPath, [join(REPO, 'bin', 'keepalived-ts.js'), ...args], { env: childEnv() });
    } else {
      const register = require.resolve('@isaacs/ts-node-temp-fork-for-pr-2009/register');
      this.proc = spawnInNs(this.node.ns, 'env', ['-u', 'NODE_OPTIONS', process.execPath, '-r', register,
        join(REPO, 'src', 'cli', 'keepalived-main.ts'), ...args], { cwd: REPO, env: childEnv({ TS_NODE_TRANSPILE_ONLY: '1' }) });
    }
    const proc = this.proc;
    const mark = `#run${n}`;
    this.logText += `\n${mark}\n`;
    proc.child.stderr?.on('data', (d: Buffer) => {
      this.logText += d.toString();
    });
    await proc.waitFor(/\(VI_1\) Entering (BACKUP|FAULT) STATE/, 30000);
  }

  /** Rewrites the configuration (eVIPs are not in adverts, so the peer sees no change) and sends SIGHUP. */
  reload(priority: number, excluded: readonly string[]): void {
    writeFileSync(this.confFile, conf(priority, this.pair.notifyScript, excluded));
    if (this.proc) process.kill(this.proc.pid, 'SIGHUP');
  }

  pidFile(which: 'parent' | 'vrrp'): string {
    return join(this.pair.dir, `${this.name}.${which}.pid`);
  }

  /** Log lines of the current run. */
  log(): string[] {
    const at = this.logText.lastIndexOf('\n#run');
    return this.logText.slice(at).split('\n').map((l) => l.replace(/^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}: /, ''));
  }

  state(): string | undefined {
    const lines = this.log().filter((l) => /^\(VI_1\) Entering \w+ STATE/.test(l));
    return /Entering (\w+) STATE/.exec(lines.at(-1) ?? '')?.[1];
  }

  holdsVip(vip = VIP): boolean {
    return this.pair.lab.hasAddress(this.node, vip);
  }

  /** SIGTERM to the parent; resolves with its exit code. */
  async terminate(): Promise<number | null> {
    const p = this.proc;
    this.proc = undefined;
    return p ? p.stop('SIGTERM', 8000) : null;
  }

  /** A crash of the whole daemon: nothing is released, nothing more is sent. */
  async crash(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (!p) return;
    const child = Number.parseInt(readFileSync(this.pidFile('vrrp'), 'utf8'), 10);
    process.kill(p.pid, 'SIGSTOP');
    try {
      process.kill(child, 'SIGKILL');
    } catch {
      // already gone
    }
    process.kill(p.pid, 'SIGKILL');
    await p.exited;
  }
}

export class Pair {
  readonly lab: Lab;
  readonly dir = mkdtempSync(join(tmpdir(), 'kts-vrrp-pair-'));
  readonly notifyScript: string;
  readonly theirs: PairNode;
  readonly ours: PairNode;

  constructor() {
    this.notifyScript = join(this.dir, 'notify.sh');
    // Each node's namespace writes to its own file: the script names it after the router_id-free argument list.
    writeFileSync(this.notifyScript, '#!/bin/sh\necho "$@" >> "$0.$(ip -o -4 addr show dev eth0 | awk \'{print $4}\' | head -n1 | cut -d/ -f1)"\n');
    chmodSync(this.notifyScript, 0o755);
    this.lab = createLab([{ addrs: ['10.64.0.1/24'] }, { addrs: ['10.64.0.2/24'] }]);
    this.theirs = new PairNode(this, this.lab.nodes[0], 'keepalived', 'theirs');
    this.ours = new PairNode(this, this.lab.nodes[1], 'keepalived-ts', 'ours');
  }

  /** The notify lines of a node (the script appends to notify.sh.<node address>). */
  notifications(node: PairNode): string[] {
    try {
      const addr = node.node.addrs[0].split('/')[0];
      return readFileSync(`${this.notifyScript}.${addr}`, 'utf8').trim().split('\n').filter(Boolean);
    } catch {
      return [];
    }
  }

  async cleanup(): Promise<void> {
    await Promise.all([this.ours.terminate(), this.theirs.terminate()]);
    this.lab.cleanup();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls cond every 10 ms; resolves with the milliseconds it took, or -1 on timeout. */
export async function waitMs(cond: () => boolean, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (cond()) return Date.now() - start;
    await sleep(10);
  }
  return cond() ? Date.now() - start : -1;
}
