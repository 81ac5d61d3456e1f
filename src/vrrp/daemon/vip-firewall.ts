// no_accept / strict: while an instance is MASTER (and not the address owner) its VIPs and eVIPs are in keepalived's
// nftables sets, so nothing addressed to them is accepted and nothing is sent from them. This keeps which address
// each instance has blocked (keepalived's per-address nftable_rule_set), builds the tables the first time a family
// is needed (deleting an old table of the same name left by an earlier run, as keepalived does), and deletes them
// at stop. Batches go to the NftRunner in order, without waiting: the loop never blocks on nft.
import type { KeepalivedConfig } from '../../config/model/keepalived-config';
import type { Logger } from '../../core/logging/logger';
import {
  deleteTableScript,
  elementsScript,
  ipv4TableScript,
  ipv6TableScript,
  linkLocalScript,
  type LinkLocalKey,
  type NftElement,
  type NftFamily,
  type NftOptions,
  type NftRunner,
  vmacElementsScript,
  vmacScript,
} from '../../net/firewall';
import type { PlannedAddress } from './instance-plan';

const OWNER_PRIORITY = 255;
const DEFAULT_TABLE = 'keepalived';

/**
 * The nftables options a configuration asks for, or undefined when it needs no firewall. Like keepalived, an
 * instance with no_accept (not the owner) or use_vmac turns nftables on with the default table when `nftables`
 * is not configured (`autoNote` then holds keepalived's log line).
 */
export function firewallOptions(config: KeepalivedConfig): { options: NftOptions; autoNote?: string } | undefined {
  const g = config.globalDefs;
  const needs = config.vrrpInstances.some((vi) => (!vi.accept && vi.priority !== OWNER_PRIORITY) || vi.useVmac !== undefined);
  const base = { priority: g.nftablesPriority ?? -1, counters: g.nftablesCounters };
  if (g.nftables !== undefined) return { options: { table: g.nftables, ...base } };
  if (!needs) return undefined;
  return {
    options: { table: DEFAULT_TABLE, ...base },
    autoNote: 'use_vmac or no_accept/strict specified, but no firewall configured - using nftables',
  };
}

/** IN6_IS_ADDR_LINKLOCAL: fe80::/10. */
function isLinkLocal(address: string): boolean {
  return /^fe[89ab]/i.test(address);
}

/** What an instance's address becomes in the sets. */
export function firewallElement(a: PlannedAddress, instanceIf: string, dontTrackPrimary: boolean, ifindexOnly: boolean): NftElement {
  if (a.family === 4) return { family: 'ip', address: a.address };
  if (!isLinkLocal(a.address)) return { family: 'ip6', address: a.address };
  const byName = !ifindexOnly && dontTrackPrimary && (a.dev === instanceIf || a.entry.noTrack);
  const key: LinkLocalKey = byName ? 'ifname' : 'ifindex';
  return { family: 'ip6', address: a.address, linkLocal: { dev: a.dev, key } };
}

export class VipFirewall {
  private readonly tables = { ip: false, ip6: false };
  /** Families whose table holds the VMAC map and rules. */
  private readonly vmacTables = { ip: false, ip6: false };
  private readonly linkLocal = { ifindex: false, ifname: false };
  /** Blocked addresses by owner (instance name) and address id. */
  private readonly blocked = new Map<string, Map<string, NftElement>>();
  private work: Promise<void> = Promise.resolve();

  constructor(
    private readonly runner: NftRunner,
    readonly options: NftOptions,
    private readonly log: Logger,
    /** nftables_ifindex */
    readonly ifindexOnly: boolean,
  ) {}

