// RFC 1071 checksum of arbitrary bytes through the wasm module (the VRRP codec computes its own in place).
import { wasmModule } from './module';

/** Checksum of data as the 16-bit value to write big-endian; 0 when data already carries a valid checksum. */
export function inetChecksum(data: Uint8Array): number {
  const { x, mem } = wasmModule();
  if (data.length > x.bulkSize()) throw new RangeError(`checksum input of ${data.length} bytes exceeds ${x.bulkSize()}`);
  mem.set(data, x.bulkBase());
  return x.checksum(x.bulkBase(), data.length);
}
