// keepalived's inet_stosockaddr() for the VRRP keywords that take a bare address (source addresses, multicast
// group, unicast peers): a ':' makes it IPv6, anything from the first '-' or '/' is ignored, and the rest must be
// what inet_pton() accepts.
import { parseIp, ParsedIp } from '../values/ip-text';

export type InetAddress = ParsedIp;

/** The address a keyword names, or undefined where keepalived reports it as malformed. */
export function parseInet(word: string): InetAddress | undefined {
  const cut = word.search(/[-/]/);
  const text = cut >= 0 ? word.slice(0, cut) : word;
  // The family is guessed from the whole word, as keepalived does.
  const parsed = parseIp(text);
  if (parsed === undefined || (parsed.family === 'inet6') !== word.includes(':')) return undefined;
  return parsed;
}

/** IN_MULTICAST (224.0.0.0/4) for IPv4; IN6_IS_ADDR_MC_LINKLOCAL (ffX2::/16) for IPv6. */
export function isVrrpMulticastGroup(a: InetAddress): boolean {
  if (a.family === 'inet') return ((a.bytes[0] as number) & 0xf0) === 0xe0;
  return a.bytes[0] === 0xff && ((a.bytes[1] as number) & 0x0f) === 0x02;
}

/** IN6_IS_ADDR_LINKLOCAL: fe80::/10. */
export function isIpv6LinkLocal(bytes: readonly number[]): boolean {
  return bytes.length === 16 && bytes[0] === 0xfe && ((bytes[1] as number) & 0xc0) === 0x80;
}
