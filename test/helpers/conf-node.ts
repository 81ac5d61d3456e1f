// Runs a keepalived.conf text on one lab node with keepalived or keepalived-ts (src/lab/vrrp-daemon.ts), and reads
// the node's kernel state asynchronously (a test's event loop must keep reading the daemons' output): addresses,
// routes, rules and the nftables ruleset.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LabNode } from '../../src/lab/netns-lab';
import { startDaemon, type Implementation, type VrrpDaemon } from '../../src/lab/vrrp-daemon';

const execFileAsync = promisify(execFile);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function inNs(ns: string, cmd: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('ip', ['netns', 'exec', ns, cmd, ...args], { maxBuffer: 16 << 20 });
  return stdout;
}

/** Writes conf into dir/<tag>/keepalived.conf and starts impl on the node with it. */
export function runConf(node: LabNode, impl: Implementation, dir: string, tag: string, conf: string, extraArgs?: string[]): VrrpDaemon {
  const d = join(dir, tag);
  mkdirSync(d, { recursive: true });
  const file = join(d, 'keepalived.conf');
  writeFileSync(file, conf);
  return startDaemon({ impl, ns: node.ns, conf: file, dir: d, extraArgs });
}

/** Polls cond every 50 ms until it holds (true) or timeoutMs passes (false). */
export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() > end) return false;
    await sleep(50);
  }
}

/** The nftables ruleset as sorted lines of JSON objects, without handles and with counters zeroed. */
export async function ruleset(ns: string): Promise<string[]> {
  const data = JSON.parse(await inNs(ns, 'nft', ['-j', 'list', 'ruleset'])) as { nftables: Array<Record<string, Record<string, unknown>>> };
  const out: string[] = [];
  for (const o of data.nftables) {
    if ('metainfo' in o) continue;
    const [[kind, body]] = Object.entries(o);
    const v = { ...body };
    delete v.handle;
    if (Array.isArray(v.elem)) v.elem = v.elem.map((e) => JSON.stringify(e)).sort();
    out.push(JSON.stringify({ [kind]: v }, (k, val: unknown) => {
      if (k === 'counter' && val && typeof val === 'object') return { packets: 0, bytes: 0 };
      return val;
    }));
  }
  return out.sort();
}

/** Waits until the ruleset reads the same twice 300 ms apart (nft batches of both implementations have landed). */
export async function settledRuleset(ns: string, timeoutMs = 10_000): Promise<string[]> {
  let last = await ruleset(ns);
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    await sleep(300);
    const now = await ruleset(ns);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  return last;
}

/** `ip -o addr show dev IF` as "address/prefix scope … flags" lines, sorted, without lifetimes. */
export async function addresses(node: LabNode): Promise<string[]> {
  const out = await inNs(node.ns, 'ip', ['-o', 'addr', 'show', 'dev', node.ifname]);
  return out.split('\n').filter(Boolean).map((l) => l.replace(/^\d+:\s+\S+\s+/, '').replace(/\\.*$/, '').replace(/\s+/g, ' ').trim()).sort();
}

/** All routes of every table of both families, sorted. */
export async function routes(node: LabNode): Promise<string[]> {
  const v4 = await inNs(node.ns, 'ip', ['-4', 'route', 'show', 'table', 'all']);
  const v6 = await inNs(node.ns, 'ip', ['-6', 'route', 'show', 'table', 'all']);
  return [...v4.split('\n'), ...v6.split('\n')].map((l) => l.trim()).filter(Boolean)
    .filter((l) => !/expires/.test(l)).sort();
}

/** Policy rules of both families, sorted. */
export async function rules(node: LabNode): Promise<string[]> {
  const v4 = await inNs(node.ns, 'ip', ['-4', 'rule', 'show']);
  const v6 = await inNs(node.ns, 'ip', ['-6', 'rule', 'show']);
  return [...v4.split('\n').map((l) => `4 ${l.trim()}`), ...v6.split('\n').map((l) => `6 ${l.trim()}`)]
    .filter((l) => l.length > 2).sort();
}

/** One ping (IPv4 or IPv6) from ns to address; true when answered within 1 s. */
export async function pings(ns: string, address: string): Promise<boolean> {
  try {
    await inNs(ns, 'ping', ['-c', '1', '-W', '1', address]);
    return true;
  } catch {
    return false;
  }
}
