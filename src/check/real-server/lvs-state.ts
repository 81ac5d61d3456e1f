// Real-server and virtual-server state of keepalived 2.2.7's checker process, sans IO: checker verdicts, dynamic
// weights and address events go in; log lines, scripts, alerts and FIFO lines come out, and table() is the IPVS
// table keepalived would have programmed. The rules follow keepalived's ipwrapper.c: a real server is alive while
// none of its checkers has failed; quorum with hysteresis; the sorry server; inhibit_on_failure keeps a failed
// server in the pool with weight 0; omega runs the down scripts on shutdown.
import type { GlobalDefs } from '../../config/model/global-defs';
import type { ScriptRef } from '../../config/model/script';
import type {
  AddressFamily,
  ForwardingMethod,
  RealServer,
  VirtualServer,
  VirtualServerGroup,
} from '../../config/model/virtual-server';
import type { LvsAction, ScriptPurpose } from './actions';
import { formatRealServer, formatVirtualServer, groupMembers } from './format';
import { DesiredDestination, DesiredService, DestinationSet, destinationsFor, servicesOf } from './table';

/** A checker of a real server: indices into virtualServers[vs].realServers[rs].checkers. */
export interface CheckerRef {
  vsIndex: number;
  rsIndex: number;
  checkerIndex: number;
}

/** keepalived's debug flags that add log lines here. */
export interface LvsStateOptions {
  /** -D (--log-detail): an address event that concerns an ha_suspend virtual server is logged. */
  logDetail?: boolean;
  /** -a (--address-monitoring): every address event is logged. */
  logAddressChanges?: boolean;
}

export interface LvsStateConfig {
  virtualServers: readonly VirtualServer[];
  virtualServerGroups: readonly VirtualServerGroup[];
  globalDefs: Pick<GlobalDefs, 'routerId' | 'lvsFlushOnStop' | 'rsInitNotifies'> & Partial<Pick<GlobalDefs, 'noCheckerEmails'>>;
}

/** IPVS caps weights at INT32_MAX; a negative effective weight writes 0. */
const IPVS_WEIGHT_MAX = 2 ** 31 - 1;
/** IPVS_WEIGHT_FAULT (INT32_MIN): a track file status that fails its checker. */
const WEIGHT_FAULT = -(2 ** 31);
const realWeight = (w: number): number => (w < 0 ? 0 : w > IPVS_WEIGHT_MAX ? IPVS_WEIGHT_MAX : w);
/** keepalived runs notify scripts synchronously with a 1 s limit while stopping. */
const STOPPING_SCRIPT_TIMEOUT_MS = 1000;

/** Where a real server is (its IPVS destination's key). */
export interface ServerAddress {
  readonly address: string;
  readonly port: number;
}

/** What a virtual server that stays over a reload carries into the new state (see restoreVirtualServer). */
export interface SavedVirtualServer {
  readonly quorumUp: boolean;
  /** The same sorry server is configured and stood in. */
  readonly sorryAlive: boolean;
  /** The (old) sorry server stood in: the live real servers were out of the pool. */
  readonly poolClosed: boolean;
  /** Real servers in the pool for keepalived whose destination IPVS no longer has (see ghosts()). */
  readonly ghosts: readonly ServerAddress[];
}

/** A real server or the sorry server, with what keepalived keeps for it. */
interface Server {
  name: string;
  family: AddressFamily;
  address: string;
  port: number;
  forwarding: ForwardingMethod;
  uthreshold: number;
  lthreshold: number;
  /** Configured weight. */
  iweight: number;
  /** Configured weight plus dynamic offsets (may leave IPVS's range; realWeight() clamps it). */
  effectiveWeight: number;
  alive: boolean;
  /** In the IPVS pool (possibly with weight 0 when inhibited). */
  set: boolean;
  inhibit: boolean;
  numFailedCheckers: number;
  notifyUp: ScriptRef | undefined;
  notifyDown: ScriptRef | undefined;
  smtpAlert: boolean;
}

interface CheckerState {
  /** Counts toward the server's state (every checker keepalived queues). */
  tracked: boolean;
  /** FILE_CHECK and BFD_CHECK are queued without a launch function: never activated or suspended. */
  scheduled: boolean;
  /** FILE_CHECK: the track file's weight (0: any non-zero value is a failure) and direction. */
  fileWeight: number;
  fileMultiplier: 1 | -1;
  /** FILE_CHECK: the track file's value as last reported (keepalived's last_status), and its name. */
  fileValue: number;
  fileName: string;
  isUp: boolean;
  hasRun: boolean;
  alpha: boolean;
  enabled: boolean;
  /** MISC_CHECK misc_dynamic: this checker's offset in the server's effective weight. */
  curWeight: number;
  lastExitCode: number;
}

