// Netlink attributes (struct nlattr): u16 length (header included), u16 type, payload, padded to 4 bytes. A nested
// attribute carries an attribute stream as its payload and the NLA_F_NESTED bit in its type. Encoding builds plain
// Buffers; decoding never throws on malformed input — a truncated or overlong attribute ends the stream and is
// reported through `malformed`, so a bad kernel reply is a clear error to the caller, not a crash.
import { endianness } from 'node:os';

export const NLA_F_NESTED = 0x8000;
const NLA_F_NET_BYTEORDER = 0x4000;
const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;
const HEADER = 4;
const LE = endianness() === 'LE';

const align4 = (n: number): number => (n + 3) & ~3;

/** One attribute: its type (flags stripped) and its payload (a view into the message). */
export interface NlAttr {
  type: number;
  data: Buffer;
}

/** Encodes one attribute (header + payload + padding). */
export function attr(type: number, payload: Buffer): Buffer {
  const len = HEADER + payload.length;
  if (len > 0xffff) throw new RangeError(`netlink attribute ${type} too long (${payload.length} bytes)`);
  const out = Buffer.alloc(align4(len));
  writeU16(out, 0, len);
  writeU16(out, 2, type);
  payload.copy(out, HEADER);
  return out;
}

/** A nested attribute holding the given (already encoded) attributes. */
export function nest(type: number, children: Buffer[]): Buffer {
  return attr(type | NLA_F_NESTED, Buffer.concat(children));
}

// Fixed-size payloads in host byte order (netlink's u16/u32), and the explicitly big-endian ones (ports, be16).
export const u8 = (type: number, v: number): Buffer => attr(type, Buffer.from([v & 0xff]));
export function u16(type: number, v: number): Buffer {
  const b = Buffer.alloc(2);
  writeU16(b, 0, v);
  return attr(type, b);
}
export function u32(type: number, v: number): Buffer {
  const b = Buffer.alloc(4);
  writeHostU32(b, 0, v);
  return attr(type, b);
}
export function be16(type: number, v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v & 0xffff, 0);
  return attr(type, b);
}
/** A NUL-terminated string. */
export const str = (type: number, v: string): Buffer => attr(type, Buffer.from(`${v}\0`, 'utf8'));

/** A u32 field of a C struct carried in an attribute (host byte order). */
export function writeHostU32(b: Buffer, off: number, v: number): void {
  if (LE) b.writeUInt32LE(v >>> 0, off);
  else b.writeUInt32BE(v >>> 0, off);
}

export function readHostU32(b: Buffer, off: number): number {
  return LE ? b.readUInt32LE(off) : b.readUInt32BE(off);
}

function writeU16(b: Buffer, off: number, v: number): void {
  if (LE) b.writeUInt16LE(v & 0xffff, off);
  else b.writeUInt16BE(v & 0xffff, off);
}

/** The result of decoding a stream: the attributes read and whether the stream ended cleanly. */
export interface DecodedAttrs {
  attrs: NlAttr[];
  malformed: boolean;
}

/** Splits an attribute stream; stops (malformed) at a length that is too small or runs past the end. */
export function decodeAttrs(buf: Buffer): DecodedAttrs {
  const attrs: NlAttr[] = [];
  let off = 0;
  while (off + HEADER <= buf.length) {
    const len = LE ? buf.readUInt16LE(off) : buf.readUInt16BE(off);
    const type = (LE ? buf.readUInt16LE(off + 2) : buf.readUInt16BE(off + 2)) & NLA_TYPE_MASK;
    if (len < HEADER || off + len > buf.length) return { attrs, malformed: true };
    attrs.push({ type, data: buf.subarray(off + HEADER, off + len) });
    off += align4(len);
  }
  // Leftover bytes too short for a header are garbage; a last attribute without its padding is fine.
  return { attrs, malformed: off < buf.length };
}

/** Attributes by type (the last one wins, as the kernel's nla_parse does). */
export class AttrMap {
  private readonly byType = new Map<number, Buffer>();
  readonly malformed: boolean;

  constructor(buf: Buffer) {
    const { attrs, malformed } = decodeAttrs(buf);
    for (const a of attrs) this.byType.set(a.type, a.data);
    this.malformed = malformed;
  }

  has(type: number): boolean {
    return this.byType.has(type);
  }

  raw(type: number): Buffer | undefined {
    return this.byType.get(type);
  }

  nested(type: number): AttrMap | undefined {
    const b = this.byType.get(type);
    return b ? new AttrMap(b) : undefined;
  }

  u8(type: number): number | undefined {
    const b = this.byType.get(type);
    return b && b.length >= 1 ? b[0] : undefined;
  }

  u16(type: number): number | undefined {
    const b = this.byType.get(type);
    if (!b || b.length < 2) return undefined;
    return LE ? b.readUInt16LE(0) : b.readUInt16BE(0);
  }

  be16(type: number): number | undefined {
    const b = this.byType.get(type);
    return b && b.length >= 2 ? b.readUInt16BE(0) : undefined;
  }

  u32(type: number): number | undefined {
    const b = this.byType.get(type);
    if (!b || b.length < 4) return undefined;
    return LE ? b.readUInt32LE(0) : b.readUInt32BE(0);
  }

  u64(type: number): bigint | undefined {
    const b = this.byType.get(type);
    if (!b || b.length < 8) return undefined;
    return LE ? b.readBigUInt64LE(0) : b.readBigUInt64BE(0);
  }

  /** A string up to its first NUL. */
  str(type: number): string | undefined {
    const b = this.byType.get(type);
    if (!b) return undefined;
    const nul = b.indexOf(0);
    return b.subarray(0, nul < 0 ? b.length : nul).toString('utf8');
  }
}
