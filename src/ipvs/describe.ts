// Text for services and destinations as ipvsadm writes them (`TCP 10.0.0.1:80`, `FWM 5 IPv6`, `[fd00::1]:80`):
// the operation names in errors and the keys the reconciler and the fake index by.
import { canonicalIp } from '../net/netlink/ip-text';
import type { DestKey, ServiceKey } from './types';

/** RFC 5952 text, so 'fd00:0::1' and 'fd00::1' name the same thing; text that is no address is kept. */
function canon(address: string): string {
  try {
    return canonicalIp(address);
  } catch {
    return address;
  }
}

export function hostPort(family: 'inet' | 'inet6', address: string, port: number): string {
  return family === 'inet6' ? `[${address}]:${port}` : `${address}:${port}`;
}

export function describeService(k: ServiceKey): string {
  if (k.fwmark > 0) return `FWM ${k.fwmark}${k.family === 'inet6' ? ' IPv6' : ''}`;
  return `${k.protocol ?? '?'} ${hostPort(k.family, k.address, k.port)}`;
}

export function describeDest(d: DestKey): string {
  return hostPort(d.family, d.address, d.port);
}

/** A stable identity for a service (what the kernel looks it up by). */
export function serviceId(k: ServiceKey): string {
  return k.fwmark > 0 ? `fwm/${k.family}/${k.fwmark}` : `${k.protocol}/${hostPort(k.family, canon(k.address), k.port)}`;
}

/** A stable identity for a destination within its service. */
export function destId(d: DestKey): string {
  return hostPort(d.family, canon(d.address), d.port);
}