interface VsState {
  vs: VirtualServer;
  name: string;
  quorumUp: boolean;
  /** The service exists in IPVS. */
  alive: boolean;
  servers: Server[];
  checkers: CheckerState[][];
  sorry: Server | undefined;
  sorryDuplicatesRs: boolean;
  /** Carried over a reload: the sorry server stood in, so the live real servers are out of the pool. */
  poolClosed: boolean;
  /** Carried over reloads: real servers in the pool for keepalived but not in IPVS (see ghosts()). */
  ghosts: readonly ServerAddress[];
  dests: DestinationSet;
  haSuspendAddrCount: number;
}

/** What the SIGUSR1 data dump shows of a real server (keepalived's real_server_t run-time fields). */
export interface ServerView {
  name: string;
  iweight: number;
  effectiveWeight: number;
  alive: boolean;
  set: boolean;
  numFailedCheckers: number;
}

/** What the data dump shows of a checker (keepalived's checker_t run-time fields). */
export interface CheckerView {
  isUp: boolean;
  hasRun: boolean;
  enabled: boolean;
  curWeight: number;
  lastExitCode: number;
}

/** What the data dump shows of a virtual server. */
export interface VsView {
  name: string;
  alive: boolean;
  quorumUp: boolean;
  servers: ServerView[];
  checkers: CheckerView[][];
  sorry: (ServerView & { inhibit: boolean; duplicatesRs: boolean }) | undefined;
}

export class LvsState {
  private readonly vss: VsState[];
  private out: LvsAction[] = [];

  constructor(
    private readonly config: LvsStateConfig,
    private readonly options: LvsStateOptions = {},
  ) {
    const members = groupMembers(config.virtualServers);
    this.vss = config.virtualServers.map((vs, i) => this.initialState(vs, formatVirtualServer(vs, members[i] ?? 0)));
  }

  /** A read-only copy of the run-time state, in configuration order (the SIGUSR1 dump). */
  view(): VsView[] {
    const server = (x: Server): ServerView => ({
      name: x.name, iweight: x.iweight, effectiveWeight: x.effectiveWeight, alive: x.alive, set: x.set, numFailedCheckers: x.numFailedCheckers,
    });
    return this.vss.map((v) => ({
      name: v.name,
      alive: v.alive,
      quorumUp: v.quorumUp,
      servers: v.servers.map(server),
      checkers: v.checkers.map((list) =>
        list.map((c) => ({ isUp: c.isUp, hasRun: c.hasRun, enabled: c.enabled, curWeight: c.curWeight, lastExitCode: c.lastExitCode })),
      ),
      sorry: v.sorry ? { ...server(v.sorry), inhibit: v.sorry.inhibit, duplicatesRs: v.sorryDuplicatesRs } : undefined,
    }));
  }

  /**
   * Programs every virtual server (keepalived's init_services): real servers not failed go in, quorum is set.
   * `fileValue` gives each FILE_CHECK's track file value at start (0 when absent), which sets its weight offset
   * and whether it starts failed, as keepalived reads the files before programming IPVS. `linesBefore` gives log
   * lines to put before each virtual server's own.
   */
  start(fileValue?: (ref: CheckerRef) => number, linesBefore?: (vsIndex: number) => readonly string[]): LvsAction[] {
    if (fileValue) this.initialFileValues(fileValue);
    this.vss.forEach((v, i) => {
      // What programming this virtual server makes IPVS answer (e.g. EEXIST after a respawn), logged in its place.
      for (const line of linesBefore?.(i) ?? []) this.log(line);
      this.initService(v);
    });
    return this.flush();
  }

  /**
   * Before start(), at a reload: a checker that is unchanged from the previous configuration keeps its state (as
   * keepalived's reload carries a checker's is_up, has_run and cur_weight over), so its server is programmed as it
   * was and does not flap.
   */
  restoreChecker(ref: CheckerRef, saved: { up: boolean; hasRun: boolean; weight: number }): void {
    const v = this.vss[ref.vsIndex];
    const c = this.checker(ref);
    if (!v || !c || !c.tracked) return;
    const server = v.servers[ref.rsIndex] as Server;
    this.setCheckerState(server, c, saved.up);
    c.hasRun = saved.hasRun;
    if (saved.up && saved.weight) {
      c.curWeight = saved.weight;
      server.effectiveWeight += saved.weight;
    }
  }

  /**
   * Before start(), at a reload: a virtual server that is still configured keeps its quorum state and its sorry
   * server (keepalived copies quorum_state_up and the sorry server's alive/set), so an unchanged one neither gains
   * its quorum again nor brings the sorry server in again — a sorry server that is also a real server too, which
   * keeps that server's destination with the sorry server's weight. Its real servers keep what they had (alive,
   * in the pool or not), so when the sorry server stood in they stay out of the pool, even when the new
   * configuration has no sorry server or another one.
   */
  restoreVirtualServer(vsIndex: number, saved: SavedVirtualServer): void {
    const v = this.vss[vsIndex];
    if (!v) return;
    v.quorumUp = saved.quorumUp;
    v.poolClosed = saved.poolClosed;
    v.ghosts = saved.ghosts;
    const s = v.sorry;
    if (saved.sorryAlive && !saved.quorumUp && s) {
      this.ipvs(v, 'add', s);
      s.alive = true;
    }
  }

