// What an instance with `use_vmac` needs for its macvlan (reference §4.13), decided before anything is created:
// the VMAC's name (the configuration layer already chose it: the configured one, else keepalived's `PREFIX.VRID`
// or the next free variant), its MAC (00:00:5e:00:01:VRID for IPv4, 00:00:5e:00:02:VRID for IPv6, or the configured one), and which interface
// the adverts use. An existing private macvlan on the same base with the instance's MAC (left by an earlier run)
// is taken over as keepalived takes it over ("Found matching interface").
import type { VrrpInstance as VrrpInstanceConfig } from '../../config/model/vrrp';
import type { LinkInfo } from '../../net/netlink/types';

export interface VmacPlan {
  /** The macvlan's name. */
  readonly name: string;
  /** The configured interface the macvlan sits on. */
  readonly base: string;
  readonly mac: string;
  /** vmac_xmit_base: adverts go out (and come in) on the base interface; VIPs stay on the VMAC. */
  readonly xmitBase: boolean;
  /** The instance's address family. */
  readonly family: 4 | 6;
  /** IPv6 stays enabled on the VMAC: an IPv6 instance, or eVIPs of the other family. */
  readonly ipv6: boolean;
  /** An interface of that name and MAC was already there: taken over, not created. */
  readonly existing: boolean;
}

const hex = (n: number): string => n.toString(16).padStart(2, '0');

/** The MAC keepalived gives the VMAC of an instance. */
export function vmacAddress(vi: VrrpInstanceConfig): string {
  if (vi.useVmac?.mac !== undefined) return vi.useVmac.mac.toLowerCase();
  return `00:00:5e:00:${vi.family === 'inet6' ? '02' : '01'}:${hex(vi.virtualRouterId)}`;
}

/** Hands out each instance's VMAC: an existing matching macvlan once, else the name the configuration chose. */
export class VmacNames {
  private readonly taken = new Set<string>();

  constructor(
    private readonly links: readonly LinkInfo[],
    private readonly prefix: string,
  ) {}

  plan(vi: VrrpInstanceConfig, base: string): VmacPlan | undefined {
    if (vi.useVmac === undefined) return undefined;
    const mac = vmacAddress(vi);
    const ipv6 = vi.family === 'inet6' || vi.virtualIpaddressExcluded.some((a) => a.family !== vi.family);
    const common = { base, mac, xmitBase: vi.vmacXmitBase, ipv6, family: vi.family === 'inet6' ? 6 as const : 4 as const };
    // keepalived takes over any private macvlan on the base with the instance's MAC, whatever its name.
    const baseLink = this.links.find((l) => l.name === base);
    const match = this.links.find((l) => l.kind === 'macvlan' && l.mac === mac && baseLink !== undefined &&
      l.parent === baseLink.index && !this.taken.has(l.name));
    if (match) {
      this.taken.add(match.name);
      return { ...common, name: match.name, existing: true };
    }
    const name = vi.useVmac.name ?? `${this.prefix}.${vi.virtualRouterId}`;
    this.taken.add(name);
    return { ...common, name, existing: false };
  }
}
