// The nftables ruleset keepalived 2.2.7 keeps for no_accept / strict instances, as `nft -f` script text (pure).
//
//   table ip  T { set vips; chain out (output hook): ip saddr @vips drop; chain in (input hook): ip daddr @vips drop }
//   table ip6 T { sets vips, neighbor-discovery (NS, NA), vips_link_local[_name];
//                 in/out: ND accepted, fe80::/10 goes to in_link_local/out_link_local (address . interface), else @vips }
//
// Each family's table is made the first time an address of that family is blocked (so a BACKUP that never was
// MASTER has none), and both are deleted at stop. Chain priority is `nftables_priority` (default -1), and every
// rule carries a counter with `nftables_counters`. Link-local VIPs are keyed by interface index, or by interface
// name for a dont_track_primary instance (unless `nftables_ifindex`).

export interface NftOptions {
  /** Table name (`nftables [TABLE]`, default keepalived). */
  readonly table: string;
  /** Base chain priority (`nftables_priority`). */
  readonly priority: number;
  /** `nftables_counters`. */
  readonly counters: boolean;
}

export type NftFamily = 'ip' | 'ip6';

/** Which link-local set an IPv6 link-local VIP goes in. */
export type LinkLocalKey = 'ifindex' | 'ifname';

/** One blocked address: an IPv4 or IPv6 address, and for a link-local one its interface and key kind. */
export interface NftElement {
  readonly family: NftFamily;
  readonly address: string;
  /** IPv6 link-local only. */
  readonly linkLocal?: { readonly dev: string; readonly key: LinkLocalKey };
}

/** Table names go unquoted (nft takes no quoted table name); interface names are quoted strings. */
const q = (name: string): string => name;
const str = (s: string): string => JSON.stringify(s);

function counter(o: NftOptions): string {
  return o.counters ? 'counter ' : '';
}

function baseChain(o: NftOptions, family: NftFamily, chain: 'in' | 'out'): string {
  const hook = chain === 'in' ? 'input' : 'output';
  return `add chain ${family} ${q(o.table)} ${chain} { type filter hook ${hook} priority ${o.priority}; policy accept; }`;
}

/** nft_setup_ipv4 + nft_setup_ipv4_vips: the ip table, its chains, the vips set and the two drop rules. */
export function ipv4TableScript(o: NftOptions): string[] {
  const t = q(o.table);
  const c = counter(o);
  return [
    `add table ip ${t}`,
    baseChain(o, 'ip', 'out'),
    baseChain(o, 'ip', 'in'),
    `add set ip ${t} vips { type ipv4_addr; }`,
    `add rule ip ${t} in ip daddr @vips ${c}drop`,
    `add rule ip ${t} out ip saddr @vips ${c}drop`,
  ];
}

/** nft_setup_ipv6 + nft_setup_ipv6_vips: the ip6 table; neighbour discovery always passes. */
export function ipv6TableScript(o: NftOptions): string[] {
  const t = q(o.table);
  const c = counter(o);
  return [
    `add table ip6 ${t}`,
    baseChain(o, 'ip6', 'out'),
    baseChain(o, 'ip6', 'in'),
    `add chain ip6 ${t} in_link_local`,
    `add chain ip6 ${t} out_link_local`,
    `add set ip6 ${t} vips { type ipv6_addr; }`,
    `add set ip6 ${t} neighbor-discovery { type icmpv6_type; flags constant; elements = { nd-neighbor-solicit, nd-neighbor-advert }; }`,
    `add rule ip6 ${t} in icmpv6 type @neighbor-discovery ${c}accept`,
    `add rule ip6 ${t} in ip6 daddr fe80::/10 ${c}goto in_link_local`,
    `add rule ip6 ${t} out icmpv6 type @neighbor-discovery ${c}accept`,
    `add rule ip6 ${t} out ip6 saddr fe80::/10 ${c}goto out_link_local`,
    `add rule ip6 ${t} in ip6 daddr @vips ${c}drop`,
    `add rule ip6 ${t} out ip6 saddr @vips ${c}drop`,
  ];
}

