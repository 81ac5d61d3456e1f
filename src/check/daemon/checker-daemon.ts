// The checker process's loop ("Keepalived_healthcheckers"): LvsState (keepalived's real-server rules, sans IO) owns
// the state, the checkers feed it their results, its actions are carried out here (log lines, notify and quorum
// scripts, SMTP alerts, checkers suspended or resumed), and the IPVS writer makes the kernel's table equal to its
// table. Start-up follows keepalived's start_check(): lvs_flush, lvs_timeouts, the services, then the checkers. A reload
// is keepalived's clear_diff_services(): servers no longer configured are cleared, unchanged checkers hand their
// state to their successors and unchanged virtual servers keep their quorum and sorry server, so nothing that stays
// flaps (the reconciler then has nothing to do). The stop clears the services (omega runs the down scripts) and
// puts the timeouts back.
import type { KeepalivedConfig } from '../../config/model/keepalived-config';
import type { ScriptRunner } from '../../core/process';
import { desiredTimeouts, ipvsTableOf } from '../../ipvs/desired-table';
import type { IpvsClient, IpvsTimeouts } from '../../ipvs/types';
import { createChecker } from '../checkers';
import type { LvsAction } from '../real-server/actions';
import { LvsState, type SavedVirtualServer } from '../real-server/lvs-state';
import type { AddressFamily, VirtualServer } from '../../config/model/virtual-server';
import type { GlobalDumpContext } from '../../config/dump/global-defs-data';
import { checkDataDump } from './check-data-dump';
import { CheckerSet, vsKey, type CheckerEntry, type MakeChecker } from './checker-set';
import { alreadyExistLines } from './existing-entries';
import { NO_RELOAD, type ReloadMarks, reloadMarks } from './reload-marks';
import { IpvsWriter } from './ipvs-writer';

export interface CheckerDaemonDeps {
  ipvs: IpvsClient;
  /** keepalived's LOG_INFO lines. */
  log: (line: string) => void;
  scripts: ScriptRunner;
  /** Builds a checker (default: the real ones). */
  makeChecker?: MakeChecker;
  /** A line for notify_fifo / lvs_notify_fifo ("RS … UP\n", "VS … DOWN\n"); absent when none is open. */
  fifo?: (line: string) => void;
  /** An SMTP alert (subject with its "[router_id] " prefix); stopping: asked for while the process stops. */
  alert?: (subject: string, body: string, stopping: boolean) => void;
}

export interface CheckerDaemonOptions {
  /** -D: address events of ha_suspend services are logged (LvsState). */
  logDetail?: boolean;
}

export class CheckerDaemon {
  private config: KeepalivedConfig | undefined;
  private state: LvsState | undefined;
  /** What the last reload marked, for the data dump. */
  private marks: ReloadMarks = NO_RELOAD;
  private readonly checkers: CheckerSet;
  private readonly writer: IpvsWriter;
  private originalTimeouts: IpvsTimeouts | undefined;
  private stopping = false;
  /** Addresses on this host ("family|address|ifindex"), for ha_suspend. */
  private readonly addresses = new Map<string, { family: AddressFamily; address: string }>();
  /** Scripts run while stopping, waited for (each with its limit) before the process ends. */
  private readonly stopScripts: Promise<unknown>[] = [];

  constructor(
    private readonly deps: CheckerDaemonDeps,
    private readonly options: CheckerDaemonOptions = {},
  ) {
    this.checkers = new CheckerSet(deps.makeChecker ?? createChecker, { log: deps.log, scripts: deps.scripts }, (e, up, w, mail) =>
      this.onResult(e, up, w, mail),
    );
    this.writer = new IpvsWriter({
      client: deps.ipvs,
      desired: () => (this.config && this.state ? ipvsTableOf(this.config, this.state.table()) : []),
      onError: (error) => deps.log(`IPVS: ${error.message}`),
    });
  }