  /**
   * At a reload, on the old state: the sorry server is gone from the configuration or changed (keepalived's
   * clear_diff_s_srv): one standing in, or an inhibited one in IPVS, is removed — when it is also a real server,
   * that one's destination goes with it, while keepalived keeps it in the pool (a ghost).
   */
  removeSorryServer(vsIndex: number): LvsAction[] {
    const v = this.vss[vsIndex];
    const s = v?.sorry;
    if (!v || !s) return [];
    if (s.inhibit) {
      if (!s.alive && s.set) s.alive = true;
      s.inhibit = false;
    }
    if (!s.alive) return [];
    this.log(`Removing sorry server ${s.name} from VS ${v.name}`);
    this.ipvs(v, 'delete', s);
    return this.flush();
  }

  /**
   * The real servers keepalived counts in the pool whose destination is not in IPVS: a reload keeps a real server
   * as it was (alive, in the pool) without programming it again, so one a removed sorry server took out of IPVS
   * stays out, through later reloads too, until keepalived next deletes or adds it.
   */
  ghosts(vsIndex: number): ServerAddress[] {
    const v = this.vss[vsIndex];
    if (!v) return [];
    return v.servers.filter((s) => s.set && !v.dests.has(s.address, s.port)).map((s) => ({ address: s.address, port: s.port }));
  }

  /** At a reload, on the old state: a real server no longer configured (keepalived's clear_diff_rs). */
  removeRealServer(vsIndex: number, rsIndex: number): LvsAction[] {
    const v = this.vss[vsIndex];
    const server = v?.servers[rsIndex];
    if (!v || !server) return [];
    this.log(`service ${server.name} no longer exist`);
    this.clearServer(v, server, false);
    return this.flush();
  }

  /** At a reload, on the old state: a virtual server no longer configured (keepalived's clear_service_vs). */
  removeVirtualServer(vsIndex: number): LvsAction[] {
    const v = this.vss[vsIndex];
    if (!v) return [];
    this.log(v.vs.group !== undefined ? `Removing Virtual Server Group [${v.vs.group}]` : `Removing Virtual Server ${v.name}`);
    for (const server of v.servers) this.clearServer(v, server, false);
    v.alive = false;
    return this.flush();
  }

  /**
   * A FILE_CHECK's track file now holds `value` (keepalived's process_update_checker_track_file_status): with
   * weight 0 any non-zero value (zero with `reverse`) fails the checker; otherwise value × weight is the server's
   * weight offset, and at or below −2^31 the checker fails.
   */
  fileCheckValue(ref: CheckerRef, value: number): LvsAction[] {
    const v = this.vss[ref.vsIndex];
    const c = this.checker(ref);
    if (!v || !c || c.scheduled || c.fileName === '' || value === c.fileValue) return [];
    const server = v.servers[ref.rsIndex] as Server;
    const status = this.fileStatus(c, value);
    const previous = this.fileStatus(c, c.fileValue);
    c.fileValue = value;
    if (status === previous) return [];
    if (status === WEIGHT_FAULT) {
      if (this.options.logDetail) this.log(`(${server.name}): tracked file ${c.fileName} now FAULT state`);
      this.updateCheckerState(v, server, c, false);
      server.effectiveWeight -= c.curWeight;
      c.curWeight = 0;
    } else if (previous === WEIGHT_FAULT) {
      if (this.options.logDetail) this.log(`(${server.name}): tracked file ${c.fileName} leaving FAULT state`);
      c.curWeight = status;
      server.effectiveWeight += status;
      this.updateCheckerState(v, server, c, true);
    } else {
      this.updateWeight(v, server, server.effectiveWeight + status - previous, true);
      c.curWeight = status;
    }
    return this.flush();
  }

  /**
   * The checkers start (keepalived logs this after "Startup complete"): those of a virtual server with ha_suspend
   * whose address is not on this host stay suspended. Report addresses already present with addressChanged() first.
   */
  activateCheckers(): LvsAction[] {
    this.vss.forEach((v, vsIndex) => {
      v.checkers.forEach((list, rsIndex) =>
        list.forEach((c, checkerIndex) => {
          if (!c.tracked || !c.scheduled) return;
          if (v.vs.haSuspend && v.haSuspendAddrCount === 0) c.enabled = false;
          const server = v.servers[rsIndex] as Server;
          this.log(`${c.enabled ? 'A' : 'Dea'}ctivating healthchecker for service ${server.name} for VS ${v.name}`);
          this.out.push({ type: 'checkerEnabled', vsIndex, rsIndex, checkerIndex, enabled: c.enabled });
        }),
      );
    });
    return this.flush();
  }

  /** Whether a checker should run now (false while suspended by ha_suspend). */
  checkerEnabled(ref: CheckerRef): boolean {
    return this.checker(ref)?.enabled ?? false;
  }

