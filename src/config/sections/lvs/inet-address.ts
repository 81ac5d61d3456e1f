// Numeric addresses as keepalived's checker parser reads them: inet_pton() (glibc's strict forms), inet_aton() for
// persistence_granularity masks, and inet_stosockaddr(), which picks the family by the presence of ':' and drops any
// `-range` or `/mask` tail before parsing.
import type { AddressFamily } from '../../model/virtual-server';

/** An address as 4 (IPv4) or 16 (IPv6) octets. */
export type Octets = number[];

/** glibc inet_pton(AF_INET): exactly four decimal octets, no leading zeros, nothing else. */
export function inetPton4(text: string): Octets | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p.startsWith('0'))) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    out.push(v);
  }
  return out;
}

/** glibc inet_pton(AF_INET6): hex groups of up to 4 digits, one `::`, an optional dotted IPv4 tail. */
export function inetPton6(text: string): Octets | undefined {
  if (text === '' || /[^0-9a-fA-F:.]/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as string;
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = inetPton4(p);
        if (v4 === undefined) return undefined;
        out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (head === undefined || tail === undefined) return undefined;
  // A dotted tail may only end the address.
  if (halves.length === 2 && (halves[0] as string).includes('.')) return undefined;
  const total = head.length + tail.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return undefined;
  const all = [...head, ...new Array<number>(8 - total).fill(0), ...tail];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/** glibc inet_ntop(): dotted quad, or RFC 5952-style IPv6 (longest run of ≥ 2 zero groups compressed). */
export function inetNtop(octets: Octets): string {
  if (octets.length === 4) return octets.join('.');
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push(((octets[i] as number) << 8) | (octets[i + 1] as number));
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) best = -1;
  const hex = (from: number, to: number): string => g.slice(from, to).map((x) => x.toString(16)).join(':');
  // glibc writes IPv4-mapped and IPv4-compatible addresses with a dotted tail.
  if (best === 0 && (bestLen === 6 || (bestLen === 5 && g[5] === 0xffff))) {
    const v4 = octets.slice(12).join('.');
    return bestLen === 6 ? `::${v4}` : `::ffff:${v4}`;
  }
  if (best < 0) return hex(0, 8);
  return `${hex(0, best)}::${hex(best + bestLen, 8)}`;
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
  return family === 'inet6' ? inetPton6(text) : inetPton4(text);
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
