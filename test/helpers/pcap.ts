// A small reader for classic libpcap files (not pcapng), enough for the golden captures: little-endian files with
// microsecond (magic 0xa1b2c3d4) or nanosecond (magic 0xa1b23c4d) timestamps. Anything else is rejected with an
// error that says what the file looks like instead.
import { readFileSync } from 'node:fs';

export const PCAP_MAGIC_USEC = 0xa1b2c3d4;
export const PCAP_MAGIC_NSEC = 0xa1b23c4d;
const PCAPNG_MAGIC = 0x0a0d0d0a;
const GLOBAL_HEADER_LEN = 24;
const RECORD_HEADER_LEN = 16;

/** LINKTYPE_ETHERNET */
export const LINKTYPE_ETHERNET = 1;

export interface PcapFrame {
  /** 0-based position in the file. */
  index: number;
  /** Capture time, seconds part. */
  tsSec: number;
  /** Capture time, sub-second part in nanoseconds (microsecond files are scaled up). */
  tsNsec: number;
  /** Capture time in nanoseconds since the epoch. */
  timeNs: bigint;
  /** Length of the packet on the wire (may exceed data.length when the snap length cut it). */
  origLen: number;
  /** The captured bytes (a view into the file buffer). */
  data: Buffer;
}

export interface Pcap {
  versionMajor: number;
  versionMinor: number;
  snapLen: number;
  linkType: number;
  /** True when the file carries nanosecond timestamps. */
  nanosecond: boolean;
  frames: PcapFrame[];
}

export class PcapFormatError extends Error {
  override name = 'PcapFormatError';
}

function hex32(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
}

/** Parses a whole pcap file held in memory. `what` names it in error messages. */
export function parsePcap(buf: Buffer, what = 'pcap data'): Pcap {
  if (buf.length < GLOBAL_HEADER_LEN) {
    throw new PcapFormatError(`${what}: ${buf.length} bytes is too short for a pcap global header (${GLOBAL_HEADER_LEN})`);
  }
  const magic = buf.readUInt32LE(0);
  let nanosecond: boolean;
  if (magic === PCAP_MAGIC_USEC) nanosecond = false;
  else if (magic === PCAP_MAGIC_NSEC) nanosecond = true;
  else if (magic === PCAPNG_MAGIC) throw new PcapFormatError(`${what}: pcapng files are not supported (classic libpcap only)`);
  else if (buf.readUInt32BE(0) === PCAP_MAGIC_USEC || buf.readUInt32BE(0) === PCAP_MAGIC_NSEC) {
    throw new PcapFormatError(`${what}: big-endian pcap files are not supported (magic ${hex32(buf.readUInt32BE(0))} stored big-endian)`);
  } else {
    throw new PcapFormatError(`${what}: unknown magic ${hex32(magic)} (expected ${hex32(PCAP_MAGIC_USEC)} or ${hex32(PCAP_MAGIC_NSEC)}, little-endian)`);
  }
  const pcap: Pcap = {
    versionMajor: buf.readUInt16LE(4),
    versionMinor: buf.readUInt16LE(6),
    snapLen: buf.readUInt32LE(16),
    linkType: buf.readUInt32LE(20) & 0x0fffffff, // the top bits may carry FCS information
    nanosecond,
    frames: [],
  };
  let off = GLOBAL_HEADER_LEN;
  while (off < buf.length) {
    const index = pcap.frames.length;
    if (buf.length - off < RECORD_HEADER_LEN) {
      throw new PcapFormatError(`${what}: record ${index} at offset ${off}: truncated record header (${buf.length - off} bytes left)`);
    }
    const tsSec = buf.readUInt32LE(off);
    const tsFrac = buf.readUInt32LE(off + 4);
    const inclLen = buf.readUInt32LE(off + 8);
    const origLen = buf.readUInt32LE(off + 12);
    if (tsFrac >= (nanosecond ? 1e9 : 1e6)) {
      throw new PcapFormatError(`${what}: record ${index} at offset ${off}: sub-second field ${tsFrac} out of range`);
    }
    const start = off + RECORD_HEADER_LEN;
    if (start + inclLen > buf.length) {
      throw new PcapFormatError(`${what}: record ${index} at offset ${off}: ${inclLen} captured bytes but only ${buf.length - start} left`);
    }
    const tsNsec = nanosecond ? tsFrac : tsFrac * 1000;
    pcap.frames.push({
      index,
      tsSec,
      tsNsec,
      timeNs: BigInt(tsSec) * 1_000_000_000n + BigInt(tsNsec),
      origLen,
      data: buf.subarray(start, start + inclLen),
    });
    off = start + inclLen;
  }
  return pcap;
}

/** Reads and parses a pcap file. */
export function readPcap(path: string): Pcap {
  return parsePcap(readFileSync(path), path);
}
