// MD5 (RFC 1321), streaming, over caller-owned context blocks so several HTTP checks can hash bodies at once.
// Context layout (MD5_CTX_SIZE bytes): state a,b,c,d (u32 ×4) | total length in bytes (u64) | buffered count (u32)
// | pad | 64-byte block buffer.

export const MD5_CTX_SIZE: i32 = 96;
const CTX_LEN: usize = 16;
const CTX_FILL: usize = 24;
const CTX_BUF: usize = 32;

/** Context used by the one-shot md5() and by HMAC. */
export const ONESHOT_CTX: usize = memory.data(MD5_CTX_SIZE, 16);

// @ts-ignore: decorator
@inline function F(x: u32, y: u32, z: u32): u32 { return (x & y) | (~x & z); }
// @ts-ignore: decorator
@inline function G(x: u32, y: u32, z: u32): u32 { return (x & z) | (y & ~z); }
// @ts-ignore: decorator
@inline function H(x: u32, y: u32, z: u32): u32 { return x ^ y ^ z; }
// @ts-ignore: decorator
@inline function I(x: u32, y: u32, z: u32): u32 { return y ^ (x | ~z); }

/** Runs the compression function over one 64-byte block at p, updating the state at st. */
export function md5Block(st: usize, p: usize): void {
  let a = load<u32>(st), b = load<u32>(st, 4), c = load<u32>(st, 8), d = load<u32>(st, 12);
  const x0 = load<u32>(p, 0), x1 = load<u32>(p, 4), x2 = load<u32>(p, 8), x3 = load<u32>(p, 12);
  const x4 = load<u32>(p, 16), x5 = load<u32>(p, 20), x6 = load<u32>(p, 24), x7 = load<u32>(p, 28);
  const x8 = load<u32>(p, 32), x9 = load<u32>(p, 36), x10 = load<u32>(p, 40), x11 = load<u32>(p, 44);
  const x12 = load<u32>(p, 48), x13 = load<u32>(p, 52), x14 = load<u32>(p, 56), x15 = load<u32>(p, 60);
  a = b + rotl<u32>(a + F(b, c, d) + x0 + 0xd76aa478, 7);
  d = a + rotl<u32>(d + F(a, b, c) + x1 + 0xe8c7b756, 12);
  c = d + rotl<u32>(c + F(d, a, b) + x2 + 0x242070db, 17);
  b = c + rotl<u32>(b + F(c, d, a) + x3 + 0xc1bdceee, 22);
  a = b + rotl<u32>(a + F(b, c, d) + x4 + 0xf57c0faf, 7);
  d = a + rotl<u32>(d + F(a, b, c) + x5 + 0x4787c62a, 12);
  c = d + rotl<u32>(c + F(d, a, b) + x6 + 0xa8304613, 17);
  b = c + rotl<u32>(b + F(c, d, a) + x7 + 0xfd469501, 22);
  a = b + rotl<u32>(a + F(b, c, d) + x8 + 0x698098d8, 7);
  d = a + rotl<u32>(d + F(a, b, c) + x9 + 0x8b44f7af, 12);
  c = d + rotl<u32>(c + F(d, a, b) + x10 + 0xffff5bb1, 17);
  b = c + rotl<u32>(b + F(c, d, a) + x11 + 0x895cd7be, 22);
  a = b + rotl<u32>(a + F(b, c, d) + x12 + 0x6b901122, 7);
  d = a + rotl<u32>(d + F(a, b, c) + x13 + 0xfd987193, 12);
  c = d + rotl<u32>(c + F(d, a, b) + x14 + 0xa679438e, 17);
  b = c + rotl<u32>(b + F(c, d, a) + x15 + 0x49b40821, 22);
  a = b + rotl<u32>(a + G(b, c, d) + x1 + 0xf61e2562, 5);
  d = a + rotl<u32>(d + G(a, b, c) + x6 + 0xc040b340, 9);
  c = d + rotl<u32>(c + G(d, a, b) + x11 + 0x265e5a51, 14);
  b = c + rotl<u32>(b + G(c, d, a) + x0 + 0xe9b6c7aa, 20);
  a = b + rotl<u32>(a + G(b, c, d) + x5 + 0xd62f105d, 5);
  d = a + rotl<u32>(d + G(a, b, c) + x10 + 0x02441453, 9);
  c = d + rotl<u32>(c + G(d, a, b) + x15 + 0xd8a1e681, 14);
  b = c + rotl<u32>(b + G(c, d, a) + x4 + 0xe7d3fbc8, 20);
  a = b + rotl<u32>(a + G(b, c, d) + x9 + 0x21e1cde6, 5);
  d = a + rotl<u32>(d + G(a, b, c) + x14 + 0xc33707d6, 9);
  c = d + rotl<u32>(c + G(d, a, b) + x3 + 0xf4d50d87, 14);
  b = c + rotl<u32>(b + G(c, d, a) + x8 + 0x455a14ed, 20);
  a = b + rotl<u32>(a + G(b, c, d) + x13 + 0xa9e3e905, 5);
  d = a + rotl<u32>(d + G(a, b, c) + x2 + 0xfcefa3f8, 9);
  c = d + rotl<u32>(c + G(d, a, b) + x7 + 0x676f02d9, 14);
  b = c + rotl<u32>(b + G(c, d, a) + x12 + 0x8d2a4c8a, 20);
  a = b + rotl<u32>(a + H(b, c, d) + x5 + 0xfffa3942, 4);
  d = a + rotl<u32>(d + H(a, b, c) + x8 + 0x8771f681, 11);
  c = d + rotl<u32>(c + H(d, a, b) + x11 + 0x6d9d6122, 16);
  b = c + rotl<u32>(b + H(c, d, a) + x14 + 0xfde5380c, 23);
  a = b + rotl<u32>(a + H(b, c, d) + x1 + 0xa4beea44, 4);
  d = a + rotl<u32>(d + H(a, b, c) + x4 + 0x4bdecfa9, 11);
  c = d + rotl<u32>(c + H(d, a, b) + x7 + 0xf6bb4b60, 16);
  b = c + rotl<u32>(b + H(c, d, a) + x10 + 0xbebfbc70, 23);
  a = b + rotl<u32>(a + H(b, c, d) + x13 + 0x289b7ec6, 4);
  d = a + rotl<u32>(d + H(a, b, c) + x0 + 0xeaa127fa, 11);
  c = d + rotl<u32>(c + H(d, a, b) + x3 + 0xd4ef3085, 16);
  b = c + rotl<u32>(b + H(c, d, a) + x6 + 0x04881d05, 23);
  a = b + rotl<u32>(a + H(b, c, d) + x9 + 0xd9d4d039, 4);
  d = a + rotl<u32>(d + H(a, b, c) + x12 + 0xe6db99e5, 11);
  c = d + rotl<u32>(c + H(d, a, b) + x15 + 0x1fa27cf8, 16);
  b = c + rotl<u32>(b + H(c, d, a) + x2 + 0xc4ac5665, 23);
  a = b + rotl<u32>(a + I(b, c, d) + x0 + 0xf4292244, 6);
  d = a + rotl<u32>(d + I(a, b, c) + x7 + 0x432aff97, 10);
  c = d + rotl<u32>(c + I(d, a, b) + x14 + 0xab9423a7, 15);
  b = c + rotl<u32>(b + I(c, d, a) + x5 + 0xfc93a039, 21);
  a = b + rotl<u32>(a + I(b, c, d) + x12 + 0x655b59c3, 6);
  d = a + rotl<u32>(d + I(a, b, c) + x3 + 0x8f0ccc92, 10);
  c = d + rotl<u32>(c + I(d, a, b) + x10 + 0xffeff47d, 15);
  b = c + rotl<u32>(b + I(c, d, a) + x1 + 0x85845dd1, 21);
  a = b + rotl<u32>(a + I(b, c, d) + x8 + 0x6fa87e4f, 6);
  d = a + rotl<u32>(d + I(a, b, c) + x15 + 0xfe2ce6e0, 10);
  c = d + rotl<u32>(c + I(d, a, b) + x6 + 0xa3014314, 15);
  b = c + rotl<u32>(b + I(c, d, a) + x13 + 0x4e0811a1, 21);
  a = b + rotl<u32>(a + I(b, c, d) + x4 + 0xf7537e82, 6);
  d = a + rotl<u32>(d + I(a, b, c) + x11 + 0xbd3af235, 10);
  c = d + rotl<u32>(c + I(d, a, b) + x2 + 0x2ad7d2bb, 15);
  b = c + rotl<u32>(b + I(c, d, a) + x9 + 0xeb86d391, 21);
  store<u32>(st, load<u32>(st) + a);
  store<u32>(st, load<u32>(st, 4) + b, 4);
  store<u32>(st, load<u32>(st, 8) + c, 8);
  store<u32>(st, load<u32>(st, 12) + d, 12);
}

