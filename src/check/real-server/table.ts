// The IPVS table keepalived's checker process would have programmed: for each virtual server the destinations it
// added, with the weight it last wrote. Plain data; the IPVS reconciler turns it into netlink requests.
import { expandRange } from '../../ipvs/expand-range';
import type { AddressFamily, ForwardingMethod, VirtualServer, VirtualServerGroup } from '../../config/model/virtual-server';

export interface DesiredDestination {
  family: AddressFamily;
  address: string;
  port: number;
  weight: number;
  forwarding: ForwardingMethod;
  uthreshold: number;
  lthreshold: number;
}

/** One IPVS service: by address (protocol, address, port) or by firewall mark. */
export interface DesiredService {
  /** Index of the virtual_server block it comes from. */
  vsIndex: number;
  family: AddressFamily;
  protocol: 'TCP' | 'UDP' | 'SCTP' | undefined;
  address: string | undefined;
  port: number;
  fwmark: number | undefined;
  destinations: DesiredDestination[];
}

/** Identity of a destination inside its service: keepalived (and IPVS) key it by address and port. */
export const destKey = (address: string, port: number): string => `${address}|${port}`;

/**
 * The destinations of one virtual server as keepalived's add/edit/delete commands leave them. Adding one that
 * exists fails with EEXIST and changes nothing; an edit of a missing one becomes an add (keepalived's fallback).
 */
export class DestinationSet {
  private readonly dests = new Map<string, DesiredDestination>();

  add(d: DesiredDestination): void {
    const k = destKey(d.address, d.port);
    if (!this.dests.has(k)) this.dests.set(k, d);
  }

  edit(d: DesiredDestination): void {
    this.dests.set(destKey(d.address, d.port), d);
  }

  delete(address: string, port: number): void {
    this.dests.delete(destKey(address, port));
  }

  has(address: string, port: number): boolean {
    return this.dests.has(destKey(address, port));
  }

  clear(): void {
    this.dests.clear();
  }

  list(): DesiredDestination[] {
    return [...this.dests.values()];
  }
}

/** The services a virtual server stands for: itself, or every address and fwmark of its group. */
export function servicesOf(vs: VirtualServer, vsIndex: number, groups: readonly VirtualServerGroup[]): Omit<DesiredService, 'destinations'>[] {
  const family = vs.ipFamily ?? 'inet';
  if (vs.group === undefined) {
    if (vs.fwmark !== undefined && vs.fwmark !== 0) {
      return [{ vsIndex, family, protocol: undefined, address: undefined, port: 0, fwmark: vs.fwmark }];
    }
    return [{ vsIndex, family, protocol: vs.protocol, address: vs.address, port: vs.port, fwmark: undefined }];
  }
  const group = groups.find((g) => g.name === vs.group);
  if (!group) return [];
  const out: Omit<DesiredService, 'destinations'>[] = [];
  for (const r of group.addressRanges) {
    for (const address of expandRange(r.family, r.address, r.addressEnd)) {
      out.push({ vsIndex, family: r.family, protocol: vs.protocol, address, port: r.port, fwmark: undefined });
    }
  }
  for (const f of group.fwmarks) {
    out.push({ vsIndex, family: f.family ?? family, protocol: undefined, address: undefined, port: 0, fwmark: f.fwmark });
  }
  return out;
}

/** The destinations as a given service carries them: direct-routed and tunnelled ones take the service's port. */
export function destinationsFor(service: Omit<DesiredService, 'destinations'>, dests: readonly DesiredDestination[]): DesiredDestination[] {
  return dests.map((d) => (d.forwarding.method === 'NAT' ? d : { ...d, port: service.fwmark !== undefined ? 0 : service.port }));
}
