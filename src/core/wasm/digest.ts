// MD5 and HMAC-MD5-96 through the wasm module, with node:crypto taking over for bulk input where OpenSSL is faster
// (bench/ measures the crossover; MD5_WASM_MAX_BYTES is set from it).
import * as crypto from 'node:crypto';
import { arena } from './arena';
import { keySlots } from './key-slots';
import { copyOut, wasmModule } from './module';

/**
 * Above this many bytes node:crypto's MD5 beats the wasm one: `npm run bench` measured wasm ahead up to 1 KiB and
 * OpenSSL ahead from 1.5 KiB (bench/results/latest.json, "md5 …" rows).
 */
export const MD5_WASM_MAX_BYTES = 1024;

/** Feeds data through the module's bulk buffer in pieces into the MD5 context at ctx. */
function md5UpdateFrom(ctx: number, data: Uint8Array): void {
  const { x, mem } = wasmModule();
  const bulk = x.bulkBase();
  const size = x.bulkSize();
  for (let off = 0; off < data.length; off += size) {
    const n = Math.min(size, data.length - off);
    mem.set(n === data.length ? data : data.subarray(off, off + n), bulk);
    x.md5Update(ctx, bulk, n);
  }
}

/** MD5 in wasm, whatever the size, into out (16 bytes). */
export function md5WasmInto(data: Uint8Array, out: Uint8Array): void {
  const { x, mem } = wasmModule();
  const digest = x.digestBase();
  if (data.length <= x.bulkSize()) {
    mem.set(data, x.bulkBase());
    x.md5(x.bulkBase(), data.length, digest);
  } else {
    const ctx = oneShotCtx();
    x.md5Init(ctx);
    md5UpdateFrom(ctx, data);
    x.md5Final(ctx, digest);
  }
  copyOut(mem, digest, out, 16);
}

let ctxForOneShot = -1;
function oneShotCtx(): number {
  if (ctxForOneShot < 0) ctxForOneShot = arena().alloc(wasmModule().x.md5CtxSize());
  return ctxForOneShot;
}

/** node:crypto's one-shot hash() (Node ≥ 20.12), cheaper per call than createHash(). */
const oneShotHash = (crypto as unknown as { hash?: (alg: string, data: Uint8Array, enc: 'buffer') => Buffer }).hash;

/** MD5 of data, by whichever implementation is faster for its size. */
export function md5(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(16);
  if (data.length <= MD5_WASM_MAX_BYTES) md5WasmInto(data, out);
  else if (oneShotHash) oneShotHash('md5', data, 'buffer').copy(out);
  else crypto.createHash('md5').update(data).digest().copy(out);
  return out;
}

/**
 * Streaming MD5 for an HTTP body whose size is not known up front: bytes are hashed in wasm while the body is small,
 * and handed to node:crypto as soon as it outgrows MD5_WASM_MAX_BYTES (the buffered prefix goes first).
 */
export class BodyDigest {
  private readonly pending = Buffer.allocUnsafe(MD5_WASM_MAX_BYTES);
  private pendingLen = 0;
  private bulk: crypto.Hash | undefined;

  update(chunk: Uint8Array): this {
    if (this.bulk) {
      this.bulk.update(chunk);
    } else if (this.pendingLen + chunk.length <= MD5_WASM_MAX_BYTES) {
      this.pending.set(chunk, this.pendingLen);
      this.pendingLen += chunk.length;
    } else {
      this.bulk = crypto.createHash('md5').update(this.pending.subarray(0, this.pendingLen)).update(chunk);
    }
    return this;
  }

  digest(): Buffer {
    if (this.bulk) return this.bulk.digest();
    const out = Buffer.allocUnsafe(16);
    md5WasmInto(this.pending.subarray(0, this.pendingLen), out);
    return out;
  }

  hex(): string {
    return this.digest().toString('hex');
  }
}

/** HMAC-MD5-96 (RFC 2403) of data with a configured auth_pass (8-byte keepalived key). */
export function hmacMd5_96(pass: string | Uint8Array, data: Uint8Array, out: Uint8Array = Buffer.allocUnsafe(12)): Uint8Array {
  const { x, mem } = wasmModule();
  const slot = keySlots().slotFor(pass);
  const bulk = x.bulkBase();
  if (data.length > x.bulkSize()) throw new RangeError(`HMAC input of ${data.length} bytes exceeds ${x.bulkSize()}`);
  mem.set(data, bulk);
  x.hmacMd5(slot, bulk, data.length, x.digestBase());
  copyOut(mem, x.digestBase(), out, 12);
  return out;
}
