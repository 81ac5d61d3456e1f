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

/** What the three linkbeat probes say about an interface: -1 the NIC does not answer it, 0 no link, 1 link. */
export interface LinkProbe {
  readonly mii: number;
  readonly ethtool: number;
  /** IFF_UP and IFF_RUNNING from SIOCGIFFLAGS; 0 when the interface is gone, -1 on any other failure. */
  readonly flags: number;
}

/** MII BMSR, ETHTOOL_GLINK and SIOCGIFFLAGS in one call: short ioctls that never wait on the device. */
export function interfaceLinkProbe(ifname: string): LinkProbe {
  const [mii, ethtool, flags] = native().ifLinkProbe(ifname);
  return { mii, ethtool, flags };
}
