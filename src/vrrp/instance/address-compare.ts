// Numeric comparison of two IP addresses of one family, for the equal-priority tie-break (RFC 3768 §6.4.3,
// RFC 5798 §6.4.3: "the primary IP address of the sender is greater than the local primary IP address").
// keepalived compares IPv4 as a 32-bit unsigned number and IPv6 as a 128-bit one; here both are compared as
// sequences of 16-bit groups, most significant first, which orders them the same way without BigInt.

/** -1, 0 or 1 as a < b, a = b, a > b. Throws on text that is not an IPv4 / IPv6 address. */
export function compareAddresses(a: string, b: string): -1 | 0 | 1 {
  const x = addressGroups(a);
  const y = addressGroups(b);
  if (x.length !== y.length) throw new Error(`cannot compare addresses of different families: ${a} and ${b}`);
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

/** An address as 16-bit groups: 2 for IPv4, 8 for IPv6. */
export function addressGroups(text: string): number[] {
  if (!text.includes(':')) {
    const q = ipv4Octets(text);
    return [q[0] * 256 + q[1], q[2] * 256 + q[3]];
  }
  let s = text;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const q = ipv4Octets(s.slice(lastColon + 1));
    tail = [q[0] * 256 + q[1], q[2] * 256 + q[3]];
    s = s.slice(0, lastColon + 1) + '0';
  }
  const halves = s.split('::');
  if (halves.length > 2) throw new Error(`not an IPv6 address: ${text}`);
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw new Error(`not an IPv6 address: ${text}`);
    return parseInt(g, 16);
  }));
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  if (tail.length) (halves.length === 2 ? rest : head).pop();
  const gap = 8 - tail.length - head.length - rest.length;
  if (halves.length === 2 && gap < 1) throw new Error(`not an IPv6 address: ${text}`);
  const groups = halves.length === 2 ? [...head, ...new Array<number>(gap).fill(0), ...rest] : head;
  groups.push(...tail);
  if (groups.length !== 8) {
    throw new Error(`not an IPv6 address: ${text}`);
  }
  return groups;
}

function ipv4Octets(text: string): number[] {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) {
    throw new Error(`not an IPv4 address: ${text}`);
  }
  return parts.map(Number);
}
