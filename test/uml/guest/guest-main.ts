// The guest side of uml-vm.ts: reads the input JSON, runs the test's function inside the VM and writes
// { ok, result } or { ok: false, error } for the host (bigints as strings). Also small helpers guests share.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

export function guestMain<I, O>(run: (input: I) => Promise<O>): void {
  const [inPath, outPath] = process.argv.slice(2);
  const write = (v: unknown): void =>
    writeFileSync(outPath, JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)));
  const input = JSON.parse(readFileSync(inPath, 'utf8')) as I;
  run(input).then(
    (result) => write({ ok: true, result }),
    (e: unknown) => write({ ok: false, error: e instanceof Error ? e.stack ?? e.message : String(e) }),
  ).finally(() => process.exit(0));
}

/** Runs a command and returns its stdout (stderr folded in on failure). */
export function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')}: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

/** `ipvsadm ARGS` as lines, without the two header lines of a listing. */
export function ipvsadm(...args: string[]): string[] {
  return sh('ipvsadm', args).split('\n').filter((l) => l.trim() !== '' && !/^(IP Virtual Server|Prot LocalAddress|  -> RemoteAddress)/.test(l));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
