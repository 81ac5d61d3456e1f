// inet_pton()/inet_ntop() as glibc does them: what keepalived accepts as an address, and the canonical text it
// prints back. Bytes are kept as plain arrays so callers can do prefix arithmetic (broadcast addresses).

/** glibc inet_pton(AF_INET): exactly four decimal octets, no leading zeros, each ≤ 255. */
export function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p.startsWith('0'))) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return bytes;
}

/** glibc inet_pton(AF_INET6): hex groups of up to 4 digits, one `::`, an optional dotted IPv4 tail. */
export function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string, allowV4Tail: boolean): number[] | undefined => {
    if (s === '') return [];
    const parts = s.split(':');
    const out: number[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as string;
      if (allowV4Tail && i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p);
        if (v4 === undefined) return undefined;
        out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
        out.push(parseInt(p, 16));
      }
    }
    return out;
  };
  let groups: number[];
  if (halves.length === 2) {
    const head = groupsOf(halves[0] as string, false);
    const tail = groupsOf(halves[1] as string, true);
    if (head === undefined || tail === undefined || head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = groupsOf(text, true);
    if (all === undefined || all.length !== 8) return undefined;
    groups = all;
  }
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

export function formatIpv4(bytes: readonly number[]): string {
  return bytes.join('.');
}

/** glibc inet_ntop(AF_INET6): the longest run (≥ 2) of zero groups becomes `::`; IPv4-mapped/compatible keep dots. */
export function formatIpv6(bytes: readonly number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestStart = -1;
  const v4Tail =
    bestStart === 0 && (bestLen === 6 || (bestLen === 5 && groups[5] === 0xffff)) ? formatIpv4(bytes.slice(12)) : undefined;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += '::';
      if (v4Tail !== undefined) return out + (bestLen === 5 ? 'ffff:' : '') + v4Tail;
      i += bestLen - 1;
      continue;
    }
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += (groups[i] as number).toString(16);
  }
  return out;
}

/** An address parsed by the family keepalived guesses from it (a ':' means IPv6). */
export interface ParsedIp {
  readonly family: 'inet' | 'inet6';
  readonly bytes: number[];
  readonly text: string;
}

/** keepalived's family guess followed by inet_pton(); undefined where inet_pton() fails. */
export function parseIp(text: string): ParsedIp | undefined {
  if (text.includes(':')) {
    const bytes = parseIpv6(text);
    return bytes && { family: 'inet6', bytes, text: formatIpv6(bytes) };
  }
  const bytes = parseIpv4(text);
  return bytes && { family: 'inet', bytes, text: formatIpv4(bytes) };
}
