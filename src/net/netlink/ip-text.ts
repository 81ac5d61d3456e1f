// Address text ⇄ the bytes netlink carries. Text is canonical (RFC 5952 for IPv6) so that an address the caller
// wrote as 'fd00:0::1' and the one the kernel reports as 'fd00::1' compare equal.
import { isIP } from 'node:net';
import { ipBytes, ipString } from '../addon/addresses';
import type { IpFamily } from './types';

/** 4 or 6; throws TypeError for text that is not an IP address. */
export function familyOf(text: string): IpFamily {
  const v = isIP(text);
  if (v === 0) throw new TypeError(`not an IP address: ${text}`);
  return v as IpFamily;
}

export function canonicalIp(text: string): string {
  return ipString(ipBytes(text));
}

/** The address as 4 or 16 bytes; throws TypeError when it is not of the expected family. */
export function ipBuffer(text: string, family: IpFamily): Buffer {
  if (familyOf(text) !== family) throw new TypeError(`${text} is not an IPv${family} address`);
  return Buffer.from(ipBytes(text));
}

/** Text of a 4- or 16-byte address attribute; undefined when absent or of another length. */
export function bufferIp(b: Uint8Array | undefined): string | undefined {
  if (!b || (b.length !== 4 && b.length !== 16)) return undefined;
  return ipString(b);
}

export function afOf(family: IpFamily): number {
  return family === 4 ? 2 : 10; // AF_INET, AF_INET6
}

export function familyOfAf(af: number): IpFamily | undefined {
  return af === 2 ? 4 : af === 10 ? 6 : undefined;
}
