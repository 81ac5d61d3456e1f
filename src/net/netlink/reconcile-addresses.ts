// Planning VIP changes by comparing desired state with what the kernel reports (principle 4: reconcile, don't
// replay). Pure: no I/O, the same answer for the same inputs.
//
// Ownership: the planner only ever removes an address whose identity (family, index, address, prefix) is in
// `owned` or `desired`. Everything else on the interfaces — the primary address, addresses of other instances or
// other programs — is left alone, even if it collides with a VIP (the add then fails EEXIST and is reported).
// The prefix is part of the identity on purpose: a VIP 10.0.0.1/32 configured by mistake on top of the primary
// 10.0.0.1/24 must never take the primary away.
//
// An owned address that is present but differs in an attribute keepalived sets (label, broadcast, scope, peer,
// nodad/home/mngtmpaddr/noprefixroute/autojoin, deprecated-or-not) is replaced: removed, then added again. One that
// matches is kept, so running the plan twice does nothing the second time.
//
// Order (keepalived, reference §4.5): callers list VIPs before eVIPs; adds follow that order, removals the reverse
// order. All removals come before all adds, so a replaced address is gone before its new form is added.
import { effectiveNodad, effectivePreferredLft } from './address-attrs';
import { canonicalIp } from './ip-text';
import { AddressSpec, FOREVER, KernelAddress } from './types';

export type AddressIdentity = Pick<AddressSpec, 'family' | 'index' | 'address' | 'prefix'>;

export interface AddressPlan {
  /** Owned addresses to delete, in order (reverse of the owned/desired order). */
  remove: AddressSpec[];
  /** Desired addresses to add, in desired order. */
  add: AddressSpec[];
  /** Desired addresses already present as desired. */
  keep: AddressSpec[];
}

/** 'family|index|address/prefix', address canonical. */
export function addressKey(a: AddressIdentity): string {
  return `${a.family}|${a.index}|${canonicalIp(a.address)}/${a.prefix}`;
}

/** Whether an IPv6 preferred lifetime as the kernel reports it is what was asked for. */
function lifetimeMatches(wanted: number, reported: number): boolean {
  if (wanted === FOREVER || reported === FOREVER) return wanted === reported;
  if (wanted === 0) return reported === 0;
  return reported !== 0; // a finite lifetime counts down; only "expired" or "forever" differ
}

const same = (a: string | undefined, b: string | undefined): boolean =>
  (a === undefined ? undefined : canonicalIp(a)) === (b === undefined ? undefined : canonicalIp(b));

/** Whether the kernel's address carries every attribute keepalived would have set for `spec`. */
export function addressMatches(spec: AddressSpec, k: KernelAddress): boolean {
  if (!same(spec.peer, k.peer)) return false;
  if (spec.family === 4) {
    // The kernel reports the interface name as the label of an unlabelled IPv4 address.
    const label = spec.label ?? spec.ifname;
    if (label !== undefined && k.label !== label) return false;
    if (!same(spec.broadcast, k.broadcast)) return false;
    if ((spec.scope ?? 0) !== k.scope) return false;
  }
  const f = k.flags;
  if (effectiveNodad(spec) !== f.nodad) return false;
  if (!!spec.home !== f.home || !!spec.mngtmpaddr !== f.mngtmpaddr) return false;
  if (!!spec.noprefixroute !== f.noprefixroute || !!spec.autojoin !== f.autojoin) return false;
  return lifetimeMatches(effectivePreferredLft(spec), k.preferredLft);
}

/** The kernel address as a spec that deletes exactly it. */
function kernelAsSpec(k: KernelAddress, ifname?: string): AddressSpec {
  const spec: AddressSpec = { index: k.index, family: k.family, address: k.address, prefix: k.prefix };
  if (ifname !== undefined) spec.ifname = ifname;
  if (k.peer) spec.peer = k.peer;
  if (k.label !== undefined) spec.label = k.label;
  return spec;
}

/**
 * The removals and additions that make the kernel's owned addresses equal to `desired`.
 * `owned`: every address this owner may have configured (e.g. the previous configuration's VIPs on reload, or all
 * of an instance's VIPs when it leaves MASTER with an empty desired set). `desired` is always owned.
 */
export function planAddresses(
  desired: readonly AddressSpec[],
  kernel: readonly KernelAddress[],
  owned: readonly AddressIdentity[] = [],
): AddressPlan {
  const wanted = new Map<string, AddressSpec>();
  for (const d of desired) if (!wanted.has(addressKey(d))) wanted.set(addressKey(d), d);
  // Owned keys with their position in keepalived's order (owned first, then desired-only ones).
  const rank = new Map<string, number>();
  for (const a of [...owned, ...desired]) {
    const k = addressKey(a);
    if (!rank.has(k)) rank.set(k, rank.size);
  }
  const names = new Map<number, string>();
  for (const a of [...owned, ...desired] as Array<Partial<AddressSpec>>) if (a.ifname) names.set(a.index as number, a.ifname);

  const present = new Set<string>();
  const remove: Array<{ rank: number; spec: AddressSpec }> = [];
  for (const k of kernel) {
    const key = addressKey(k);
    const r = rank.get(key);
    if (r === undefined) continue; // not ours
    const d = wanted.get(key);
    if (d && addressMatches(d, k)) {
      present.add(key);
      continue;
    }
    remove.push({ rank: r, spec: kernelAsSpec(k, names.get(k.index)) });
  }
  remove.sort((a, b) => b.rank - a.rank);

  const add: AddressSpec[] = [];
  const keep: AddressSpec[] = [];
  for (const [key, d] of wanted) (present.has(key) ? keep : add).push(d);
  return { remove: remove.map((x) => x.spec), add, keep };
}

/** True when the plan changes nothing. */
export function planIsEmpty(plan: AddressPlan): boolean {
  return plan.remove.length === 0 && plan.add.length === 0;
}
