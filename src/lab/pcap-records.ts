// The complete records of a classic libpcap file that tcpdump may still be writing: a record cut short at the end
// of the file is the one being written, so it is left for the next read instead of being an error.
import { closeSync, openSync, readSync } from 'node:fs';

const USEC_MAGIC = 0xa1b2c3d4;
const NSEC_MAGIC = 0xa1b23c4d;
const GLOBAL_HEADER_LEN = 24;
const RECORD_HEADER_LEN = 16;
export const LINKTYPE_ETHERNET = 1;

export interface PcapRecord {
  /** Capture time in microseconds since the epoch (fractional when the file has nanoseconds). */
  timeUs: number;
  /** The captured bytes (a view into the file buffer). */
  data: Buffer;
}

/** The records of a little-endian pcap file held in memory; an empty or header-only file has none. */
export function pcapRecords(buf: Buffer, what = 'capture'): PcapRecord[] {
  if (buf.length < GLOBAL_HEADER_LEN) return [];
  const magic = buf.readUInt32LE(0);
  if (magic !== USEC_MAGIC && magic !== NSEC_MAGIC) throw new Error(`${what}: not a little-endian libpcap file`);
  const linkType = buf.readUInt32LE(20) & 0x0fffffff;
  if (linkType !== LINKTYPE_ETHERNET) throw new Error(`${what}: link type ${linkType} is not Ethernet`);
  const fracPerUs = magic === NSEC_MAGIC ? 1000 : 1;
  const out: PcapRecord[] = [];
  for (let off = GLOBAL_HEADER_LEN; off + RECORD_HEADER_LEN <= buf.length;) {
    const inclLen = buf.readUInt32LE(off + 8);
    const start = off + RECORD_HEADER_LEN;
    if (start + inclLen > buf.length) break;
    out.push({
      timeUs: buf.readUInt32LE(off) * 1e6 + buf.readUInt32LE(off + 4) / fracPerUs,
      data: buf.subarray(start, start + inclLen),
    });
    off = start + inclLen;
  }
  return out;
}

/**
 * Follows a pcap file as it grows: each call reads only the bytes added since the last one and returns the records
 * they complete (the file's header is checked on the first call that has it).
 */
export class PcapFollower {
  private offset = 0;
  private pending: Buffer = Buffer.alloc(0);
  private header: Buffer | undefined;

  constructor(private readonly file: string) {}

  newRecords(): PcapRecord[] {
    const fd = openSync(this.file, 'r');
    const chunks: Buffer[] = [this.pending];
    try {
      const buf = Buffer.allocUnsafe(1 << 16);
      for (let n; (n = readSync(fd, buf, 0, buf.length, this.offset)) > 0;) {
        chunks.push(Buffer.from(buf.subarray(0, n)));
        this.offset += n;
      }
    } finally {
      closeSync(fd);
    }
    let data = Buffer.concat(chunks);
    if (!this.header) {
      if (data.length < GLOBAL_HEADER_LEN) {
        this.pending = data;
        return [];
      }
      this.header = data.subarray(0, GLOBAL_HEADER_LEN);
      data = data.subarray(GLOBAL_HEADER_LEN);
    }
    const records = pcapRecords(Buffer.concat([this.header, data]), this.file);
    const used = records.reduce((sum, r) => sum + RECORD_HEADER_LEN + r.data.length, 0);
    this.pending = Buffer.from(data.subarray(used));
    return records.map((r) => ({ timeUs: r.timeUs, data: Buffer.from(r.data) }));
  }
}
