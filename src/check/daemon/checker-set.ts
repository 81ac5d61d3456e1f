// The running checkers of the checker process, one per entry of RealServer.checkers (FILE_CHECK included; BFD_CHECK
// belongs to the BFD process). Each remembers what its last result was, so that a reload can hand an unchanged
// checker's state to the new configuration and its server does not flap. As keepalived's reload does, the new
// checker is a new one (scheduled afresh, its protocol state reset) that takes over is_up, has_run and retry_it
// (migrate_checkers()); a FILE_CHECK, which only follows its file, is kept as it is.
import type { KeepalivedConfig } from '../../config/model/keepalived-config';
import type { Checker, RealServer, VirtualServer } from '../../config/model/virtual-server';
import type { CheckerRef } from '../real-server/lvs-state';
import type { CheckerDeps, CheckerSpec, HealthChecker } from '../checkers';
import type { MigratedState } from '../checkers/check-state';

export type MakeChecker = (spec: CheckerSpec, deps: CheckerDeps) => HealthChecker;

export interface CheckerEntry {
  /** Same key: same virtual server, real server and checker settings. */
  key: string;
  ref: CheckerRef;
  checker: HealthChecker;
  /** The last verdict reported (the checker's starting view until then) and whether one was. */
  up: boolean;
  hasRun: boolean;
  /** The last weight adjustment reported; dropped when the checker fails. */
  weight: number;
}

/** Where a checker's results go: the entry is looked up at delivery, so a reload can move it to a new ref. */
export type ResultSink = (entry: CheckerEntry, up: boolean, weight: number | undefined, mail?: string) => void;

/** What names a virtual server across a reload. */
export function vsKey(vs: VirtualServer): string {
  return JSON.stringify([vs.group, vs.fwmark, vs.address, vs.port, vs.protocol, vs.ipFamily]);
}

function checkerKey(vs: VirtualServer, rs: RealServer, c: Checker, nth: number): string {
  // MISC_CHECK misc_dynamic weights are relative to the configured weight.
  const weight = c.type === 'MISC_CHECK' ? rs.weight : undefined;
  return `${vsKey(vs)}|${rs.address}|${rs.port}|${weight ?? ''}|${nth}|${JSON.stringify(c)}`;
}

export class CheckerSet {
  private entries: CheckerEntry[] = [];
  private readonly byRef = new Map<string, CheckerEntry>();

  constructor(
    private readonly make: MakeChecker,
    private readonly deps: CheckerDeps,
    private readonly sink: ResultSink,
  ) {}

  /**
   * The checkers for `config`: those that replace an unchanged one are in `kept` (their state to restore), those
   * to start in `created` (new and replacing ones, not started yet); the old ones are stopped.
   */
  load(config: KeepalivedConfig): { kept: CheckerEntry[]; created: CheckerEntry[] } {
    const old = new Map<string, CheckerEntry>();
    for (const e of this.entries) old.set(e.key, e);
    const kept: CheckerEntry[] = [];
    const created: CheckerEntry[] = [];
    const next: CheckerEntry[] = [];
    config.virtualServers.forEach((vs, vsIndex) =>
      vs.realServers.forEach((rs, rsIndex) => {
        const seen = new Map<string, number>();
        rs.checkers.forEach((c, checkerIndex) => {
          if (c.type === 'BFD_CHECK') return;
          const base = JSON.stringify(c);
          const nth = seen.get(base) ?? 0;
          seen.set(base, nth + 1);
          const key = checkerKey(vs, rs, c, nth);
          const ref = { vsIndex, rsIndex, checkerIndex };
          const prev = old.get(key);
          if (prev) old.delete(key);
          const migrated = prev?.checker.snapshot?.();
          if (prev && !migrated) {
            prev.ref = ref;
            kept.push(prev);
            next.push(prev);
            return;
          }
          if (prev) prev.checker.stop();
          const entry = this.build(config, vs, rs, c, key, ref, migrated);
          if (prev) {
            entry.up = prev.up;
            entry.hasRun = prev.hasRun;
            entry.weight = prev.weight;
            kept.push(entry);
          }
          created.push(entry);
          next.push(entry);
        });
      }),
    );
    for (const gone of old.values()) gone.checker.stop();
    this.entries = next;
    this.byRef.clear();
    for (const e of next) this.byRef.set(refKey(e.ref), e);
    return { kept, created };
  }

  get(ref: CheckerRef): CheckerEntry | undefined {
    return this.byRef.get(refKey(ref));
  }

  all(): readonly CheckerEntry[] {
    return this.entries;
  }

  stopAll(): void {
    for (const e of this.entries) e.checker.stop();
  }

  private build(config: KeepalivedConfig, vs: VirtualServer, rs: RealServer, c: Checker, key: string, ref: CheckerRef,
    migrated?: MigratedState): CheckerEntry {
    const spec: CheckerSpec = {
      checker: c,
      rs,
      vs,
      ssl: config.ssl,
      trackFile: c.type === 'FILE_CHECK' ? config.trackFiles.find((f) => f.name === c.trackFile) : undefined,
      logAllFailures: config.globalDefs.checkerLogAllFailures,
      migrated,
    };
    const checker = this.make(spec, this.deps);
    const entry: CheckerEntry = { key, ref, checker, up: checker.up, hasRun: false, weight: 0 };
    checker.onResult((up, weight, mail) => {
      entry.hasRun = true;
      entry.up = up;
      if (weight !== undefined) entry.weight = weight;
      else if (!up) entry.weight = 0;
      this.sink(entry, up, weight, mail);
    });
    return entry;
  }
}

const refKey = (r: CheckerRef): string => `${r.vsIndex}/${r.rsIndex}/${r.checkerIndex}`;
