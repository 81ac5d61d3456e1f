// Runs a TypeScript guest script inside user-mode Linux, where IPVS exists (the host kernel has none): boots
// linux.uml on the host's own file system (hostfs), loads ip_vs with every scheduler and the sip persistence
// engine up front (the kernel's autoload cannot find modules outside /lib/modules), brings up lo and a dummy
// interface, runs `node guest.ts input.json result.json` and powers off. The guest's JSON result comes back to
// the test; a guest that fails, hangs or never writes a result becomes an Error carrying the console tail. The VM
// is killed (its process group, which is only ours) on timeout and always powered off.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { IPVS_MODULES, killUml, modprobeLine, moduleRoot, spawnUml, UML_MODULES_DIR, umlUnavailable as unavailable } from '../helpers/uml-boot';

export { IPVS_MODULES, UML_MODULES_DIR };
const REPO = resolve(__dirname, '..', '..');
const TS_REGISTER = require.resolve('@isaacs/ts-node-temp-fork-for-pr-2009/register/transpile-only');

/** Why a test cannot run here (no linux.uml, no modules or no ipvsadm); undefined when it can. */
export function umlUnavailable(): string | undefined {
  return unavailable(['ipvsadm']);
}

export interface UmlRunOptions {
  /** The guest script (absolute path), run with the ts-node register: `main(input) → result` via guest-main.ts. */
  guest: string;
  input: unknown;
  /** Addresses (CIDR) put on the dummy interface `dummy0`; 10.0.0.0/8 or fd00::/8 only. */
  dummyAddresses?: string[];
  /** Whole run from boot to power-off; default 55 s. */
  timeoutMs?: number;
  memory?: string;
  /** Host CPUs (taskset -c list) the whole VM runs on; default: any. */
  cpus?: string;
}

export interface UmlResult<T> {
  result: T;
  /** The VM console, for diagnostics. */
  console: string;
}

/** Boots the VM, runs the guest and returns its result; rejects with the console tail on any failure. */
export async function runInUml<T>(opts: UmlRunOptions): Promise<UmlResult<T>> {
  const work = mkdtempSync(join(tmpdir(), 'kts-uml-'));
  try {
    moduleRoot(join(work, 'root'));
    writeFileSync(join(work, 'input.json'), JSON.stringify(opts.input));
    const init = join(work, 'init.sh');
    writeFileSync(init, initScript(work, opts));
    chmodSync(init, 0o755);
    const consoleText = await boot(work, init, opts.timeoutMs ?? 55_000, opts.memory ?? '512M', opts.cpus);
    const status = readText(join(work, 'status'));
    const out = readText(join(work, 'result.json'));
    const guestLog = readText(join(work, 'guest.log'));
    if (out === undefined) {
      throw new Error(`UML guest wrote no result (exit ${status?.trim() ?? 'none'})\n--- guest\n${tail(guestLog)}\n--- console\n${tail(consoleText)}`);
    }
    const parsed = JSON.parse(out) as { ok: boolean; result?: T; error?: string };
    if (!parsed.ok) throw new Error(`UML guest failed: ${parsed.error}\n--- guest\n${tail(guestLog)}`);
    return { result: parsed.result as T, console: consoleText };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function tail(text: string | undefined, lines = 40): string {
  return (text ?? '').split('\n').slice(-lines).join('\n');
}

function initScript(work: string, opts: UmlRunOptions): string {
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const addrs = (opts.dummyAddresses ?? []).map((a) => `ip addr add ${q(a)} dev dummy0${a.includes(':') ? ' nodad' : ''}`);
  return [
    '#!/bin/sh',
    `export PATH=${q(`${dirname(process.execPath)}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`)}`,
    'export HOME=/root',
    'mount -t proc proc /proc',
    'mount -t sysfs sys /sys',
    modprobeLine(join(work, 'root')),
    'ip link set lo up',
    'ip link add dummy0 type dummy && ip link set dummy0 multicast on && ip link set dummy0 up',
    ...addrs,
    `cd ${q(REPO)}`,
    `node -r ${q(TS_REGISTER)} ${q(opts.guest)} ${q(join(work, 'input.json'))} ${q(join(work, 'result.json'))} > ${q(join(work, 'guest.log'))} 2>&1`,
    `echo $? > ${q(join(work, 'status'))}`,
    'sync',
    'echo o > /proc/sysrq-trigger',
    'sleep 30',
    '',
  ].join('\n');
}

function boot(work: string, init: string, timeoutMs: number, memory: string, cpus?: string): Promise<string> {
  return new Promise((resolveBoot, reject) => {
    const vm = spawnUml(init, { memory, cpus, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: work } });
    let text = '';
    vm.stdout?.on('data', (d: Buffer) => (text += d.toString()));
    vm.stderr?.on('data', (d: Buffer) => (text += d.toString()));
    const timer = setTimeout(() => {
      killUml(vm);
      reject(new Error(`UML run timed out after ${timeoutMs} ms\n--- console\n${tail(text)}`));
    }, timeoutMs);
    vm.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    vm.on('exit', () => {
      clearTimeout(timer);
      killUml(vm); // stragglers of our own VM, if any
      resolveBoot(text);
    });
  });
}