/** Sets the state to the MD5 initial value. */
export function md5Init(ctx: usize): void {
  store<u32>(ctx, 0x67452301);
  store<u32>(ctx, 0xefcdab89, 4);
  store<u32>(ctx, 0x98badcfe, 8);
  store<u32>(ctx, 0x10325476, 12);
  store<u64>(ctx + CTX_LEN, 0);
  store<u32>(ctx + CTX_FILL, 0);
}

/** Feeds len bytes at p. Whole blocks are compressed in place; only a partial tail is copied into the context. */
export function md5Update(ctx: usize, p: usize, len: i32): void {
  store<u64>(ctx + CTX_LEN, load<u64>(ctx + CTX_LEN) + <u64>len);
  let fill = <i32>load<u32>(ctx + CTX_FILL);
  const buf = ctx + CTX_BUF;
  if (fill > 0) {
    const take = min(64 - fill, len);
    memory.copy(buf + fill, p, take);
    fill += take;
    p += take;
    len -= take;
    if (fill < 64) {
      store<u32>(ctx + CTX_FILL, fill);
      return;
    }
    md5Block(ctx, buf);
    fill = 0;
  }
  while (len >= 64) {
    md5Block(ctx, p);
    p += 64;
    len -= 64;
  }
  if (len > 0) memory.copy(buf, p, len);
  store<u32>(ctx + CTX_FILL, len);
}

/** Pads, finishes and writes the 16-byte digest to out. */
export function md5Final(ctx: usize, out: usize): void {
  const bits = load<u64>(ctx + CTX_LEN) << 3;
  let fill = <i32>load<u32>(ctx + CTX_FILL);
  const buf = ctx + CTX_BUF;
  store<u8>(buf + fill, 0x80);
  fill++;
  if (fill > 56) {
    memory.fill(buf + fill, 0, 64 - fill);
    md5Block(ctx, buf);
    fill = 0;
  }
  memory.fill(buf + fill, 0, 56 - fill);
  store<u64>(buf + 56, bits);
  md5Block(ctx, buf);
  memory.copy(out, ctx, 16);
}

/** One-shot MD5 of [p, p+len) into out. */
export function md5(p: usize, len: i32, out: usize): void {
  md5Init(ONESHOT_CTX);
  md5Update(ONESHOT_CTX, p, len);
  md5Final(ONESHOT_CTX, out);
}
