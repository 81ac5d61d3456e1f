// keepalived's one-line text of an address, route and rule, as its "Restoring deleted static …" lines print them
// (format_ipaddress / format_iproute / format_iprule): prefixes only when shorter than a host prefix, numbers
// where keepalived prints numbers (proto, scope of routes), names where it prints names.
import type { AddressEntry, IpPrefix, RouteEntry, RuleEntry } from '../../config/model/static-routing';

const RTN_NAMES: Readonly<Record<number, string>> = {
  0: 'none', 1: 'unicast', 2: 'local', 3: 'broadcast', 4: 'anycast', 5: 'multicast', 6: 'blackhole',
  7: 'unreachable', 8: 'prohibit', 9: 'throw', 10: 'nat',
};
const SCOPE_NAMES: Readonly<Record<number, string>> = { 0: 'global', 200: 'site', 253: 'link', 254: 'host', 255: 'nowhere' };

function withLen(address: string, prefixlen: number, family: 'inet' | 'inet6'): string {
  return prefixlen === (family === 'inet' ? 32 : 128) ? address : `${address}/${prefixlen}`;
}

function prefixText(p: IpPrefix): string {
  return withLen(p.address ?? (p.family === 'inet' ? '0.0.0.0' : '::'), p.prefixlen, p.family);
}

export function formatAddress(a: AddressEntry, dev: string): string {
  let s = withLen(a.address, a.prefixlen, a.family);
  if (a.family === 'inet' && a.brd !== undefined && a.brd !== '0.0.0.0') s += ` brd ${a.brd}`;
  s += ` dev ${dev}`;
  s += ` scope ${SCOPE_NAMES[a.scope] ?? String(a.scope)}`;
  if (a.label !== undefined) s += ` label ${a.label}`;
  if (a.peer !== undefined) s += ` peer ${a.peer}/${a.prefixlen}`;
  if (a.home) s += ' home';
  if (a.family === 'inet6' && !a.nodad) s += ' -nodad';
  if (a.mngtmpaddr) s += ' mngtmpaddr';
  if (a.noprefixroute) s += ' noprefixroute';
  if (a.autojoin) s += ' autojoin';
  if (a.noTrack) s += ' no_track';
  if (a.trackGroup) s += ` track_group ${a.trackGroup}`;
  if (a.family === 'inet6') {
    const lft = a.preferredLft ?? (a.prefixlen === 128 ? 0 : 0xffffffff);
    s += lft === 0 ? ' deprecated' : lft === 0xffffffff ? ' preferred_lft forever' : ` preferred_lft ${lft}`;
  }
  return s;
}

function lockable(name: string, m: { value: number; lock: boolean } | undefined): string {
  return m ? ` ${name} ${m.lock ? 'lock ' : ''}${m.value}` : '';
}

export function formatRoute(r: RouteEntry): string {
  let s = 'prepend ';
  if (r.type !== 1) s += `${RTN_NAMES[r.type] ?? String(r.type)} `;
  s += r.to.address === undefined ? 'default' : prefixText(r.to);
  if (r.from) s += ` from ${prefixText(r.from)}`;
  if (r.src) s += ` src ${r.src}`;
  if (r.tos !== undefined) s += ` tos ${r.tos}`;
  if (r.via) s += ` via ${r.via.family} ${r.via.address}`;
  if (r.dev) s += ` dev ${r.dev}`;
  if (r.table !== 254) s += ` table ${r.table}`;
  if (r.protocol !== undefined) s += ` proto ${r.protocol}`;
  if (r.scope !== undefined) s += ` scope ${r.scope}`;
  if (r.metric !== undefined) s += ` metric ${r.metric}`;
  if (r.family === 'inet' && r.onlink) s += ' onlink';
  if (r.realms) s += r.realms & 0xffff0000 ? ` realms ${r.realms >>> 16}/${r.realms & 0xffff}` : ` realms ${r.realms}`;
  if (r.expires !== undefined) s += ` expires ${r.expires}`;
  if (r.congctl) s += ` congctl ${r.congctl.lock ? 'lock ' : ''}${r.congctl.value}`;
  s += lockable('mtu', r.mtu) + (r.window !== undefined ? ` window ${r.window}` : '') + lockable('ssthresh', r.ssthresh);
  s += lockable('cwnd', r.cwnd) + lockable('advmss', r.advmss) + lockable('reordering', r.reordering);
  if (r.hoplimit !== undefined) s += ` hoplimit ${r.hoplimit}`;
  if (r.initcwnd !== undefined) s += ` initcwnd ${r.initcwnd}`;
  if (r.initrwnd !== undefined) s += ` initrwnd ${r.initrwnd}`;
  if (r.quickack !== undefined) s += ` quickack ${r.quickack}`;
  for (const nh of r.nexthops) {
    s += ' nexthop';
    if (nh.via) s += ` via inet${nh.via.family === 'inet' ? '' : '6'} ${nh.via.address}`;
    if (nh.dev) s += ` dev ${nh.dev}`;
    if (nh.weight !== undefined) s += ` weight ${nh.weight}`;
    if (nh.onlink) s += ' onlink';
  }
  if (r.noTrack) s += ' no_track';
  if (r.trackGroup) s += ` track_group ${r.trackGroup}`;
  return s;
}

export function formatRule(r: RuleEntry): string {
  let s = !r.to && !r.from && r.family === 'inet6' ? 'inet6 ' : '';
  if (r.invert) s += 'not ';
  s += r.from ? `from ${prefixText(r.from)}` : 'from all';
  if (r.to) s += ` to ${prefixText(r.to)}`;
  s += ` priority ${r.priority}`;
  s += ` tos 0x${r.tos.toString(16)}`;
  if (r.fwmark !== undefined || r.fwmask !== undefined) {
    s += ` fwmark 0x${(r.fwmark ?? 0).toString(16)}`;
    if (r.fwmask !== undefined && r.fwmask !== 0xffffffff) s += `/0x${r.fwmask.toString(16)}`;
  }
  if (r.iif) s += ` iif ${r.iif}`;
  if (r.oif) s += ` oif ${r.oif}`;
  if (r.suppressPrefixlength !== undefined) s += ` suppress_prefixlen ${r.suppressPrefixlength}`;
  if (r.suppressIfgroup !== undefined) s += ` suppress_ifgroup ${r.suppressIfgroup}`;
  if (r.tunnelId !== undefined && r.tunnelId !== '0') s += ` tunnel-id ${r.tunnelId}`;
  if (r.uidrange) s += ` uidrange ${r.uidrange.start}-${r.uidrange.end}`;
  if (r.l3mdev) s += ' l3mdev';
  if (r.protocol !== undefined) s += ` protocol ${r.protocol}`;
  if (r.ipproto !== undefined) s += ` ipproto ${r.ipproto}`;
  if (r.sport) s += ` sport ${r.sport.start}-${r.sport.end}`;
  if (r.dport) s += ` dport ${r.dport.start}-${r.dport.end}`;
  if (r.realms) s += ` realms ${r.realms >>> 16}/${r.realms & 0xffff}`;
  if (r.action === 1) s += ` lookup ${r.table ?? 254}`;
  else if (r.action === 2) s += ` goto ${r.goto ?? 0}`;
  else if (r.action === 3) s += ' nop';
  else s += ` type ${RTN_NAMES[r.action] ?? String(r.action)}`;
  if (r.noTrack) s += ' no_track';
  if (r.trackGroup) s += ` track_group ${r.trackGroup}`;
  return s;
}
