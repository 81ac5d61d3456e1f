// RFC 1071 Internet checksum. Sums little-endian 32-bit loads into a 64-bit accumulator and byte-swaps once at the
// end (RFC 1071 §2(B): the sum is byte-order independent), so the loop does one load per 8 bytes.

/** Adds the bytes [ptr, ptr+len) to a byte-swapped one's-complement accumulator. */
export function sumBytes(ptr: usize, len: i32, acc: u64): u64 {
  while (len >= 8) {
    const v = load<u64>(ptr);
    acc += (v & 0xffffffff) + (v >> 32);
    ptr += 8;
    len -= 8;
  }
  if (len >= 4) {
    acc += <u64>load<u32>(ptr);
    ptr += 4;
    len -= 4;
  }
  if (len >= 2) {
    acc += <u64>load<u16>(ptr);
    ptr += 2;
    len -= 2;
  }
  if (len > 0) acc += <u64>load<u8>(ptr); // odd byte: high byte of a zero-padded big-endian word
  return acc;
}

/** Adds a 16-bit value given in host (big-endian wire) numeric form to the accumulator. */
// @ts-ignore: decorator
@inline export function sumWord(acc: u64, word: u32): u64 {
  return acc + <u64>bswap<u16>(<u16>word);
}

/** Folds the accumulator and returns the checksum as a big-endian numeric value (what goes on the wire). */
export function finish(acc: u64): u32 {
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return <u32>bswap<u16>(<u16>(~acc & 0xffff));
}

/** Checksum of a buffer, as the big-endian value to write into the packet. */
export function checksum(ptr: usize, len: i32): u32 {
  return finish(sumBytes(ptr, len, 0));
}

/** Writes a big-endian 16-bit value. */
// @ts-ignore: decorator
@inline export function storeBE16(ptr: usize, v: u32): void {
  store<u16>(ptr, bswap<u16>(<u16>v));
}

// @ts-ignore: decorator
@inline export function loadBE16(ptr: usize): u32 {
  return <u32>bswap<u16>(load<u16>(ptr));
}

// @ts-ignore: decorator
@inline export function loadBE32(ptr: usize): u32 {
  return bswap<u32>(load<u32>(ptr));
}

// @ts-ignore: decorator
@inline export function storeBE32(ptr: usize, v: u32): void {
  store<u32>(ptr, bswap<u32>(v));
}

/** IPv4 pseudo-header {src, dst, 0, proto, len} added to an accumulator; src/dst are read from memory. */
export function sumPseudo4(srcPtr: usize, dstPtr: usize, proto: u32, len: u32, acc: u64): u64 {
  acc = sumBytes(srcPtr, 4, acc);
  acc = sumBytes(dstPtr, 4, acc);
  acc = sumWord(acc, proto);
  return sumWord(acc, len);
}

/** IPv4 pseudo-header with the destination given as a numeric address (old unicast VRRPv3 form uses 224.0.0.18). */
export function sumPseudo4Dst(srcPtr: usize, dst: u32, proto: u32, len: u32, acc: u64): u64 {
  acc = sumBytes(srcPtr, 4, acc);
  acc = sumWord(acc, dst >>> 16);
  acc = sumWord(acc, dst & 0xffff);
  acc = sumWord(acc, proto);
  return sumWord(acc, len);
}

/** IPv6 pseudo-header (RFC 8200 §8.1): src, dst, u32 upper-layer length, 3 zero bytes, next header. */
export function sumPseudo6(srcPtr: usize, dstPtr: usize, nextHeader: u32, len: u32, acc: u64): u64 {
  acc = sumBytes(srcPtr, 16, acc);
  acc = sumBytes(dstPtr, 16, acc);
  acc = sumWord(acc, len >>> 16);
  acc = sumWord(acc, len & 0xffff);
  return sumWord(acc, nextHeader);
}
