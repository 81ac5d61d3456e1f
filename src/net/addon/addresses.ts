// IP address text <-> bytes for the addon, which takes and reports addresses as 4 or 16 raw bytes in
// network order. Pure functions: no addon needed.
import { isIPv4, isIPv6 } from 'node:net';

/** Parses an IPv4 or IPv6 address (no zone) to 4 or 16 bytes in network order. Throws on bad input. */
export function ipBytes(text: string): Uint8Array {
  if (isIPv4(text)) return Uint8Array.from(text.split('.'), Number);
  const at = text.indexOf('%');
  const addr = at >= 0 ? text.slice(0, at) : text;
  if (!isIPv6(addr)) throw new TypeError(`not an IP address: ${text}`);
  const out = new Uint8Array(16);
  let head = addr;
  let tail = '';
  const gap = addr.indexOf('::');
  if (gap >= 0) {
    head = addr.slice(0, gap);
    tail = addr.slice(gap + 2);
  }
  const words = (part: string): number[] => {
    if (part === '') return [];
    const r: number[] = [];
    for (const g of part.split(':')) {
      if (g.includes('.')) {
        const b = g.split('.').map(Number);
        r.push((b[0] << 8) | b[1], (b[2] << 8) | b[3]);
      } else {
        r.push(parseInt(g, 16));
      }
    }
    return r;
  };
  const h = words(head);
  const t = words(tail);
  h.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  t.forEach((w, i) => {
    const j = 8 - t.length + i;
    out[j * 2] = w >> 8;
    out[j * 2 + 1] = w & 0xff;
  });
  return out;
}

/** Formats 4 or 16 bytes as an IPv4 dotted quad or an RFC 5952 IPv6 string. */
export function ipString(bytes: Uint8Array, offset = 0, length: 4 | 16 = bytes.length - offset === 4 ? 4 : 16): string {
  if (length === 4) return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push((bytes[offset + i * 2] << 8) | bytes[offset + i * 2 + 1]);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]): string => a.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(w);
  return `${hex(w.slice(0, best))}::${hex(w.slice(best + bestLen))}`;
}

/** The bytes of an address given as bytes (returned as is) or as text (parsed by ipBytes). */
export function addrBytes(a: Uint8Array | string): Uint8Array {
  return typeof a === 'string' ? ipBytes(a) : a;
}
