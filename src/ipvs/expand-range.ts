// A virtual_server_group address range as keepalived walks it.
import { ipBytes, ipString } from '../net/addon/addresses';
import { canonicalIp } from '../net/netlink/ip-text';

/**
 * first..last: only the last octet (IPv4) or the last 16 bits (IPv6) count up, wrapping without carry, until they
 * equal those of `last` (the rest of `last` is not looked at).
 */
export function expandRange(family: 'inet' | 'inet6', first: string, last: string): string[] {
  const bytes = Buffer.from(ipBytes(canonicalIp(first)));
  const endBytes = Buffer.from(ipBytes(canonicalIp(last)));
  const six = family === 'inet6';
  const mod = six ? 0x10000 : 0x100;
  const get = (b: Buffer): number => (six ? b.readUInt16BE(14) : (b[3] as number));
  const end = get(endBytes);
  const out: string[] = [];
  for (let v = get(bytes), n = 0; n < mod; v = (v + 1) % mod, n++) {
    if (six) bytes.writeUInt16BE(v, 14);
    else bytes[3] = v;
    out.push(ipString(bytes));
    if (v === end) break;
  }
  return out;
}
