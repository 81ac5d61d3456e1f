// Runs every benchmark, prints the table and writes bench/results/latest.json.
//   node -r @isaacs/ts-node-temp-fork-for-pr-2009/register/transpile-only bench/run.ts [section ...]
// With section names (checksum encode decode hmac md5 digest timers alloc failover checkers) only those run and
// latest.json is left alone, except that a run with `failover` or `checkers` replaces that section's rows in it
// (those sections take minutes, as root; `checkers` boots user-mode Linux).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocRows } from './cases/alloc-adverts';
import { checkersRows, printCheckers, type CheckersResult } from './cases/checkers';
import { checksumRows } from './cases/checksum';
import { bodyDigestRows } from './cases/body-digest';
import { decodeRows } from './cases/decode';
import { encodeRows } from './cases/encode';
import { failoverRows, printFailover, type FailoverResult } from './cases/failover';
import { hmacRows } from './cases/hmac';
import { crossover, md5Rows, type Md5Result } from './cases/md5';
import { timerRows } from './cases/timers';
import { sinkValue } from './harness';
import { printTable, writeJson, type Row } from './report';
import { MD5_WASM_MAX_BYTES } from '../src/core/wasm/digest';

const OUT = join(__dirname, 'results', 'latest.json');

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const want = (s: string): boolean => only.length === 0 || only.includes(s);
  const started = Date.now();
  const rows: Row[] = [];
  const notes: string[] = [];
  let md5: Md5Result | undefined;
  const section = (name: string, f: () => void): void => {
    if (!want(name)) return;
    const t0 = Date.now();
    process.stderr.write(`bench: ${name} ... `);
    f();
    process.stderr.write(`${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  };

  section('checksum', () => rows.push(...checksumRows()));
  section('encode', () => rows.push(...encodeRows()));
  section('decode', () => rows.push(...decodeRows()));
  section('hmac', () => rows.push(...hmacRows()));
  section('md5', () => { md5 = md5Rows(); rows.push(...md5.rows); });
  section('digest', () => rows.push(...bodyDigestRows()));
  section('timers', () => rows.push(...timerRows()));
  section('alloc', () => { const a = allocRows(); rows.push(...a.rows); notes.push(...a.gcs.map((g) => `  ${g}`)); });
  let failover: FailoverResult | undefined;
  if (want('failover')) {
    const t0 = Date.now();
    process.stderr.write('bench: failover (namespaces, keepalived pair vs keepalived-ts pair) ...\n');
    failover = await failoverRows((line) => process.stderr.write(`${line}\n`));
    process.stderr.write(`bench: failover ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  let checkers: CheckersResult | undefined;
  if (want('checkers')) {
    const t0 = Date.now();
    process.stderr.write('bench: checkers (keepalived -C vs keepalived-ts checkers, host namespace and user-mode Linux) ...\n');
    checkers = await checkersRows((line) => process.stderr.write(`${line}\n`));
    process.stderr.write(`bench: checkers ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }

  if (rows.length) {
    console.log(`\nkeepalived-ts micro-benchmarks (Node ${process.version}); time rows: median ns per op of interleaved samples;`);
    console.log('ratio = baseline_value / value, so ratio > 1 means wasm is faster (or, for bytes/op, allocates less).\n');
    printTable(rows);
  }
  if (failover) printFailover(failover);
  if (checkers) printCheckers(checkers);

  if (md5) {
    console.log('\nMD5 crossover (median ns/op; * marks the faster of wasm and node:crypto):');
    console.log('      size |  wasm md5WasmInto | node createHash |  node hash()');
    for (const p of md5.curve) {
      const best = Math.min(p.wasm, p.createHash, Number.isNaN(p.hash) ? Infinity : p.hash);
      const cell = (v: number, w: number): string => `${Number.isNaN(v) ? 'n/a' : v.toFixed(0)}${v === best ? '*' : ' '}`.padStart(w);
      console.log(`  ${String(p.size).padStart(8)} | ${cell(p.wasm, 17)} | ${cell(p.createHash, 15)} | ${cell(p.hash, 12)}`);
    }
    for (const node of ['createHash', 'hash'] as const) {
      const c = crossover(md5.curve, node);
      console.log(`  vs node:crypto ${node}(): wasm wins up to ${c.wasmWinsUpTo} B, node:crypto from ${c.nodeWinsFrom ?? '(never)'} B`);
    }
    // md5() falls back to the one-shot hash() where Node has it (20.12+), createHash() otherwise.
    const fallback = md5.curve.some((p) => !Number.isNaN(p.hash)) ? 'hash' : 'createHash';
    const c = crossover(md5.curve, fallback);
    console.log(`  -> MD5_WASM_MAX_BYTES (md5() falls back to ${fallback}()) should be ${c.wasmWinsUpTo}; it is ${MD5_WASM_MAX_BYTES}`);
  }
  const vsNode = (prefix: string): Row | undefined => rows.find((r) => r.name.startsWith(prefix) && r.baseline.startsWith('node:crypto createHmac'));
  const target = [
    vsNode('hmac-md5-96 64 B: wasm raw x.hmacMd5() ('), vsNode('hmac-md5-96 64 B: wasm raw x.hmacMd5() + copy'),
    vsNode('hmac-md5-96 64 B: wasm hmacMd5_96('), vsNode('AH advert v2 refresh'),
  ].filter((r): r is Row => r !== undefined);
  if (target.length) {
    console.log('\nAH HMAC-MD5-96 target (wasm >= 3x node:crypto createHmac):');
    for (const r of target) console.log(`  ${r.ratio !== null && r.ratio >= 3 ? 'met    ' : 'NOT met'} ${r.ratio}x  ${r.name}`);
  }
  if (notes.length) console.log(`\nGC events while measuring allocation:\n${notes.join('\n')}`);

  if (only.length === 0) {
    rows.push(...(failover?.rows ?? []), ...(checkers?.rows ?? []));
    writeJson(OUT, rows);
    console.log(`\nwrote ${rows.length} rows to ${OUT}`);
  } else if (failover || checkers) {
    const prefixes = [...(failover ? ['failover '] : []), ...(checkers ? ['checkers '] : [])];
    // A checkers run in one place only (BENCH_CHECKERS_ENV=host) replaces that place's rows and keeps the others'.
    const fresh = new Set((checkers?.rows ?? []).map((r) => r.name));
    const replaced = (r: Row): boolean => (failover !== undefined && r.name.startsWith('failover ')) || (checkers !== undefined && r.name.startsWith('checkers ') && (fresh.has(r.name) || process.env.BENCH_CHECKERS_ENV === undefined));
    const kept = existsSync(OUT) ? (JSON.parse(readFileSync(OUT, 'utf8')) as Row[]).filter((r) => !replaced(r)) : [];
    writeJson(OUT, [...kept, ...(failover?.rows ?? []), ...(checkers?.rows ?? [])]);
    console.log(`\n(partial run: the ${prefixes.map((p) => p.trim()).join(' and ')} rows of ${OUT} replaced)`);
  } else {
    console.log('\n(partial run: latest.json not written)');
  }
  console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s (sink ${sinkValue()})`);
}

main().catch((err: Error) => {
  console.error(err);
  process.exitCode = 1;
});
