// Netlink carries integers in the host's byte order; these build the small attribute payloads the netlink package
// cannot encode for us (route metrics, multipath, RTA_VIA, rule ranges).
import { endianness } from 'node:os';

const LE = endianness() === 'LE';

export function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  if (LE) b.writeUInt16LE(n & 0xffff);
  else b.writeUInt16BE(n & 0xffff);
  return b;
}

export function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  if (LE) b.writeUInt32LE(n >>> 0);
  else b.writeUInt32BE(n >>> 0);
  return b;
}

/** One rtattr: length, type, payload, padded to 4 bytes. */
export function rtattr(type: number, payload: Buffer): Buffer {
  const len = 4 + payload.length;
  const out = Buffer.alloc((len + 3) & ~3);
  out.set(u16(len), 0);
  out.set(u16(type), 2);
  out.set(payload, 4);
  return out;
}
