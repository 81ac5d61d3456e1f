// Benchmark baseline only (never used by src/): MD5 (RFC 1321) in plain TypeScript, streaming over a 64-byte block
// buffer, with the state exposed so HMAC can start from precomputed pad states.

const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const K = new Int32Array(64);
for (let i = 0; i < 64; i++) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0;

export class Md5Ts {
  readonly state = new Int32Array(4);
  private readonly block = new Uint8Array(64);
  private readonly x = new Int32Array(16);
  private fill = 0;
  private total = 0;

  constructor() {
    this.reset();
  }

  reset(): this {
    this.state[0] = 0x67452301;
    this.state[1] = 0xefcdab89 | 0;
    this.state[2] = 0x98badcfe | 0;
    this.state[3] = 0x10325476;
    this.fill = 0;
    this.total = 0;
    return this;
  }

  /** Continues from a saved state after `consumed` bytes (a whole number of blocks). */
  resume(state: Int32Array, consumed: number): this {
    this.state.set(state);
    this.fill = 0;
    this.total = consumed;
    return this;
  }

  private compress(b: Uint8Array, off: number): void {
    const x = this.x;
    for (let i = 0; i < 16; i++) {
      const o = off + 4 * i;
      x[i] = b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);
    }
    const st = this.state;
    let a = st[0], bb = st[1], c = st[2], d = st[3];
    for (let i = 0; i < 64; i++) {
      let f: number, g: number;
      if (i < 16) { f = (bb & c) | (~bb & d); g = i; }
      else if (i < 32) { f = (d & bb) | (~d & c); g = (5 * i + 1) & 15; }
      else if (i < 48) { f = bb ^ c ^ d; g = (3 * i + 5) & 15; }
      else { f = c ^ (bb | ~d); g = (7 * i) & 15; }
      const t = d;
      d = c;
      c = bb;
      const s = S[((i >> 4) << 2) | (i & 3)];
      const sum = (a + f + K[i] + x[g]) | 0;
      bb = (bb + ((sum << s) | (sum >>> (32 - s)))) | 0;
      a = t;
    }
    st[0] = (st[0] + a) | 0;
    st[1] = (st[1] + bb) | 0;
    st[2] = (st[2] + c) | 0;
    st[3] = (st[3] + d) | 0;
  }

  update(data: Uint8Array, off = 0, len = data.length - off): this {
    this.total += len;
    let p = off;
    const end = off + len;
    if (this.fill > 0) {
      const take = Math.min(64 - this.fill, len);
      for (let i = 0; i < take; i++) this.block[this.fill + i] = data[p + i];
      this.fill += take;
      p += take;
      if (this.fill < 64) return this;
      this.compress(this.block, 0);
      this.fill = 0;
    }
    for (; p + 64 <= end; p += 64) this.compress(data, p);
    if (p < end) {
      for (let i = p; i < end; i++) this.block[i - p] = data[i];
      this.fill = end - p;
    }
    return this;
  }

  /** Pads, finishes and writes the 16-byte digest to out[outOff...]. */
  digestInto(out: Uint8Array, outOff = 0): void {
    const bits = this.total * 8;
    const blk = this.block;
    let fill = this.fill;
    blk[fill++] = 0x80;
    if (fill > 56) {
      blk.fill(0, fill);
      this.compress(blk, 0);
      fill = 0;
    }
    blk.fill(0, fill, 56);
    const lo = bits >>> 0;
    const hi = Math.floor(bits / 2 ** 32) >>> 0;
    for (let i = 0; i < 4; i++) {
      blk[56 + i] = (lo >>> (8 * i)) & 0xff;
      blk[60 + i] = (hi >>> (8 * i)) & 0xff;
    }
    this.compress(blk, 0);
    for (let i = 0; i < 4; i++) {
      const w = this.state[i];
      out[outOff + 4 * i] = w & 0xff;
      out[outOff + 4 * i + 1] = (w >>> 8) & 0xff;
      out[outOff + 4 * i + 2] = (w >>> 16) & 0xff;
      out[outOff + 4 * i + 3] = (w >>> 24) & 0xff;
    }
  }
}

const shared = new Md5Ts();

/** One-shot MD5 of data into out (16 bytes). */
export function md5Ts(data: Uint8Array, out: Uint8Array): void {
  shared.reset().update(data).digestInto(out);
}
