// keepalived -D's "Assigned address X for interface Y" lines (the VRRP process, as it completes its instances, at
// start-up and at each reload): when an instance joins the tracking list of the interface it runs on and that list
// was empty, keepalived names the interface's IPv4 address (the first the kernel lists) and its IPv6 link-local
// address. A track_interface of an instance met earlier (or of the same one, read first) puts the interface on the
// list silently, so nothing is named for it then.
import type { KeepalivedConfig } from '../../config/model/keepalived-config';
import type { KernelAddress, LinkInfo } from '../../net/netlink';

/** RT_SCOPE_LINK */
const SCOPE_LINK = 253;

export function assignedAddressLines(config: KeepalivedConfig, links: readonly LinkInfo[], addrs: readonly KernelAddress[]): string[] {
  const indexOf = new Map(links.map((l) => [l.name, l.index] as const));
  const tracked = new Set<string>();
  const out: string[] = [];
  for (const vi of config.vrrpInstances) {
    const own = vi.interface;
    if (own === undefined) continue;
    // keepalived drops a track_interface naming the instance's own interface.
    for (const t of vi.trackInterface) if (t.name !== own && indexOf.has(t.name)) tracked.add(t.name);
    const index = indexOf.get(own);
    if (index === undefined || tracked.has(own)) continue;
    tracked.add(own);
    const mine = addrs.filter((a) => a.index === index);
    const v4 = mine.find((a) => a.family === 4);
    const v6 = mine.find((a) => a.family === 6 && a.scope === SCOPE_LINK);
    for (const a of [v4, v6]) if (a) out.push(`Assigned address ${a.address} for interface ${own}`);
  }
  return out;
}
