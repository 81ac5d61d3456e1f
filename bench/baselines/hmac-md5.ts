// Benchmark baseline only (never used by src/): HMAC-MD5 (RFC 2104) in plain TypeScript, with the inner and outer
// pad states computed once per key (the same algorithm as the wasm key slots).
import { Md5Ts } from './md5';

export class HmacMd5Ts {
  private readonly inner = new Int32Array(4);
  private readonly outer = new Int32Array(4);
  private readonly md5 = new Md5Ts();
  private readonly innerDigest = new Uint8Array(16);
  private readonly full = new Uint8Array(16);

  constructor(key: Uint8Array) {
    let k = key;
    if (k.length > 64) {
      k = new Uint8Array(16);
      new Md5Ts().update(key).digestInto(k);
    }
    const pad = new Uint8Array(64);
    for (const [xor, state] of [[0x36, this.inner], [0x5c, this.outer]] as const) {
      pad.fill(xor);
      for (let i = 0; i < k.length; i++) pad[i] = k[i] ^ xor;
      this.md5.reset().update(pad);
      state.set(this.md5.state);
    }
  }

  /** HMAC-MD5 of data, truncated to outLen bytes (12 for HMAC-MD5-96), into out[outOff...]. */
  digestInto(data: Uint8Array, out: Uint8Array, outOff = 0, outLen = 16): void {
    const m = this.md5;
    m.resume(this.inner, 64).update(data).digestInto(this.innerDigest);
    m.resume(this.outer, 64).update(this.innerDigest).digestInto(this.full);
    for (let i = 0; i < outLen; i++) out[outOff + i] = this.full[i];
  }
}
