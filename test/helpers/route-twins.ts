// Two network namespaces built identically — interfaces eth0..eth3 (each a veth whose peer p0..p3 stays in the same
// namespace), the same MAC addresses (so even the IPv6 link-local addresses agree), the same addresses — one running
// keepalived 2.2.7 and one keepalived-ts with the same configuration. What each leaves in the kernel (routes of every
// table, rules, addresses) is read with `ip -j` and normalised, so the two can be compared as JSON.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NsProcess, spawnDaemonInNs } from './netns';

let counter = 0;

/** Interface addresses of every twin: the samples' gateways (10.168.x.254) are on these subnets. */
export const TWIN_ADDRESSES: ReadonlyArray<readonly [string, string]> = [
  ['eth0', '10.168.200.1/24'], ['eth1', '10.168.100.1/24'], ['eth2', '10.168.0.2/24'], ['eth3', '10.168.201.1/24'],
  ['eth0', 'fd00:1::1/64'], ['eth1', 'fd00:2::1/64'],
];

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((res, rej) => execFile(cmd, args, { encoding: 'utf8' }, (e, out, err) => (e ? rej(new Error(`${cmd} ${args.join(' ')}: ${err || e.message}`)) : res(out))));
}

export function ipIn(ns: string, args: string[]): Promise<string> {
  return run('ip', ['-n', ns, ...args]);
}

async function buildNs(ns: string): Promise<void> {
  await run('ip', ['netns', 'add', ns]);
  await ipIn(ns, ['link', 'set', 'lo', 'up']);
  for (let i = 0; i < 4; i++) {
    await ipIn(ns, ['link', 'add', `eth${i}`, 'address', `02:00:00:00:0${i}:01`, 'type', 'veth', 'peer', 'name', `p${i}`, 'address', `02:00:00:00:0${i}:02`]);
    await ipIn(ns, ['link', 'set', `p${i}`, 'up']);
    await ipIn(ns, ['link', 'set', `eth${i}`, 'up']);
  }
  for (const [dev, cidr] of TWIN_ADDRESSES) {
    await ipIn(ns, ['addr', 'add', cidr, 'dev', dev, ...(cidr.includes(':') ? ['nodad'] : [])]);
  }
  // The kernel adds each interface's link-local address after DAD: wait for all eight, so "before" is settled.
  const settled = await pollUntil(async () => {
    const out = await ipIn(ns, ['-6', 'addr', 'show', 'scope', 'link']);
    return (out.match(/inet6 fe80:/g) ?? []).length === 8 && !/tentative/.test(out);
  }, 20000);
  if (!settled) throw new Error(`${ns}: link-local addresses did not settle`);
}

type Json = Record<string, unknown>;

function sortedJson(list: Json[]): string[] {
  return list.map((x) => JSON.stringify(x)).sort();
}

/** Routes, rules and addresses as comparable text (volatile fields dropped). */
export async function kernelState(ns: string): Promise<Record<string, string[]>> {
  const j = async (args: string[]): Promise<Json[]> => JSON.parse((await ipIn(ns, ['-j', ...args])) || '[]') as Json[];
  const routes = (list: Json[]): string[] => sortedJson(list.map((r) => {
    const { expires: _e, ...rest } = r;
    return rest;
  }));
  const addrs = (await j(['addr'])).map((l) => {
    const { ifindex: _i, link_index: _l, ...rest } = l;
    const info = (rest.addr_info as Json[] | undefined ?? []).map((a) => {
      const { valid_life_time: _v, preferred_life_time: p, ...keep } = a;
      return p === 0 ? { ...keep, preferred_life_time: 0 } : keep;
    });
    return { ...rest, addr_info: sortedJson(info) };
  });
  return {
    'ip -j route show table all': routes(await j(['route', 'show', 'table', 'all'])),
    'ip -j -6 route show table all': routes(await j(['-6', 'route', 'show', 'table', 'all'])),
    'ip -j rule': sortedJson(await j(['rule'])),
    'ip -j -6 rule': sortedJson(await j(['-6', 'rule'])),
    'ip -j addr': sortedJson(addrs),
  };
}

