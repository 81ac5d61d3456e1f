// Default advert sources when the configuration names none (reference §4.1): the interface's primary IPv4
// address, or its link-local IPv6 address. Read from getifaddrs (os.networkInterfaces), which sees this process's
// network namespace; it lists an interface's IPv4 addresses primary first. Called at registration only.
import { networkInterfaces } from 'node:os';

type Entry = { address: string; family: string | number };

function entries(ifname: string): Entry[] {
  return (networkInterfaces()[ifname] ?? []) as Entry[];
}

const isV4 = (e: Entry): boolean => e.family === 'IPv4' || e.family === 4;
const isV6 = (e: Entry): boolean => e.family === 'IPv6' || e.family === 6;

export function primaryIpv4(ifname: string): string | undefined {
  return entries(ifname).find(isV4)?.address;
}

export function linkLocalIpv6(ifname: string): string | undefined {
  const e = entries(ifname).find((x) => isV6(x) && /^fe[89ab]/i.test(x.address));
  return e?.address.replace(/%.*$/, '');
}
