// Keeps the kernel's IPVS table equal to the checker state's (DESIGN principle 4): every change only marks the
// table dirty; one reconcile runs at a time and, when it ends dirty again, runs once more with the newest table.
// Nothing here blocks the loop, and a burst of checker results costs one pass. Services are ours when we desired
// them once; the reconciler never touches any other.
import { serviceId } from '../../ipvs/describe';
import { reconcileIpvs, type IpvsOp } from '../../ipvs/reconcile';
import type { IpvsClient, TableService } from '../../ipvs/types';

export interface IpvsWriterDeps {
  client: IpvsClient;
  /** The table wanted now (read at the start of each pass). */
  desired: () => TableService[];
  /** A failed operation (its message names it: "add service TCP 10.0.0.1:80: EEXIST (File exists)"), or a
   * failed read of the kernel's table (op undefined). */
  onError: (error: Error, op: IpvsOp | undefined) => void;
}

export class IpvsWriter {
  private readonly owned = new Set<string>();
  private dirty = false;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: IpvsWriterDeps) {}

  /** The table has changed: reconcile soon (coalesced). */
  schedule(): void {
    this.dirty = true;
    if (!this.running) this.running = this.loop().finally(() => (this.running = undefined));
  }

  /** Reconciles now (after any pass under way) and resolves when the kernel matches. */
  async flush(): Promise<void> {
    this.schedule();
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      const desired = this.deps.desired();
      try {
        const r = await reconcileIpvs(this.deps.client, desired, this.owned);
        for (const t of desired) this.owned.add(serviceId(t.service));
        for (const op of r.applied) if (op.kind === 'delete-service') this.owned.delete(serviceId(op.service));
        for (const f of r.failed) this.deps.onError(f.error, f.op);
      } catch (e) {
        this.deps.onError(e instanceof Error ? e : new Error(String(e)), undefined);
      }
    }
  }
}