  /** A checker's verdict after its own retries (keepalived's update_svr_checker_state). */
  checkerResult(ref: CheckerRef, up: boolean): LvsAction[] {
    const v = this.vss[ref.vsIndex];
    const c = this.checker(ref);
    if (!v || !c || !c.tracked) return [];
    this.updateCheckerState(v, v.servers[ref.rsIndex] as Server, c, up);
    return this.flush();
  }

  /** Whether a real server is in service (alive), e.g. for a checker deciding whether to send its mail. */
  serverAlive(vsIndex: number, rsIndex: number): boolean {
    return this.vss[vsIndex]?.servers[rsIndex]?.alive ?? false;
  }

  /**
   * The mail a checker sends about its real server (keepalived's SMTP_MSG_RS, subject with the server's current
   * state): each checker type has its own rule for when, so it asks here. undefined without smtp_alert.
   */
  realServerAlert(vsIndex: number, rsIndex: number, body: string): LvsAction | undefined {
    const v = this.vss[vsIndex];
    const server = v?.servers[rsIndex];
    if (!v || !server || !server.smtpAlert) return undefined;
    this.alert(`Realserver ${server.name} of virtual server ${v.name} - ${server.alive ? 'UP' : 'DOWN'}`, body);
    return this.flush()[0];
  }

  /**
   * A checker's result in the form the checkers report it (src/check/checkers ResultListener): `weight`, when
   * given, is the checker's new weight adjustment (keepalived's cur_weight); a checker that fails drops its
   * adjustment silently (a weight reported while it is down is kept). A FILE_CHECK leaving its fault state takes its adjustment silently too; any other change of
   * adjustment is logged ("Changing weight …") before the verdict is applied, as keepalived does.
   */
  checkerEvent(ref: CheckerRef, up: boolean, weight?: number, mail?: string): LvsAction[] {
    const v = this.vss[ref.vsIndex];
    const c = this.checker(ref);
    if (!v || !c || !c.tracked) return [];
    const server = v.servers[ref.rsIndex] as Server;
    const wasAlive = server.alive;
    if (weight !== undefined && weight !== c.curWeight) {
      if (c.fileName !== '' && up && !c.isUp) {
        server.effectiveWeight += weight - c.curWeight;
        c.curWeight = weight;
      } else {
        const next = server.effectiveWeight - c.curWeight + weight;
        c.curWeight = weight;
        this.updateWeight(v, server, next, true);
      }
    }
    // A failure verdict (not a weight report while already down) drops the adjustment.
    if (!up && (c.isUp || !c.hasRun) && c.curWeight) {
      server.effectiveWeight -= c.curWeight;
      c.curWeight = 0;
    }
    this.updateCheckerState(v, server, c, up);
    // The checker's mail goes after what the verdict did (a quorum mail first), with the server's state after it;
    // no_checker_emails keeps only those of verdicts that changed the server.
    if (mail !== undefined && server.smtpAlert && (wasAlive !== server.alive || this.config.globalDefs.noCheckerEmails !== true)) {
      this.alert(`Realserver ${server.name} of virtual server ${v.name} - ${server.alive ? 'UP' : 'DOWN'}`, mail);
    }
    return this.flush();
  }

  /**
   * MISC_CHECK with misc_dynamic exited 0 or 2..255: the server's weight becomes status − 2 (0 restores the
   * configured weight). keepalived applies it before judging the checker up.
   */
  miscDynamicWeight(ref: CheckerRef, status: number): LvsAction[] {
    const v = this.vss[ref.vsIndex];
    const c = this.checker(ref);
    if (!v || !c || !c.tracked) return [];
    const server = v.servers[ref.rsIndex] as Server;
    if (status !== c.lastExitCode) {
      let weight = server.effectiveWeight - c.curWeight;
      c.curWeight = status ? status - 2 - server.iweight : 0;
      weight += c.curWeight;
      this.updateWeight(v, server, weight, true);
      c.lastExitCode = status;
    }
    return this.flush();
  }

  /**
   * MISC_CHECK with misc_dynamic failed for good: keepalived drops the dynamic offset silently (no log, no IPVS
   * edit: the server is about to leave the pool) and remembers the status.
   */
  miscDynamicFailed(ref: CheckerRef, status: number): void {
    const v = this.vss[ref.vsIndex];
    const c = this.checker(ref);
    if (!v || !c || !c.tracked) return;
    const server = v.servers[ref.rsIndex] as Server;
    server.effectiveWeight -= c.curWeight;
    c.curWeight = 0;
    c.lastExitCode = status;
  }

  /** Sets a real server's weight as keepalived's update_svr_wgt does (SNMP and track files use it). */
  setWeight(vsIndex: number, rsIndex: number, weight: number): LvsAction[] {
    const v = this.vss[vsIndex];
    const server = v?.servers[rsIndex];
    if (!v || !server) return [];
    this.updateWeight(v, server, weight, true);
    return this.flush();
  }

