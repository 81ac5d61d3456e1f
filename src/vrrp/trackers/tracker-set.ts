// Every tracked object of a configuration that the VRRP process feeds itself: vrrp_scripts, track_files and
// vrrp_track_processes used by some instance or sync group (keepalived drops the others). This is the one event
// source for them: current values by kind and name, and a listener for changes, which the daemon (and the sync
// groups) subscribe to. A reload (SIGHUP) rebuilds the set from the new configuration, keeping the state of an
// object that is still there (a script's rise/fall counter, a file's value, a process's quorum), as keepalived
// carries them over; stop() ends every timer, watcher and running script.
// track_bfd is not fed (no BFD process): instances log that and see it as never reported.
import type { KeepalivedConfig } from '../../config/model/keepalived-config';
import type { TrackFile, VrrpScript, VrrpTrackProcess } from '../../config/model/trackers';
import type { Logger } from '../../core/logging/logger';
import type { ScriptRunner } from '../../core/process/script-runner';
import type { TrackerValue } from '../instance/events';
import { FileTracker } from './file-tracker';
import type { ProcessQuorum } from './process-quorum';
import { ProcessTrackers } from './process-tracker';
import { ScriptState } from './script-state';
import { ScriptTracker } from './script-tracker';

export type FedTrackerKind = 'script' | 'file' | 'process';

export interface TrackerUpdate {
  readonly kind: FedTrackerKind;
  readonly name: string;
  readonly value: TrackerValue;
  /** A file's value before the change. */
  readonly previous?: number;
}

export type TrackerListener = (u: TrackerUpdate) => void;

/** The names of the objects of each kind that an instance or a sync group tracks. */
function usedNames(config: KeepalivedConfig): Record<FedTrackerKind, Set<string>> {
  const used = { script: new Set<string>(), file: new Set<string>(), process: new Set<string>() };
  for (const o of [...config.vrrpInstances, ...config.vrrpSyncGroups]) {
    for (const t of o.trackScript) used.script.add(t.name);
    for (const t of o.trackFile) used.file.add(t.name);
    for (const t of o.trackProcess) used.process.add(t.name);
  }
  return used;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export class TrackerSet {
  private scripts = new Map<string, ScriptTracker>();
  private files = new Map<string, FileTracker>();
  private processes: ProcessTrackers | undefined;
  private readonly listeners = new Set<TrackerListener>();
  private stopped = false;

  constructor(private readonly runner: ScriptRunner, private readonly log: Logger) {}

  /** Subscribes to changes; returns the unsubscribe function. */
  onChange(listener: TrackerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The current value of an object (undefined: unknown, or a script that has not reported yet). */
  value(kind: FedTrackerKind, name: string): TrackerValue | undefined {
    if (kind === 'script') return this.scripts.get(name)?.state.value;
    if (kind === 'file') return this.files.get(name)?.value;
    const q = this.processes?.quorums.get(name);
    return q?.haveQuorum;
  }

  /** Whether an object is fed (an unknown or removed one is not). */
  has(kind: FedTrackerKind, name: string): boolean {
    if (kind === 'script') return this.scripts.has(name);
    if (kind === 'file') return this.files.has(name);
    return this.processes?.quorums.has(name) ?? false;
  }

  /** The fed scripts, files and processes, in configuration order (the data dump). */
  dumpView(): {
    scripts: readonly ScriptTracker[];
    files: readonly FileTracker[];
    processes: ReadonlyArray<{ config: VrrpTrackProcess; quorum: ProcessQuorum | undefined }>;
  } {
    const p = this.processes;
    return {
      scripts: [...this.scripts.values()],
      files: [...this.files.values()],
      processes: p ? p.configs.map((config) => ({ config, quorum: p.quorums.get(config.name) })) : [],
    };
  }

  private emit(u: TrackerUpdate): void {
    if (this.stopped) return;
    for (const l of this.listeners) l(u);
  }

  /**
   * Builds the trackers of a configuration: files read and processes counted before it resolves. Scripts start
   * with runScripts(), once the instances exist: keepalived initialises its instances before the first result.
   */
  async start(config: KeepalivedConfig): Promise<void> {
    await this.apply(config, false);
  }

  /** SIGHUP: the new configuration's trackers; unchanged objects keep their state (scripts: runScripts() again). */
  async reload(config: KeepalivedConfig): Promise<void> {
    await this.apply(config, true);
  }

  /** Starts the scripts' runs (the first at once); scripts already running are left alone. */
  runScripts(): void {
    if (this.stopped) return;
    for (const s of this.scripts.values()) s.start();
  }

  stop(): void {
    this.stopped = true;
    for (const s of this.scripts.values()) s.stop();
    for (const f of this.files.values()) f.stop();
    this.processes?.stop();
    this.scripts.clear();
    this.files.clear();
    this.processes = undefined;
  }

  private async apply(config: KeepalivedConfig, reload: boolean): Promise<void> {
    if (this.stopped) return;
    const used = usedNames(config);
    this.applyScripts(config.vrrpScripts.filter((s) => used.script.has(s.name) && s.script.runnable !== false), reload);
    await Promise.all([
      this.applyFiles(config.trackFiles.filter((f) => used.file.has(f.name)), reload),
      this.applyProcesses(config.vrrpTrackProcesses.filter((p) => used.process.has(p.name))),
    ]);
  }

  private applyScripts(list: readonly VrrpScript[], reload: boolean): void {
    const next = new Map<string, ScriptTracker>();
    for (const c of list) {
      const params = { name: c.name, rise: c.rise, fall: c.fall, initFail: c.initFail };
      const old = this.scripts.get(c.name);
      let state: ScriptState;
      if (old) {
        old.stop(false);
        const carried = ScriptState.carriedOver(old.state, params);
        if (carried.line) this.log.info(carried.line);
        state = carried.state;
      } else {
        state = new ScriptState(params, reload);
      }
      const t = new ScriptTracker(c, state, this.runner, this.log, (ok) => this.emit({ kind: 'script', name: c.name, value: ok }));
      next.set(c.name, t);
    }
    for (const [name, t] of this.scripts) if (!next.has(name)) t.stop();
    this.scripts = next;
  }

  private async applyFiles(list: readonly TrackFile[], reload: boolean): Promise<void> {
    const next = new Map<string, FileTracker>();
    const starting: Array<Promise<void>> = [];
    for (const c of list) {
      const old = this.files.get(c.name);
      if (old && sameJson(old.config, c)) {
        next.set(c.name, old);
        continue;
      }
      old?.stop();
      const t = new FileTracker(c, this.log, (v, previous) => this.emit({ kind: 'file', name: c.name, value: v, previous }));
      next.set(c.name, t);
      starting.push(t.start(reload).then((ok) => {
        if (!ok) next.delete(c.name);
        else if (old && old.value !== t.value) this.emit({ kind: 'file', name: c.name, value: t.value, previous: old.value });
      }));
    }
    for (const [name, t] of this.files) if (next.get(name) !== t) t.stop();
    this.files = next;
    await Promise.all(starting);
  }

  private async applyProcesses(list: readonly VrrpTrackProcess[]): Promise<void> {
    const old = this.processes;
    if (old && sameJson(old.configs, list)) return;
    old?.stop();
    if (list.length === 0) {
      this.processes = undefined;
      return;
    }
    const p = new ProcessTrackers(list, this.log, (name, up) => this.emit({ kind: 'process', name, value: up }));
    this.processes = p;
    await p.start(old?.quorums);
  }
}