/** Lines one state has and the other has not, per command (empty when equal). */
export function stateDiff(a: Record<string, string[]>, b: Record<string, string[]>): string[] {
  const out: string[] = [];
  for (const k of Object.keys(a)) {
    const inB = new Set(b[k]);
    const inA = new Set(a[k]);
    for (const x of a[k]) if (!inB.has(x)) out.push(`${k}: keepalived only: ${x}`);
    for (const x of b[k]) if (!inA.has(x)) out.push(`${k}: keepalived-ts only: ${x}`);
  }
  return out;
}

export interface Twin {
  readonly ns: string;
  readonly kind: 'keepalived' | 'keepalived-ts';
  proc: NsProcess | undefined;
  /** stderr of the current run, timestamps stripped. */
  log(): string[];
}

export class Twins {
  readonly dir = mkdtempSync(join(tmpdir(), 'kts-route-twins-'));
  readonly theirs: Twin;
  readonly ours: Twin;
  private readonly logs = new Map<Twin, string>();

  private constructor(readonly base: string) {
    const twin = (suffix: string, kind: Twin['kind']): Twin => {
      const t: Twin = { ns: `${base}-${suffix}`, kind, proc: undefined, log: () => (this.logs.get(t) ?? '').split('\n').map((l) => l.replace(/^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}: /, '')) };
      return t;
    };
    this.theirs = twin('k', 'keepalived');
    this.ours = twin('t', 'keepalived-ts');
  }

  /** Names follow the lab's pattern (kts<pid>x<n>-…) so a dead run's namespaces are swept by the next createLab(). */
  static async create(): Promise<Twins> {
    const t = new Twins(`kts${process.pid}x${900 + counter++}`);
    try {
      await Promise.all([buildNs(t.theirs.ns), buildNs(t.ours.ns)]);
    } catch (e) {
      await t.cleanup();
      throw e;
    }
    return t;
  }

  get both(): readonly Twin[] {
    return [this.theirs, this.ours];
  }

  /** Starts both daemons with the same configuration text (and the same extra options, e.g. -V). */
  start(confText: string, extraArgs: readonly string[] = []): void {
    const conf = join(this.dir, 'keepalived.conf');
    writeFileSync(conf, confText);
    for (const t of this.both) {
      const pid = (w: string): string => join(this.dir, `${t.kind}.${w}.pid`);
      const args = ['-n', '-l', '-D', ...extraArgs, '-f', conf, '-p', pid('parent'), '-r', pid('vrrp'), '-c', pid('checkers')];
      t.proc = spawnDaemonInNs(t.ns, t.kind, args);
      this.logs.set(t, '');
      t.proc.child.stderr?.on('data', (d: Buffer) => this.logs.set(t, (this.logs.get(t) ?? '') + d.toString()));
    }
  }

  /** Resolves once both logged `pattern` (rejects after timeoutMs). */
  async waitBoth(pattern: RegExp, timeoutMs = 30000): Promise<void> {
    await Promise.all(this.both.map((t) => t.proc?.waitFor(pattern, timeoutMs)));
  }

  /** SIGTERM to both; resolves once both exited. */
  async stop(): Promise<void> {
    await Promise.all(this.both.map(async (t) => {
      const p = t.proc;
      t.proc = undefined;
      if (p) await p.stop('SIGTERM', 10000);
    }));
  }

  async cleanup(): Promise<void> {
    await this.stop();
    for (const t of this.both) await run('ip', ['netns', 'del', t.ns]).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls an async condition every 200 ms until it holds or the deadline passes; returns whether it held. */
export async function pollUntil(cond: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() > end) return false;
    await sleep(200);
  }
}

/** Polls until both namespaces hold the same routes, rules and addresses; returns the remaining difference. */
export async function convergedDiff(t: Twins, timeoutMs = 15000): Promise<string[]> {
  let diff: string[] = [];
  await pollUntil(async () => {
    diff = stateDiff(await kernelState(t.theirs.ns), await kernelState(t.ours.ns));
    return diff.length === 0;
  }, timeoutMs);
  return diff;
}