  /**
   * An address appeared on or left this host (netlink). Checkers of ha_suspend virtual servers using it resume or
   * are suspended; with the same address on several interfaces they are suspended only when the last one goes.
   */
  addressChanged(family: AddressFamily, address: string, present: boolean): LvsAction[] {
    const reflected = `Netlink reflector reports IP ${address} ${present ? 'added' : 'removed'}`;
    let logged = this.options.logAddressChanges === true;
    if (logged) this.log(reflected);
    this.vss.forEach((v, vsIndex) => {
      if (!v.vs.haSuspend || (v.vs.ipFamily ?? 'inet') !== family || !this.usesAddress(v.vs, address)) return;
      if (!logged && this.options.logDetail) this.log(reflected);
      logged = true;
      v.haSuspendAddrCount += present ? 1 : -1;
      v.checkers.forEach((list, rsIndex) =>
        list.forEach((c, checkerIndex) => {
          if (!c.tracked || present === c.enabled || (!present && v.haSuspendAddrCount !== 0)) return;
          const server = v.servers[rsIndex] as Server;
          this.log(`${c.enabled ? 'Suspend' : 'Activat'}ing healthchecker for service ${server.name} for VS ${v.name}`);
          c.enabled = present;
          this.out.push({ type: 'checkerEnabled', vsIndex, rsIndex, checkerIndex, enabled: present });
        }),
      );
    });
    return this.flush();
  }

  /**
   * Shutdown (keepalived's clear_services, not run with --dont-release-ipvs): real servers and services leave IPVS;
   * with omega the real servers' notify_down and the quorum_down scripts run too.
   */
  shutdown(): LvsAction[] {
    const flush = this.config.globalDefs.lvsFlushOnStop;
    for (const v of this.vss) {
      if (flush === 'full') {
        v.dests.clear();
        v.alive = false;
        this.updateVsNotifies(v, true);
        continue;
      }
      if (flush === 'disabled') {
        const s = v.sorry;
        if (s?.set) {
          if (v.sorryDuplicatesRs) s.set = false;
          else this.ipvsDeleteForced(v, s);
          s.alive = false;
        }
        for (const server of v.servers) this.clearServer(v, server, true);
        this.updateVsNotifies(v, true);
      } else {
        this.updateVsNotifies(v, true);
        if (v.sorry?.set) v.sorry.alive = false;
      }
      v.dests.clear();
      v.alive = false;
    }
    return this.flush();
  }

  /** The IPVS services and destinations keepalived would have in the kernel now. */
  table(): DesiredService[] {
    const out: DesiredService[] = [];
    this.vss.forEach((v, vsIndex) => {
      if (!v.alive) return;
      const dests = v.dests.list();
      for (const s of servicesOf(v.vs, vsIndex, this.config.virtualServerGroups)) {
        out.push({ ...s, destinations: destinationsFor(s, dests) });
      }
    });
    return out;
  }

  /** For tests and dumps: a real server's alive flag and the virtual server's quorum state. */
  inspect(vsIndex: number): { quorumUp: boolean; alive: boolean[]; sorryAlive: boolean | undefined } | undefined {
    const v = this.vss[vsIndex];
    if (!v) return undefined;
    return { quorumUp: v.quorumUp, alive: v.servers.map((s) => s.alive), sorryAlive: v.sorry?.alive };
  }

  // --- keepalived's rules -------------------------------------------------------------------------------------

