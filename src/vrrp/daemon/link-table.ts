// The interfaces the daemon knows, by name and index: read once from the command channel at start-up, then kept
// current from the monitor channel's link events (an interface can be renamed, re-created with a new index, or
// come and go with dynamic_interfaces).
import { LinkInfo, linkIsUp } from '../../net/netlink/types';

export class LinkTable {
  private readonly byIndex = new Map<number, LinkInfo>();
  private readonly byName = new Map<string, LinkInfo>();

  constructor(links: readonly LinkInfo[] = []) {
    for (const l of links) this.put(l);
  }

  put(link: LinkInfo): void {
    const old = this.byIndex.get(link.index);
    if (old && this.byName.get(old.name) === old) this.byName.delete(old.name);
    this.byIndex.set(link.index, link);
    this.byName.set(link.name, link);
  }

  remove(link: LinkInfo): void {
    const old = this.byIndex.get(link.index);
    this.byIndex.delete(link.index);
    if (old && this.byName.get(old.name) === old) this.byName.delete(old.name);
  }

  index(name: string): number | undefined {
    return this.byName.get(name)?.index;
  }

  /** Every known interface. */
  all(): LinkInfo[] {
    return [...this.byIndex.values()];
  }

  /** Every known interface name. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  get(name: string): LinkInfo | undefined {
    return this.byName.get(name);
  }

  name(index: number): string | undefined {
    return this.byIndex.get(index)?.name;
  }

  /** keepalived's IF_FLAGS_UP (IFF_UP and IFF_RUNNING); false for an unknown interface. */
  isUp(name: string): boolean {
    const l = this.byName.get(name);
    return l !== undefined && linkIsUp(l);
  }
}
