// Loads build/keepalived.wasm once and exposes its typed exports and memory views. Together with the other files in
// this folder it is the only code that knows pointers and offsets into the module's memory.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DROP_WASM_NAME } from '../../vrrp/drop-reason';
import { packageRoot } from '../package-root';

type Ptr = number;

export interface WasmExports {
  memory: WebAssembly.Memory;
  checksum(p: Ptr, len: number): number;
  md5(p: Ptr, len: number, out: Ptr): void;
  md5Init(ctx: Ptr): void;
  md5Update(ctx: Ptr, p: Ptr, len: number): void;
  md5Final(ctx: Ptr, out: Ptr): void;
  hmacSetKey(slot: number, key: Ptr, keyLen: number): number;
  hmacMd5(slot: number, p: Ptr, len: number, out: Ptr): void;
  vrrpEncode4(out: Ptr, version: number, vrid: number, prio: number, naddr: number, addrs: Ptr, authType: number,
    keySlot: number, interval: number, src: number, dst: number, ttl: number, ipId: number, ahSeq: number,
    mode: number): number;
  vrrpRefresh4(ip: Ptr, prio: number, ipId: number, ahSeq: number, keySlot: number, mode: number): void;
  vrrpSetDst4(ip: Ptr, dst: number, keySlot: number, mode: number): void;
  vrrpEncode6(out: Ptr, vrid: number, prio: number, naddr: number, addrs: Ptr, interval: number, src: Ptr,
    dst: Ptr): number;
  vrrpRefresh6(v: Ptr, len: number, prio: number, src: Ptr, dst: Ptr): void;
  vrrpDecode4(p: Ptr, len: number, mode: number, expVersion: number, expVrid: number, expAuthType: number,
    expInterval: number, expNaddr: number, keySlot: number, lastSeq: number): number;
  vrrpDecode6(p: Ptr, len: number, mode: number, expVrid: number, expInterval: number, expNaddr: number): number;
  garpBuild(out: Ptr, mac: Ptr, vip: number): number;
  naBuild(out: Ptr, mac: Ptr, vip: Ptr, router: number): number;
  timerSet(id: number, deadline: number): number;
  timerCancel(id: number): number;
  timerNext(): number;
  timerPeek(now: number): number;
  timerPop(now: number): number;
  timerDeadline(id: number): number;
  timerSize(): number;
  timerClear(): void;
  txBase(): Ptr; txSlotCount(): number; txSlotSize(): number;
  rxBase(): Ptr; rxSlotCount(): number; rxSlotSize(): number;
  resultBase(): Ptr; meta6Base(): Ptr; arenaBase(): Ptr; arenaSize(): number; bulkBase(): Ptr; bulkSize(): number;
  digestBase(): Ptr; keySlotCount(): number; md5CtxSize(): number; timerCapacity(): number;
  [constant: string]: unknown;
}

/** Word indexes of the decode result block, as in assembly/vrrp-consts.ts (checked at load). */
export const W = {
  REASON: 0, FAMILY: 1, VERSION: 2, TYPE: 3, VRID: 4, PRIORITY: 5, NADDR: 6, AUTHTYPE: 7, INTERVAL: 8, CHECKSUM: 9,
  TTL: 10, IP_HLEN: 11, VRRP_OFF: 12, VRRP_LEN: 13, ADDR_OFF: 14, AH_SEQ: 15, AH_SPI: 16, FLAGS: 17, IP_TOTLEN: 18,
  IP_ID: 19, SRC: 20, DST: 24, AUTH_OFF: 28, AH_OFF: 29,
} as const;

/** Decode mode bits and result flags, as in assembly/vrrp-consts.ts (checked at load). */
export const M = { MULTICAST: 1, UNICAST: 2, OLD_CKSUM: 4, AH_SEQ: 8 } as const;
export const F = { AH: 1, MULTICAST_DST: 2, OLD_CHECKSUM: 4, INTERVAL_MISMATCH: 8, ADDR_COUNT_MISMATCH: 16 } as const;

export interface WasmModule {
  readonly x: WasmExports;
  /** The whole linear memory. Never detached: the module has a stub runtime and never grows memory. */
  readonly mem: Buffer;
  readonly dv: DataView;
  /** The decode result block as u32 words. */
  readonly result: Uint32Array;
}

let loaded: WasmModule | undefined;

function readModuleBytes(): Buffer {
  const path = join(packageRoot(), 'build', 'keepalived.wasm');
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`wasm module not built (${path} missing): run npm run build`);
    throw err;
  }
}

function globalValue(x: WasmExports, name: string): number {
  const g = x[name];
  if (!(g instanceof WebAssembly.Global)) throw new Error(`wasm module lacks constant ${name}: rebuild it`);
  return Number(g.value);
}

/** Fails loudly if the TypeScript copies of the module's constants have drifted from the module itself. */
function checkLayout(x: WasmExports): void {
  const pairs: [string, number][] = [
    ...Object.entries(W).map(([k, v]) => [`W_${k}`, v] as [string, number]),
    ...Object.entries(M).map(([k, v]) => [`M_${k}`, v] as [string, number]),
    ...Object.entries(F).map(([k, v]) => [`F_${k}`, v] as [string, number]),
    ...Object.entries(DROP_WASM_NAME).map(([v, k]) => [k, Number(v)] as [string, number]),
  ];
  for (const [name, value] of pairs) {
    const actual = globalValue(x, name);
    if (actual !== value) throw new Error(`wasm constant ${name} is ${actual}, facade expects ${value}`);
  }
}

/** The loaded module (loaded and checked on first use). */
export function wasmModule(): WasmModule {
  if (loaded) return loaded;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readModuleBytes()), {
    env: { abort: () => { throw new Error('wasm abort'); } },
  });
  const x = instance.exports as unknown as WasmExports;
  checkLayout(x);
  const buffer = x.memory.buffer;
  loaded = {
    x,
    mem: Buffer.from(buffer),
    dv: new DataView(buffer),
    result: new Uint32Array(buffer, x.resultBase(), 32),
  };
  return loaded;
}

/**
 * Copies n bytes of wasm memory from start into out. A plain loop: for the few bytes of a digest or an address it
 * is faster than Buffer#copy and allocates nothing.
 */
export function copyOut(mem: Uint8Array, start: number, out: Uint8Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = mem[start + i];
}