  private initialState(vs: VirtualServer, name: string): VsState {
    const servers = vs.realServers.map<Server>((rs) => ({
      name: formatRealServer(rs.address, rs.port, vs),
      family: rs.family,
      address: rs.address,
      port: rs.port,
      forwarding: rs.lvsMethod,
      uthreshold: rs.uthreshold,
      lthreshold: rs.lthreshold,
      iweight: rs.weight,
      effectiveWeight: rs.weight,
      alive: false,
      set: false,
      inhibit: rs.inhibitOnFailure,
      numFailedCheckers: 0,
      notifyUp: rs.notifyUp,
      notifyDown: rs.notifyDown,
      smtpAlert: rs.smtpAlert,
    }));
    const checkers = vs.realServers.map((rs, i) =>
      rs.checkers.map<CheckerState>((c) => {
        const state: CheckerState = {
          tracked: true,
          scheduled: c.type !== 'FILE_CHECK' && c.type !== 'BFD_CHECK',
          fileWeight: c.type === 'FILE_CHECK' ? c.weight : 0,
          fileMultiplier: c.type === 'FILE_CHECK' && c.reverse ? -1 : 1,
          fileValue: 0,
          fileName: c.type === 'FILE_CHECK' ? c.trackFile : '',
          isUp: true,
          hasRun: false,
          // FILE_CHECK has no alpha of its own: keepalived gives it the real server's.
          alpha: 'alpha' in c ? c.alpha : (vs.realServers[i] as RealServer).alpha,
          enabled: true,
          curWeight: 0,
          lastExitCode: 0,
        };
        // Alpha mode: a checker that has not run counts as failed, and so does its server.
        if (state.tracked && state.alpha) this.setCheckerState(servers[i] as Server, state, false);
        return state;
      }),
    );
    let sorry: Server | undefined;
    let sorryDuplicatesRs = false;
    if (vs.sorryServer) {
      const s = vs.sorryServer;
      const twin = servers.find((r) => r.address === s.address && r.port === s.port);
      sorryDuplicatesRs = twin !== undefined;
      sorry = {
        name: formatRealServer(s.address, s.port, vs),
        family: s.family,
        address: s.address,
        port: s.port,
        forwarding: s.lvsMethod ?? vs.lbKind ?? { method: 'NAT', type: 'ipip', port: 0, checksum: 'nocsum' },
        uthreshold: 0,
        lthreshold: 0,
        iweight: 1,
        effectiveWeight: 1,
        alive: false,
        set: false,
        inhibit: twin ? twin.inhibit : s.inhibit,
        numFailedCheckers: 0,
        notifyUp: undefined,
        notifyDown: undefined,
        smtpAlert: false,
      };
    }
    const v: VsState = {
      vs,
      name,
      quorumUp: false,
      alive: false,
      servers,
      checkers,
      sorry,
      sorryDuplicatesRs,
      poolClosed: false,
      ghosts: [],
      dests: new DestinationSet(),
      haSuspendAddrCount: 0,
    };
    // keepalived's set_quorum_states(), while no server is alive yet (unsigned 32-bit sum).
    v.quorumUp = this.weighLive(v) >= ((vs.quorum + vs.hysteresis) >>> 0);
    return v;
  }

  /** keepalived's start-up reading of the track files: weight offsets, and failed checkers counted. */
  private initialFileValues(fileValue: (ref: CheckerRef) => number): void {
    this.vss.forEach((v, vsIndex) =>
      v.checkers.forEach((list, rsIndex) =>
        list.forEach((c, checkerIndex) => {
          if (c.fileName === '') return;
          const value = fileValue({ vsIndex, rsIndex, checkerIndex });
          c.fileValue = value;
          if (!value) return;
          const server = v.servers[rsIndex] as Server;
          const product = value * c.fileWeight * c.fileMultiplier;
          if (c.fileWeight) {
            c.curWeight = product;
            server.effectiveWeight += product;
          }
          // At start any non-zero value fails a weight-0 checker, whatever its direction.
          if (!c.fileWeight || product <= WEIGHT_FAULT) {
            c.isUp = false;
            server.numFailedCheckers++;
          }
        }),
      ),
    );
  }

  /** The status keepalived derives from a track file value for one checker (WEIGHT_FAULT = failed). */
  private fileStatus(c: CheckerState, value: number): number {
    if (!c.fileWeight) return !value !== (c.fileMultiplier === 1) ? WEIGHT_FAULT : 0;
    return Math.max(WEIGHT_FAULT, Math.min(IPVS_WEIGHT_MAX, value * c.fileWeight * c.fileMultiplier));
  }

  private initService(v: VsState): void {
    v.alive = true;
    for (const server of v.servers) {
      // In the pool for keepalived but not in IPVS (see ghosts()): kept so, not programmed again.
      const lost = v.ghosts.some((g) => g.address === server.address && g.port === server.port);
      // Only after a reload while the sorry server stood in: live servers stay out of the pool (inhibited at 0).
      if (v.poolClosed && !server.numFailedCheckers) {
        server.alive = true;
        if (server.inhibit) {
          server.set = true;
          if (!lost) v.dests.add(this.destination(server, 0));
        }
        continue;
      }
      if (lost) {
        // Only an inhibited sorry server is removed while the pool is open: the server was in it, at 0 if failed.
        server.set = true;
        server.alive = !server.numFailedCheckers;
        continue;
      }
      if ((!server.numFailedCheckers && !server.alive) || (server.inhibit && !server.set)) {
        this.ipvs(v, 'add', server);
        if (!server.numFailedCheckers) {
          server.alive = true;
          if (this.config.globalDefs.rsInitNotifies) this.rsNotifies(v, server, false);
        }
      }
    }
    this.updateQuorum(v, true);
    const s = v.sorry;
    if (s && s.inhibit && !s.set) {
      if (v.sorryDuplicatesRs) s.set = true;
      else {
        // Added with weight 0, to be weighted up when the quorum is lost.
        s.numFailedCheckers = 1;
        this.ipvs(v, 'add', s);
        s.numFailedCheckers = 0;
      }
    }
  }

  private updateCheckerState(v: VsState, server: Server, c: CheckerState, alive: boolean): void {
    if (c.isUp === alive) {
      if (!c.hasRun) {
        if (c.alpha || !alive) this.rsNotifies(v, server, false);
        c.hasRun = true;
      }
      return;
    }
    c.hasRun = true;
    // Only the first checker to fail takes the server out, and only the last to recover brings it back.
    if (alive ? server.numFailedCheckers <= 1 : server.numFailedCheckers === 0) this.serverState(v, server, alive);
    this.setCheckerState(server, c, alive);
  }

