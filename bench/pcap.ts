// The fixture captures' IPv4 packets, through the tests' pcap reader.
import { join } from 'node:path';
import { CAPTURE_DIR } from '../test/helpers/fixtures-dir';
import { LINKTYPE_ETHERNET, readPcap } from '../test/helpers/pcap';

/** Every IPv4 packet (IP header first) of a capture, copied out of the file. */
export function ipv4Packets(file: string): Buffer[] {
  const pcap = readPcap(join(CAPTURE_DIR, file));
  if (pcap.linkType !== LINKTYPE_ETHERNET) throw new Error(`${file}: link type ${pcap.linkType} is not Ethernet`);
  return pcap.frames
    .filter((f) => f.data.length > 14 && f.data.readUInt16BE(12) === 0x0800)
    .map((f) => Buffer.from(f.data.subarray(14)));
}

/** The first VRRP advert (IP protocol 112, or 51 for AH) of a capture. */
export function firstAdvert(file: string): Buffer {
  const p = ipv4Packets(file).find((ip) => ip[9] === 112 || ip[9] === 51);
  if (!p) throw new Error(`${file}: no VRRP advert`);
  return p;
}