  /** keepalived's start_check() after "Initializing ipvs": resolves once the table is programmed and checkers run. */
  async start(config: KeepalivedConfig): Promise<void> {
    if (config.globalDefs.lvsFlush) await this.deps.ipvs.flush();
    await this.applyTimeouts(config);
    const existing = alreadyExistLines(config, await this.deps.ipvs.readTable().catch(() => []));
    this.install(config, this.checkers.load(config), undefined, existing);
    await this.writer.flush();
  }

  /** SIGHUP with a configuration that loaded: unchanged checkers (and so their servers) keep their state. */
  async reload(config: KeepalivedConfig): Promise<void> {
    if (this.stopping) return;
    await this.applyTimeouts(config);
    if (this.state && this.config) this.marks = reloadMarks(this.config, this.state.view(), config, vsKey);
    const restored = this.reloadDiff(config);
    this.install(config, this.checkers.load(config), restored);
  }

  /**
   * keepalived's clear_diff_services(): virtual and real servers no longer configured are cleared from the old
   * state (their lines logged); returns the quorum and sorry server state of each virtual server that stays, by
   * its new index.
   */
  private reloadDiff(config: KeepalivedConfig): Map<number, SavedVirtualServer> {
    const quorum = new Map<number, SavedVirtualServer>();
    const old = this.state;
    const oldConfig = this.config;
    if (!old || !oldConfig) return quorum;
    const newIndex = new Map(config.virtualServers.map((vs, i) => [vsKey(vs), i]));
    oldConfig.virtualServers.forEach((vs, i) => {
      const j = newIndex.get(vsKey(vs));
      if (j === undefined) {
        this.run(old.removeVirtualServer(i));
        return;
      }
      const kept = new Set((config.virtualServers[j] as VirtualServer).realServers.map((rs) => `${rs.address}|${rs.port}`));
      vs.realServers.forEach((rs, r) => {
        if (!kept.has(`${rs.address}|${rs.port}`)) this.run(old.removeRealServer(i, r));
      });
      const was = old.inspect(i);
      if (!was) return;
      // A sorry server that changed is a new one: it is not carried over, and the old one leaves.
      const sameSorry = JSON.stringify(vs.sorryServer) === JSON.stringify((config.virtualServers[j] as VirtualServer).sorryServer);
      const poolClosed = was.sorryAlive === true && !was.quorumUp;
      if (!sameSorry) this.run(old.removeSorryServer(i));
      const ghosts = old.ghosts(i);
      quorum.set(j, { quorumUp: was.quorumUp, sorryAlive: sameSorry && was.sorryAlive === true, poolClosed, ghosts });
    });
    return quorum;
  }

  /** keepalived's clear_services() and the rest of its stop; resolves when IPVS is cleared and scripts are done. */
  async shutdown(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.checkers.stopAll();
    if (!this.state || !this.config) return;
    this.run(this.state.shutdown());
    if (this.config.globalDefs.lvsFlushOnStop === 'full') await this.deps.ipvs.flush().catch((e: Error) => this.deps.log(`IPVS: ${e.message}`));
    else await this.writer.flush();
    if (this.originalTimeouts) await this.deps.ipvs.setTimeouts(this.originalTimeouts).catch(() => undefined);
    await Promise.all(this.stopScripts);
  }

  /**
   * An address appeared on or left an interface (netlink; the initial dump too, before start()). Checkers of
   * ha_suspend virtual servers on that address resume or are suspended.
   */
  addressEvent(family: AddressFamily, address: string, ifindex: number, present: boolean): void {
    const key = `${family}|${address}|${ifindex}`;
    if (present === this.addresses.has(key)) return; // a change of an address already known
    if (present) this.addresses.set(key, { family, address });
    else this.addresses.delete(key);
    if (!this.state || this.stopping) return;
    this.run(this.state.addressChanged(family, address, present));
    this.writer.schedule();
  }