  private setCheckerState(server: Server, c: CheckerState, up: boolean): void {
    if (c.isUp === up) return;
    c.isUp = up;
    if (!up) server.numFailedCheckers++;
    else if (server.numFailedCheckers) server.numFailedCheckers--;
  }

  private serverState(v: VsState, server: Server, alive: boolean): void {
    if (server.alive === alive) return;
    const verb = alive ? (server.inhibit ? 'Enabl' : 'Add') : server.inhibit ? 'Disabl' : 'Remov';
    const prep = server.inhibit ? 'of' : alive ? 'to' : 'from';
    this.log(`${verb}ing service ${server.name} ${prep} VS ${v.name}`);
    // While the sorry server stands in, the pool is left alone.
    if (v.quorumUp || !v.sorry || !v.sorry.alive) this.ipvs(v, alive ? 'add' : 'delete', server);
    server.alive = alive;
    this.rsNotifies(v, server, false);
    this.updateQuorum(v, false);
  }

  private updateWeight(v: VsState, server: Server, weight: number, updateQuorum: boolean): void {
    const next = realWeight(weight);
    const prev = realWeight(server.effectiveWeight);
    server.effectiveWeight = weight;
    if (next === prev) return;
    this.log(
      `Changing weight from ${prev} to ${next} for ${server.alive ? '' : 'in'}active service ${server.name} of VS ${v.name}`,
    );
    if (server.set && server.alive && (v.quorumUp || !v.sorry || !v.sorry.alive)) this.ipvs(v, 'edit', server);
    if (updateQuorum) this.updateQuorum(v, false);
  }

  private updateQuorum(v: VsState, init: boolean): void {
    const { quorum, hysteresis } = v.vs;
    const sum = this.weighLive(v);
    // keepalived's unsigned arithmetic.
    const threshold = (quorum + (v.quorumUp ? -hysteresis : hysteresis)) >>> 0;
    if (!v.quorumUp && sum >= threshold) {
      v.quorumUp = true;
      this.log(`Gained quorum ${quorum}+${hysteresis}=${threshold} <= ${sum} for VS ${v.name}`);
      const s = v.sorry;
      if (s && s.alive) {
        this.log(`${s.inhibit ? 'Disabling' : 'Removing'} sorry server ${s.name} from VS ${v.name}`);
        this.ipvs(v, 'delete', s);
        s.alive = false;
        this.poolState(v, true);
      }
      this.vsNotifies(v, init, threshold, sum, false);
      return;
    }
    const s = v.sorry;
    if ((v.quorumUp && (!sum || sum < threshold)) || (init && !v.quorumUp && s && !s.alive)) {
      v.quorumUp = false;
      this.log(
        `${init ? 'Starting with quorum down' : 'Lost quorum'} ${quorum}-${hysteresis}=${threshold} > ${sum} for VS ${v.name}`,
      );
      if (s && !s.alive) {
        this.log(`${s.inhibit ? 'Enabling' : 'Adding'} sorry server ${s.name} to VS ${v.name}`);
        this.poolState(v, false);
        this.ipvs(v, 'add', s);
        s.alive = true;
      }
      this.vsNotifies(v, init, threshold, sum, false);
    }
  }

  /** Adds or removes every alive real server (the sorry server is leaving or arriving). */
  private poolState(v: VsState, add: boolean): void {
    this.log(`${add ? 'Adding alive servers to' : 'Removing alive servers from'} the pool for VS ${v.name}`);
    for (const server of v.servers) if (server.alive) this.ipvs(v, add ? 'add' : 'delete', server);
  }

  private updateVsNotifies(v: VsState, stopping: boolean): void {
    const threshold = (v.vs.quorum - v.vs.hysteresis) >>> 0;
    const sum = this.weighLive(v);
    if (stopping || (v.quorumUp && (!sum || sum < threshold))) {
      v.quorumUp = false;
      this.vsNotifies(v, false, threshold, sum, stopping);
    }
  }

  private clearServer(v: VsState, server: Server, stopping: boolean): void {
    if (server.set || stopping) {
      const inhibited = server.inhibit && !server.alive ? '(inhibited) ' : '';
      this.log(`${stopping ? 'Shutting down' : 'Removing'} ${inhibited}service ${server.name} from VS ${v.name}`);
    }
    if (!server.set) return;
    this.ipvsDeleteForced(v, server);
    if (!server.alive) return;
    server.alive = false;
    // Without omega, shutdown only sends SNMP traps.
    if (!v.vs.omega && stopping) return;
    this.rsNotifies(v, server, stopping);
    if (server.smtpAlert) {
      const body = stopping ? '=> Shutting down <=' : '=> Removing <=';
      this.alert(`Realserver ${server.name} of virtual server ${v.name} - DOWN`, body);
    }
  }

