// Benchmark baseline only (never used by src/): the RFC 1071 Internet checksum as a plain TypeScript loop.

/** Adds bytes [off, off+len) as big-endian 16-bit words to a running sum (odd last byte zero-padded). */
export function sumWords(b: Uint8Array, off: number, len: number, sum: number): number {
  const end = off + (len & ~1);
  for (let i = off; i < end; i += 2) sum += (b[i] << 8) | b[i + 1];
  if (len & 1) sum += b[end] << 8;
  return sum;
}

/** Folds a running sum into the 16-bit one's-complement checksum (the value to write big-endian). */
export function foldChecksum(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** Checksum of b[off, off+len): 0 when the bytes already carry a valid checksum. */
export function inetChecksumTs(b: Uint8Array, off = 0, len = b.length - off): number {
  return foldChecksum(sumWords(b, off, len, 0));
}
