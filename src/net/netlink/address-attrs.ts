// How keepalived 2.2.7 turns a configured address into RTM_NEWADDR / RTM_DELADDR (vrrp_ipaddress.c,
// netlink_ipaddress), so that `ip addr` shows our VIPs exactly as it shows keepalived's:
// - IFA_LOCAL is the address; IFA_ADDRESS is the peer when one is configured, otherwise the address again.
// - IPv4: IFA_BROADCAST when configured (`brd +`/`brd -` are computed at config time, see computeBroadcast),
//   IFA_LABEL when configured, the scope in the header.
// - IPv6: IFA_F_NODAD unless `-nodad` (a VRRP VIP must be usable at once and must not go dadfailed during a
//   split brain); a /128 gets preferred_lft 0 (deprecated, so it is never chosen as a source address) unless
//   `preferred_lft forever`; scope and label are not sent (the kernel derives the scope from the address).
// - Flags (home, mngtmpaddr, noprefixroute, autojoin) go in the 32-bit IFA_FLAGS attribute, only when non-zero.
// - A delete carries only what identifies the address: index, prefix length, IFA_LOCAL (and IFA_ADDRESS for IPv4).
import type { rt } from 'netlink';
import { bufferIp, afOf, ipBuffer } from './ip-text';
import { AddressSpec, FOREVER } from './types';

export interface AddressRequest {
  data: rt.Address;
  attrs: rt.AddressAttrs;
}

/** The preferred lifetime keepalived gives the address: 0 for an IPv6 /128 unless configured, else forever. */
export function effectivePreferredLft(spec: Pick<AddressSpec, 'family' | 'prefix' | 'preferredLft'>): number {
  if (spec.preferredLft === 'forever') return FOREVER;
  if (spec.preferredLft !== undefined) return spec.preferredLft;
  return spec.family === 6 && spec.prefix === 128 ? 0 : FOREVER;
}

/** IFA_F_NODAD as keepalived sets it: every IPv6 address unless `-nodad`; never IPv4. */
export function effectiveNodad(spec: Pick<AddressSpec, 'family' | 'nodad'>): boolean {
  return spec.family === 6 && spec.nodad !== false;
}

/**
 * `brd +` (host bits set) or `brd -` (host bits clear) for an IPv4 address, from the peer when there is one.
 * Undefined when the prefix is longer than 30: keepalived then reports "Address prefix length N too long for
 * broadcast" and sets none.
 */
export function computeBroadcast(address: string, prefix: number, mode: '+' | '-'): string | undefined {
  if (prefix > 30) return undefined;
  const b = ipBuffer(address, 4);
  const host = prefix === 0 ? 0xffffffff : 0xffffffff >>> prefix;
  const n = b.readUInt32BE(0);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((mode === '+' ? n | host : n & ~host) >>> 0, 0);
  return bufferIp(out);
}

/** '10.0.0.1/24 dev eth0' (or 'dev #3' without a name), for error messages and logs. */
export function describeAddress(spec: Pick<AddressSpec, 'address' | 'prefix' | 'index' | 'ifname'>): string {
  return `${spec.address}/${spec.prefix} dev ${spec.ifname ?? `#${spec.index}`}`;
}

function checkSpec(spec: AddressSpec): void {
  if (!Number.isInteger(spec.index) || spec.index <= 0) throw new TypeError(`bad interface index ${spec.index}`);
  const max = spec.family === 4 ? 32 : 128;
  if (!Number.isInteger(spec.prefix) || spec.prefix < 0 || spec.prefix > max) {
    throw new TypeError(`bad prefix length ${spec.prefix} for IPv${spec.family}`);
  }
  if (spec.family === 6 && spec.broadcast !== undefined) throw new TypeError('IPv6 addresses have no broadcast');
}

/** The RTM_NEWADDR payload keepalived sends for this address. Throws TypeError on a malformed spec. */
export function addAddressRequest(spec: AddressSpec): AddressRequest {
  checkSpec(spec);
  const local = ipBuffer(spec.address, spec.family);
  const attrs: rt.AddressAttrs = { local, address: spec.peer ? ipBuffer(spec.peer, spec.family) : local };
  const data: rt.Address = { family: afOf(spec.family), prefixlen: spec.prefix, index: spec.index };
  if (spec.family === 4) {
    if (spec.scope) data.scope = spec.scope;
    if (spec.broadcast) attrs.broadcast = ipBuffer(spec.broadcast, 4);
    if (spec.label) attrs.label = spec.label;
  }
  const preferred = effectivePreferredLft(spec);
  if (preferred !== FOREVER) attrs.cacheInfo = { ifaPrefered: preferred, ifaValid: FOREVER, cstamp: 0, tstamp: 0 };
  const flags: rt.AddressFlags = {};
  if (effectiveNodad(spec)) flags.nodad = true;
  if (spec.home) flags.homeaddress = true;
  if (spec.mngtmpaddr) flags.managetempaddr = true;
  if (spec.noprefixroute) flags.noprefixroute = true;
  if (spec.autojoin) flags.mcautojoin = true;
  if (Object.keys(flags).length > 0) attrs.flags = flags;
  return { data, attrs };
}

/** The RTM_DELADDR payload: only what identifies the address. */
export function deleteAddressRequest(spec: AddressSpec): AddressRequest {
  checkSpec(spec);
  const local = ipBuffer(spec.address, spec.family);
  const attrs: rt.AddressAttrs = { local };
  if (spec.family === 4) attrs.address = spec.peer ? ipBuffer(spec.peer, 4) : local;
  return { data: { family: afOf(spec.family), prefixlen: spec.prefix, index: spec.index }, attrs };
}