  /** Adds the addresses the owner has not blocked yet. */
  block(owner: string, items: ReadonlyArray<{ id: string; element: NftElement }>): void {
    let mine = this.blocked.get(owner);
    if (!mine) this.blocked.set(owner, (mine = new Map()));
    const fresh = items.filter((i) => !mine!.has(i.id));
    if (fresh.length === 0) return;
    for (const i of fresh) mine.set(i.id, i.element);
    const first = this.nothingMade();
    const lines: string[] = [];
    for (const i of fresh) this.ensureFamily(i.element, lines);
    lines.push(...elementsScript(this.options, 'add', fresh.map((i) => i.element)));
    this.submit(lines, first);
  }

  /** Removes the owner's blocked addresses (all, or those ids). */
  unblock(owner: string, ids?: readonly string[]): void {
    const mine = this.blocked.get(owner);
    if (!mine) return;
    const gone: NftElement[] = [];
    for (const id of ids ?? [...mine.keys()]) {
      const e = mine.get(id);
      if (!e) continue;
      mine.delete(id);
      gone.push(e);
    }
    if (gone.length > 0) this.submit(elementsScript(this.options, 'delete', gone), false);
  }

  /** A VMAC joins the map (its IGMP/MLD reports leave from its base instead). */
  addVmac(family: NftFamily, vmacIndex: number, baseIndex: number): void {
    const first = this.nothingMade();
    const lines: string[] = [];
    if (!this.vmacTables[family]) {
      this.vmacTables[family] = true;
      lines.push(...vmacScript(this.options, family));
    }
    lines.push(...vmacElementsScript(this.options, family, 'add', vmacIndex, baseIndex));
    this.submit(lines, first);
  }

  removeVmac(family: NftFamily, vmacIndex: number, baseIndex: number): void {
    if (!this.vmacTables[family]) return;
    this.submit(vmacElementsScript(this.options, family, 'delete', vmacIndex, baseIndex), false);
  }

  private nothingMade(): boolean {
    return !this.tables.ip && !this.tables.ip6 && !this.vmacTables.ip && !this.vmacTables.ip6;
  }

  /** nft_end: deletes the tables this run made; resolves when nft is done. */
  async close(): Promise<void> {
    const lines: string[] = [];
    for (const f of ['ip', 'ip6'] as const) if (this.tables[f] || this.vmacTables[f]) lines.push(deleteTableScript(this.options, f));
    this.tables.ip = this.tables.ip6 = false;
    this.vmacTables.ip = this.vmacTables.ip6 = false;
    this.linkLocal.ifindex = this.linkLocal.ifname = false;
    this.blocked.clear();
    if (lines.length > 0) this.submit(lines, false);
    await this.idle();
  }

  /** Resolves once every batch submitted so far has been applied (or has failed and been logged). */
  idle(): Promise<void> {
    return this.work;
  }

  private ensureFamily(e: NftElement, lines: string[]): void {
    if (!this.tables[e.family]) {
      this.tables[e.family] = true;
      lines.push(...(e.family === 'ip' ? ipv4TableScript(this.options) : ipv6TableScript(this.options)));
    }
    if (e.linkLocal && !this.linkLocal[e.linkLocal.key]) {
      this.linkLocal[e.linkLocal.key] = true;
      lines.push(...linkLocalScript(this.options, e.linkLocal.key));
    }
  }

  private submit(lines: string[], clearOld: boolean): void {
    this.work = this.work.then(async () => {
      const batch = clearOld ? [...(await this.oldTables()), ...lines] : lines;
      await this.runner.apply(batch);
    }).catch((e: unknown) => this.log.error(`nftables: ${(e as Error).message}`));
  }

  /** check_and_delete_tables: a table of our name left by an earlier run is deleted first. */
  private async oldTables(): Promise<string[]> {
    const present = new Set(await this.runner.listTables());
    const out: string[] = [];
    for (const f of ['ip', 'ip6'] as NftFamily[]) {
      if (!present.has(`${f} ${this.options.table}`)) continue;
      this.log.info(`Deleting old ${f} ${this.options.table} table`);
      out.push(deleteTableScript(this.options, f));
    }
    return out;
  }
}