export function linkLocalSetName(key: LinkLocalKey): string {
  return key === 'ifname' ? 'vips_link_local_name' : 'vips_link_local';
}

/** setup_link_local_checks: the (address . interface) set and the rules of the two link-local chains. */
export function linkLocalScript(o: NftOptions, key: LinkLocalKey): string[] {
  const t = q(o.table);
  const c = counter(o);
  const set = linkLocalSetName(key);
  const [type, iif, oif] = key === 'ifname' ? ['ifname', 'iifname', 'oifname'] : ['iface_index', 'iif', 'oif'];
  return [
    `add set ip6 ${t} ${set} { type ipv6_addr . ${type}; }`,
    `add rule ip6 ${t} in_link_local ip6 daddr . ${iif} @${set} ${c}drop`,
    `add rule ip6 ${t} out_link_local ip6 saddr . ${oif} @${set} ${c}drop`,
  ];
}

/** The set an element belongs to. */
export function elementSet(e: NftElement): string {
  return e.linkLocal ? linkLocalSetName(e.linkLocal.key) : 'vips';
}

function elementText(e: NftElement): string {
  return e.linkLocal ? `${e.address} . ${str(e.linkLocal.dev)}` : e.address;
}

/** `add element` / `delete element` lines, one per set, in keepalived's order (ip vips, ip6 vips, link-local). */
export function elementsScript(o: NftOptions, op: 'add' | 'delete', elements: readonly NftElement[]): string[] {
  const groups = new Map<string, { family: NftFamily; set: string; items: string[] }>();
  const order = ['ip vips', 'ip6 vips', 'ip6 vips_link_local', 'ip6 vips_link_local_name'];
  for (const e of elements) {
    const set = elementSet(e);
    const key = `${e.family} ${set}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { family: e.family, set, items: [] }));
    g.items.push(elementText(e));
  }
  return [...groups.entries()]
    .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
    .map(([, g]) => `${op} element ${g.family} ${q(o.table)} ${g.set} { ${g.items.join(', ')} }`);
}

/**
 * nft_add_vmac's fixed part: IGMP (IPv4) or MLD reports (IPv6) a VMAC would send with the virtual MAC are sent
 * instead out of its base interface (vmac_map: VMAC index → base index) and dropped on the VMAC, so a BACKUP's
 * reports never teach a switch where the virtual MAC is; IPv6 also drops router solicitations from VMACs.
 */
export function vmacScript(o: NftOptions, family: NftFamily): string[] {
  const t = q(o.table);
  const c = counter(o);
  const lines = [
    `add table ${family} ${t}`,
    baseChain(o, family, 'out'),
    `add map ${family} ${t} vmac_map { type iface_index : iface_index; }`,
  ];
  if (family === 'ip') {
    lines.push(`add rule ip ${t} out ip protocol igmp meta oifkind "macvlan" dup to ip daddr device oif map @vmac_map ${c}drop`);
  } else {
    lines.push(
      `add set ip6 ${t} vmac_set { type iface_index; }`,
      `add rule ip6 ${t} out icmpv6 type mld2-listener-report meta oifkind "macvlan" dup to ip6 daddr device oif map @vmac_map ${c}drop`,
      `add rule ip6 ${t} out icmpv6 type nd-router-solicit meta oifkind "macvlan" oif @vmac_set ${c}drop`,
    );
  }
  return lines;
}

/** One VMAC in (or out of) the vmac map and, for IPv6, the vmac set; by index, as keepalived keys them. */
export function vmacElementsScript(o: NftOptions, family: NftFamily, op: 'add' | 'delete', vmacIndex: number, baseIndex: number): string[] {
  const t = q(o.table);
  const lines = [`${op} element ${family} ${t} vmac_map { ${vmacIndex} : ${baseIndex} }`];
  if (family === 'ip6') lines.push(`${op} element ip6 ${t} vmac_set { ${vmacIndex} }`);
  return lines;
}

export function deleteTableScript(o: NftOptions, family: NftFamily): string {
  return `delete table ${family} ${q(o.table)}`;
}
