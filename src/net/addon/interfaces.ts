// Interface look-ups (index, name, MAC) through the addon, in the calling process's network namespace.
import { native } from './native';

/** The ifindex of an interface in this process's network namespace; throws code ENODEV if absent. */
export function interfaceIndex(ifname: string): number {
  return native().ifIndex(ifname);
}

/** The name of the interface with this index; throws code ENXIO if absent. */
export function interfaceName(ifindex: number): string {
  return native().ifName(ifindex);
}

/** The 6-byte hardware address of an interface (SIOCGIFHWADDR). */
export function interfaceMac(ifname: string): Buffer {
  return native().ifMac(ifname);
}