  /** keepalived_check.data's text (SIGUSR1); undefined before the configuration is running. */
  dataDump(global: GlobalDumpContext): string | undefined {
    if (!this.config || !this.state) return undefined;
    return checkDataDump({
      config: this.config,
      lvs: this.state.view(),
      retryIt: (vsIndex, rsIndex, checkerIndex) =>
        this.checkers.get({ vsIndex, rsIndex, checkerIndex })?.checker.snapshot?.()?.retryIt ?? 0,
      details: (vsIndex, rsIndex, checkerIndex) => this.checkers.get({ vsIndex, rsIndex, checkerIndex })?.checker.details?.(),
      reload: this.marks,
      global,
    });
  }

  /** Waits for the IPVS table to match the state (tests, and the stop). */
  settled(): Promise<void> {
    return this.writer.flush();
  }

  private install(config: KeepalivedConfig, { kept, created }: { kept: CheckerEntry[]; created: CheckerEntry[] },
    quorum = new Map<number, SavedVirtualServer>(), existing?: Map<number, string[]>): void {
    const state = new LvsState(config, { logDetail: this.options.logDetail });
    const first = this.state === undefined;
    for (const e of kept) state.restoreChecker(e.ref, { up: e.up, hasRun: e.hasRun, weight: e.weight });
    for (const [vsIndex, saved] of quorum) state.restoreVirtualServer(vsIndex, saved);
    // The addresses already here, before the checkers are activated (keepalived reads them at start-up, and logs
    // them then with -D; a reload carries its count over silently).
    for (const a of this.addresses.values()) {
      const actions = state.addressChanged(a.family, a.address, true);
      if (first) this.run(actions);
    }
    this.config = config;
    this.state = state;
    this.run(state.start(undefined, (i) => existing?.get(i) ?? []));
    this.writer.schedule();
    this.run(state.activateCheckers());
    // keepalived (built with BFD) says this after the checkers, whether or not BFD is used.
    this.deps.log('Activating BFD healthchecker');
    for (const e of created) e.checker.start();
  }

  private onResult(entry: CheckerEntry, up: boolean, weight: number | undefined, mail?: string): void {
    if (this.stopping || !this.state || this.checkers.get(entry.ref) !== entry) return;
    this.run(this.state.checkerEvent(entry.ref, up, weight, mail));
    this.writer.schedule();
  }

  private async applyTimeouts(config: KeepalivedConfig): Promise<void> {
    const t = desiredTimeouts(config);
    if (!t) {
      // A reload that drops lvs_timeouts puts the kernel's own values back, as keepalived does.
      if (this.originalTimeouts) await this.deps.ipvs.setTimeouts(this.originalTimeouts).catch(() => this.deps.log('Failed to set ipvs timeouts'));
      this.originalTimeouts = undefined;
      return;
    }
    try {
      this.originalTimeouts ??= await this.deps.ipvs.getTimeouts();
      await this.deps.ipvs.setTimeouts(t);
    } catch {
      this.deps.log('Failed to set ipvs timeouts');
    }
  }

  private run(actions: readonly LvsAction[]): void {
    for (const a of actions) {
      switch (a.type) {
        case 'log':
          this.deps.log(a.line);
          break;
        case 'script': {
          if (a.script.runnable === false || a.script.args.length === 0) break;
          const h = this.deps.scripts.run(a.script);
          if (a.timeoutMs !== undefined) {
            const limit = a.timeoutMs;
            this.stopScripts.push(h.wait(limit).then((r) => (r ? r : h.kill('SIGKILL'))));
          }
          break;
        }
        case 'checkerEnabled':
          this.checkers.get(a)?.checker.setEnabled(a.enabled);
          break;
        case 'fifo':
          this.deps.fifo?.(a.line);
          break;
        case 'alert':
          this.deps.alert?.(a.subject, a.body, this.stopping);
          break;
      }
    }
  }
}
