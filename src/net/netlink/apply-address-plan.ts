// The thin executor of an AddressPlan: removals first (in the plan's order), then additions, each phase pipelined
// through the command channel. One address failing is reported and the rest still go through. A removal that
// finds the address already gone (EADDRNOTAVAIL) or its interface gone (ENODEV, which keepalived ignores on
// delete too) reached the goal anyway, so it is counted as gone rather than failed.
import { NetlinkError, toNetlinkError } from './errors';
import { runInFlight } from './in-flight';
import { AddressPlan, AddressIdentity, planAddresses } from './reconcile-addresses';
import { AddressSpec, NetlinkCommands } from './types';

export interface ApplyOptions {
  /** Requests in flight per phase; default 128 (the command socket's default buffer holds their replies). */
  maxInFlight?: number;
}

export interface AddressFailure {
  action: 'add' | 'remove';
  address: AddressSpec;
  error: NetlinkError;
}

export interface ApplyResult {
  added: AddressSpec[];
  removed: AddressSpec[];
  /** Removals that found nothing to remove. */
  alreadyGone: AddressSpec[];
  failures: AddressFailure[];
}

const GONE = new Set(['EADDRNOTAVAIL', 'ENODEV']);

export async function applyAddressPlan(cmd: NetlinkCommands, plan: AddressPlan, options: ApplyOptions = {}): Promise<ApplyResult> {
  const limit = options.maxInFlight ?? 128;
  const result: ApplyResult = { added: [], removed: [], alreadyGone: [], failures: [] };

  const removals = await runInFlight(plan.remove, limit, (a) => cmd.deleteAddress(a));
  removals.forEach((r, i) => {
    const address = plan.remove[i];
    if (r.ok) return void result.removed.push(address);
    const error = toNetlinkError(r.error, `delete address ${address.address}/${address.prefix}`);
    if (GONE.has(error.code)) result.alreadyGone.push(address);
    else result.failures.push({ action: 'remove', address, error });
  });

  const additions = await runInFlight(plan.add, limit, (a) => cmd.addAddress(a));
  additions.forEach((r, i) => {
    const address = plan.add[i];
    if (r.ok) result.added.push(address);
    else result.failures.push({ action: 'add', address, error: toNetlinkError(r.error, `add address ${address.address}/${address.prefix}`) });
  });
  return result;
}

/** Reads the kernel's addresses, plans, and applies: the whole reconcile step. */
export async function reconcileAddresses(
  cmd: NetlinkCommands,
  desired: readonly AddressSpec[],
  owned: readonly AddressIdentity[] = [],
  options: ApplyOptions = {},
): Promise<{ plan: AddressPlan; result: ApplyResult }> {
  const kernel = await cmd.listAddresses();
  const plan = planAddresses(desired, kernel, owned);
  return { plan, result: await applyAddressPlan(cmd, plan, options) };
}
