// Desired IPVS table → the fewest operations that make the kernel's table equal it (DESIGN principle 4). Pure
// planning (planIpvs) apart from carrying out (applyIpvsOps), so a plan is testable without a kernel.
//
// Ownership: a service is ours when it is desired now or was ours before (the caller keeps that set, e.g. the
// previous desired table). Services we never owned are not read into the plan at all: a foreign service is never
// edited, emptied or deleted. A desired service that already exists foreign is taken over (edited in place), which
// is what keepalived's add-then-EEXIST amounts to.
//
// Order: deletions of services no longer wanted first (frees addresses), then per desired service: add or edit the
// service, delete stale destinations, edit changed ones, add new ones. Running the plan twice changes nothing.
import { destId, serviceId } from './describe';
import type { DestKey, IpvsClient, IpvsDest, IpvsService, ServiceKey, TableService } from './types';

export type IpvsOp =
  | { kind: 'add-service'; service: IpvsService }
  | { kind: 'edit-service'; service: IpvsService }
  | { kind: 'delete-service'; service: ServiceKey }
  | { kind: 'add-dest'; service: ServiceKey; dest: IpvsDest }
  | { kind: 'edit-dest'; service: ServiceKey; dest: IpvsDest }
  | { kind: 'delete-dest'; service: ServiceKey; dest: DestKey };

function sameService(a: IpvsService, b: IpvsService): boolean {
  return a.scheduler === b.scheduler && a.flags === b.flags && a.timeout === b.timeout && a.netmask === b.netmask && a.peName === b.peName;
}

function sameDest(a: IpvsDest, b: IpvsDest): boolean {
  if (a.forward !== b.forward || a.weight !== b.weight || a.upperThreshold !== b.upperThreshold || a.lowerThreshold !== b.lowerThreshold) return false;
  // Tunnel settings mean nothing (and the kernel reports defaults) for other methods.
  return a.forward !== 'tunnel' ||
    (a.tunnelType === b.tunnelType && a.tunnelPort === b.tunnelPort && a.tunnelChecksum === b.tunnelChecksum);
}

/**
 * The operations that turn `current` into `desired` for the services we own. `owned` holds the ids (describe.ts
 * serviceId) of services we programmed before; desired services are owned implicitly.
 */
export function planIpvs(desired: TableService[], current: TableService[], owned: Iterable<string> = []): IpvsOp[] {
  const want = new Map<string, TableService>();
  for (const t of desired) {
    const id = serviceId(t.service);
    const prev = want.get(id);
    // Two desired entries for one service (two virtual_servers naming it): one service with both sets of dests.
    want.set(id, prev ? { service: prev.service, dests: mergeDests(prev.dests, t.dests) } : { service: t.service, dests: mergeDests([], t.dests) });
  }
  const ours = new Set(owned);
  const have = new Map(current.map((t) => [serviceId(t.service), t]));
  const ops: IpvsOp[] = [];

  for (const [id, t] of have) {
    if (ours.has(id) && !want.has(id)) ops.push({ kind: 'delete-service', service: t.service });
  }
  for (const [id, w] of want) {
    const h = have.get(id);
    if (!h) {
      ops.push({ kind: 'add-service', service: w.service });
      for (const d of w.dests) ops.push({ kind: 'add-dest', service: w.service, dest: d });
      continue;
    }
    if (!sameService(w.service, h.service)) ops.push({ kind: 'edit-service', service: w.service });
    const wantDests = new Map(w.dests.map((d) => [destId(d), d]));
    const haveDests = new Map(h.dests.map((d) => [destId(d), d]));
    for (const [did, d] of haveDests) if (!wantDests.has(did)) ops.push({ kind: 'delete-dest', service: w.service, dest: d });
    for (const [did, d] of wantDests) {
      const cur = haveDests.get(did);
      if (cur && !sameDest(d, cur)) ops.push({ kind: 'edit-dest', service: w.service, dest: d });
    }
    for (const [did, d] of wantDests) if (!haveDests.has(did)) ops.push({ kind: 'add-dest', service: w.service, dest: d });
  }
  return ops;
}

function mergeDests(into: IpvsDest[], more: IpvsDest[]): IpvsDest[] {
  const byId = new Map(into.map((d) => [destId(d), d]));
  for (const d of more) if (!byId.has(destId(d))) byId.set(destId(d), d);
  return [...byId.values()];
}

export interface ApplyResult {
  applied: IpvsOp[];
  failed: Array<{ op: IpvsOp; error: Error }>;
}

/** Carries out the operations in order; a failure is recorded and the rest still run. */
export async function applyIpvsOps(client: IpvsClient, ops: IpvsOp[]): Promise<ApplyResult> {
  const result: ApplyResult = { applied: [], failed: [] };
  for (const op of ops) {
    try {
      await runOp(client, op);
      result.applied.push(op);
    } catch (e) {
      result.failed.push({ op, error: e instanceof Error ? e : new Error(String(e)) });
    }
  }
  return result;
}

function runOp(client: IpvsClient, op: IpvsOp): Promise<void> {
  switch (op.kind) {
    case 'add-service': return client.addService(op.service);
    case 'edit-service': return client.editService(op.service);
    case 'delete-service': return client.deleteService(op.service);
    case 'add-dest': return client.addDest(op.service, op.dest);
    case 'edit-dest': return client.editDest(op.service, op.dest);
    case 'delete-dest': return client.deleteDest(op.service, op.dest);
  }
}

/** Reads the kernel's table, plans against it and applies the plan. */
export async function reconcileIpvs(client: IpvsClient, desired: TableService[], owned: Iterable<string> = []): Promise<ApplyResult & { planned: IpvsOp[] }> {
  const planned = planIpvs(desired, await client.readTable(), owned);
  return { planned, ...(await applyIpvsOps(client, planned)) };
}
