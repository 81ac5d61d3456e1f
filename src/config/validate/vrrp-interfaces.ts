// What keepalived's VRRP checks know about an interface after reading the kernel's link list: whether it exists,
// its hardware type, flags and MTU. Read from sysfs through the SystemView, so tests can supply a machine.
import type { SystemView } from '../system-view';

const ARPHRD_ETHER = 1;
const ARPHRD_LOOPBACK = 772;
const IFF_MULTICAST = 0x1000;
/** keepalived's DEFAULT_MTU, used when an interface's MTU is unknown. */
export const DEFAULT_MTU = 1500;

export interface InterfaceFacts {
  loopback: boolean;
  ethernet: boolean;
  multicast: boolean;
  mtu: number;
}

function readNumber(system: SystemView, path: string): number | undefined {
  const text = system.readText(path)?.trim();
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Facts about an existing interface; undefined when it does not exist in this namespace. */
export function interfaceFacts(system: SystemView, name: string): InterfaceFacts | undefined {
  // Names that are no interface must not become paths.
  if (name === '' || name.includes('/') || name === '.' || name === '..') return undefined;
  if (!system.interfaceExists(name)) return undefined;
  const dir = `/sys/class/net/${name}`;
  const type = readNumber(system, `${dir}/type`);
  const flags = readNumber(system, `${dir}/flags`);
  return {
    loopback: type === ARPHRD_LOOPBACK,
    // Unknown type: assume the common case rather than refuse a VMAC.
    ethernet: type === undefined || type === ARPHRD_ETHER,
    multicast: flags === undefined || (flags & IFF_MULTICAST) !== 0,
    mtu: readNumber(system, `${dir}/mtu`) ?? DEFAULT_MTU,
  };
}
