// Numeric addresses as keepalived's checker parser reads them: inet_pton() (glibc's strict forms, from ip-text),
// inet_aton() for persistence_granularity masks, and inet_stosockaddr(), which picks the family by the presence of
// ':' and drops any `-range` or `/mask` tail before parsing.
import type { AddressFamily } from '../../model/virtual-server';
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from '../../values/ip-text';

/** An address as 4 (IPv4) or 16 (IPv6) octets. */
export type Octets = number[];

/** glibc inet_ntop(): dotted quad, or RFC 5952-style IPv6 (longest run of ≥ 2 zero groups compressed). */
export function inetNtop(octets: Octets): string {
  return octets.length === 4 ? formatIpv4(octets) : formatIpv6(octets);
}

/** inet_aton(): 1 to 4 parts, each decimal, octal (leading 0) or hex (0x); the last part fills the remaining bytes. */
export function inetAton(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length > 4 || parts.some((p) => p === '')) return undefined;
  const values: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) v = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) v = parseInt(p, 8);
    else if (/^[1-9]\d*$/.test(p)) v = Number(p);
    else return undefined;
    values.push(v);
  }
  const last = values.pop() as number;
  if (values.some((v) => v > 255)) return undefined;
  const lastMax = 2 ** (8 * (4 - values.length)) - 1;
  if (last > lastMax) return undefined;
  let n = 0;
  for (const v of values) n = n * 256 + v;
  return n * 2 ** (8 * (4 - values.length)) + last;
}

export interface SockAddr {
  family: AddressFamily;
  octets: Octets;
  address: string;
  /** 0 = none. */
  port: number;
}

/** The family keepalived assumes for an address string. */
export function familyOf(text: string): AddressFamily {
  return text.includes(':') ? 'inet6' : 'inet';
}

/** inet_pton() of `text` in `family`. */
export function inetPton(family: AddressFamily, text: string): Octets | undefined {
  return family === 'inet6' ? parseIpv6(text) : parseIpv4(text);
}

/**
 * inet_stosockaddr() without the port: the family from ':' and the address up to any '-' or '/'; undefined when
 * inet_pton() rejects it.
 */
export function parseHostPart(text: string): SockAddr | undefined {
  const family = familyOf(text);
  const cut = text.includes('-') ? text.indexOf('-') : text.indexOf('/');
  const host = cut >= 0 ? text.slice(0, cut) : text;
  const octets = inetPton(family, host);
  return octets === undefined ? undefined : { family, octets, address: inetNtop(octets), port: 0 };
}

/** keepalived passes a port of all zeros as no port (legacy configurations used 0). */
export function portWord(port: string | undefined): string | undefined {
  return port !== undefined && /[^0]/.test(port) ? port : undefined;
}

/** keepalived's inet_sockaddrtotrio(): `[ADDR]:proto:PORT`. */
export function formatTrio(address: string, protocol: string | undefined, port: number): string {
  return `[${address}]:${protocol === undefined ? 'none' : protocol.toLowerCase()}:${port}`;
}

/** Octets as a big integer (for range comparisons). */
export function octetsValue(octets: Octets): bigint {
  return octets.reduce((n, o) => (n << 8n) | BigInt(o), 0n);
}

export function isLinkLocal6(octets: Octets): boolean {
  return octets.length === 16 && octets[0] === 0xfe && ((octets[1] as number) & 0xc0) === 0x80;
}