  private rsNotifies(v: VsState, server: Server, stopping: boolean): void {
    const script = server.alive ? server.notifyUp : server.notifyDown;
    if (script) this.script(server.alive ? 'notify_up' : 'notify_down', script, stopping);
    this.out.push({ type: 'fifo', line: `RS ${server.name} ${v.name} ${server.alive ? 'UP' : 'DOWN'}\n` });
  }

  private vsNotifies(v: VsState, init: boolean, threshold: number, sum: number, stopping: boolean): void {
    if (stopping && !v.vs.omega) return;
    const up = v.quorumUp;
    const script = up ? v.vs.quorumUp : v.vs.quorumDown;
    if (script) this.script(up ? 'quorum_up' : 'quorum_down', script, stopping);
    this.out.push({ type: 'fifo', line: `VS ${v.name} ${up ? 'UP' : 'DOWN'}\n` });
    if (!v.vs.smtpAlert) return;
    const what = up
      ? init ? 'Starting with quorum up' : 'Gained quorum'
      : init ? 'Starting with quorum down' : 'Lost quorum';
    const body = stopping
      ? '=> Shutting down <='
      : `=> ${what} ${v.vs.quorum}+${v.vs.hysteresis}=${threshold} <= ${sum} <=`;
    this.alert(`Virtualserver ${v.name} - ${up ? 'UP' : 'DOWN'}`, body);
  }

  /** keepalived's ipvs_cmd() for a destination, inhibit_on_failure included. */
  private ipvs(v: VsState, cmd: 'add' | 'delete' | 'edit', server: Server): void {
    let weight = realWeight(server.effectiveWeight);
    if (cmd === 'delete' && server.inhibit) {
      weight = 0;
      cmd = 'edit';
    } else if (cmd === 'add' && server.inhibit && server.set) {
      cmd = 'edit';
    } else if (cmd === 'add' && !server.set) {
      server.set = true;
      if (server.inhibit && server.numFailedCheckers) weight = 0;
    } else if (cmd === 'delete' && server.set) {
      server.set = false;
    }
    if (cmd === 'delete') {
      if (!v.dests.has(server.address, server.port)) this.noSuchDestination(v, server);
      v.dests.delete(server.address, server.port);
    } else if (cmd === 'add') v.dests.add(this.destination(server, weight));
    else v.dests.edit(this.destination(server, weight));
  }

  /**
   * keepalived sends a delete whatever it believes, and logs the kernel's refusal when the destination is not there
   * (after a reload took it away with a sorry server that was also this real server). Groups are not modelled.
   */
  private noSuchDestination(v: VsState, server: Server): void {
    const vs = v.vs;
    if (vs.group !== undefined) return;
    const fwmark = vs.fwmark !== undefined && vs.fwmark !== 0;
    const service = fwmark
      ? `Fwm ${vs.fwmark}${vs.ipFamily === 'inet6' ? ' inet6' : ''}`
      : `${vs.address}:${(vs.protocol ?? 'TCP').toLowerCase()}:${vs.port}`;
    const nat = server.forwarding.method === 'NAT';
    const port = nat ? server.port : fwmark ? 0 : vs.port;
    this.log(`IPVS cmd IP_VS_SO_SET_DELDEST(1160) error: No such destination(2) (${service} -> ${server.address}:${port})`);
  }

  /** A real delete even with inhibit_on_failure (shutdown). */
  private ipvsDeleteForced(v: VsState, server: Server): void {
    const inhibit = server.inhibit;
    server.inhibit = false;
    this.ipvs(v, 'delete', server);
    server.inhibit = inhibit;
  }

  private destination(server: Server, weight: number): DesiredDestination {
    return {
      family: server.family,
      address: server.address,
      port: server.port,
      weight,
      forwarding: server.forwarding,
      uthreshold: server.uthreshold,
      lthreshold: server.lthreshold,
    };
  }

  private weighLive(v: VsState): number {
    let sum = 0;
    for (const server of v.servers) if (server.alive) sum += realWeight(server.effectiveWeight);
    return sum;
  }

  /** keepalived 2.2.7's addr_matches() answers false for any group: their ha_suspend checkers never resume. */
  private usesAddress(vs: VirtualServer, address: string): boolean {
    return vs.group === undefined && vs.address === address;
  }

  private checker(ref: CheckerRef): CheckerState | undefined {
    return this.vss[ref.vsIndex]?.checkers[ref.rsIndex]?.[ref.checkerIndex];
  }

  private log(line: string): void {
    this.out.push({ type: 'log', line });
  }

  private script(purpose: ScriptPurpose, script: ScriptRef, stopping: boolean): void {
    this.out.push({ type: 'script', purpose, script, timeoutMs: stopping ? STOPPING_SCRIPT_TIMEOUT_MS : undefined });
  }

  private alert(subject: string, body: string): void {
    this.out.push({ type: 'alert', subject: `[${this.config.globalDefs.routerId}] ${subject}`, body });
  }

  private flush(): LvsAction[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}
