// The VRRP daemon: the thin loop between the sans-IO instances and the world (DESIGN principle 1). It owns one
// PacketIO, one netlink command channel and one monitor channel, and one VrrpInstance per configured instance;
// it feeds them received adverts, link and address events and timer expiries with the monotonic time in µs, and
// carries out the actions they return in order. Each instance keeps its next deadline in a slot of the shared
// scheduler, so one host timer serves all of them. A member of a vrrp_sync_group reports its transitions and fault
// changes to its group's core (../sync-group), whose steps (the other members' actions, its log lines and
// notifications) are carried out the same way. Notifications go to scripts, notify FIFOs and SMTP alerts.
//
//   const d = new VrrpDaemon(deps, options);
//   await d.start(config);          // force-removes VIPs, every instance enters BACKUP (or FAULT) as keepalived
//   await d.reload(newConfig);      // SIGHUP: matched instances keep their state
//   await d.shutdown();             // SIGTERM: priority 0 from every MASTER, VIPs removed, STOP notified
import type { LvsSyncSwitch } from './lvs-sync';
import { writeFile } from 'node:fs/promises';
import type { KeepalivedConfig } from '../../config/model/keepalived-config';
import { DataDumpFile } from '../../config/dump/data-dump-file';
import { globalDefsDataLines, type GlobalDumpContext } from '../../config/dump/global-defs-data';
import type { Logger } from '../../core/logging/logger';
import { NotifyFifos } from '../../core/notify-fifo';
import type { NftRunner } from '../../net/firewall';
import type { ScriptRunner } from '../../core/process/script-runner';
import { ipString } from '../../net/addon/addresses';
import { errnoNumber, strerror } from '../../net/netlink/errors';
import { addressKey } from '../../net/netlink/reconcile-addresses';
import { routeMatches, ruleMatches } from '../../net/netlink/match-kernel';
import type { KernelAddress, KernelRoute, KernelRule, NetlinkCommands, NetlinkEvent, NetlinkMonitor } from '../../net/netlink/types';
import { linkIsUp, RTPROT_KEEPALIVED, type LinkInfo } from '../../net/netlink/types';
import { Endpoint } from '../../net/packet-io/endpoint';
import type { EndpointHandlers, PacketIO, VrrpEndpoint } from '../../net/packet-io/packet-io';
import type { RxAdvert } from '../../net/packet-io/rx-advert';
import type { DropReason } from '../drop-reason';
import type { Action } from '../instance/actions';
import { VrrpInstance } from '../instance/instance';
import { instanceSettings, InstanceSettings } from '../instance/settings';
import { fileStatus } from '../trackers/file-value';
import { TrackerSet, type TrackerUpdate } from '../trackers/tracker-set';
import type { InstanceState } from '../instance/actions';
import { fifoLine } from '../instance/notify';
import { groupFifoLine, type GroupStep } from '../sync-group';
import { ActionServices, executeActions } from './action-executor';
import { AdvertView } from './advert-view';
import { clearStats, dataDump, jsonDump, statsDump } from './dump-files';
import { interfacesSection, type TrackingEntry } from './dump-interfaces';
import { garpDelaySection, monitoredRouteFamilies, scriptSection, type SocketFds, sockPoolSection, staticSections, syncGroupSection, trackFileSection, trackProcessSection } from './dump-sections';
import { dumpNaming, dumpPaths, type DumpPaths } from './dump-paths';
import { dropLine } from './drop-log';
import { InstancePlan, planInstance } from './instance-plan';
import { InstanceRuntime, wallClockUs } from './instance-runtime';
import { KernelWriter } from './kernel-writer';
import { LinkTable } from './link-table';
import { selectLinkbeatTargets } from './linkbeat';
import { LinkbeatPoller, LinkProber } from './linkbeat-poller';
import { LoopLag } from './loop-lag';
import { NeighbourPacer } from './neighbour-pacer';
import { firewallOptions, VipFirewall } from './vip-firewall';
import { Notifier, STOP_SCRIPT_LIMIT_MS } from './notifier';
import { buildSyncGroups, SyncGroupRuntime } from './sync-groups';
import { VrrpAlerts } from './vrrp-alerts';
import type { Scheduler } from './scheduler';
import { ProcSysctl, type Sysctl } from '../../net/sysctl/sysctl';
import { RpFilter } from './rp-filter';
import { planStatics, StaticRouting } from './static-routing';
import { VmacLinks } from './vmac-links';
import { VmacNames } from './vmac-plan';
import { warmUpInstance } from './warm-up';

export interface VrrpDaemonDeps {
  io: PacketIO;
  netlink: NetlinkCommands;
  monitor: NetlinkMonitor;
  scheduler: Scheduler;
  log: Logger;
  scripts: ScriptRunner;
  /** nftables for no_accept / strict; without it the drop rules are not made. */
  nft?: NftRunner;
  /** The linkbeat probe (MII / ETHTOOL / flags ioctls); without it linkbeat_interfaces are left to netlink. */
  linkProbe?: LinkProber;
  /** /proc/sys of the daemon's namespace (VMAC settings); default the real one. */
  sysctl?: Sysctl;
  /** global_defs lvs_sync_daemon with IPVS open; without it the instance's sync daemon actions do nothing. */
  lvsSync?: LvsSyncSwitch;
}

export interface VrrpDaemonOptions {
  /** -D */
  logDetail: boolean;
  /** -V: at shutdown neither send priority 0 nor remove VIPs, routes and rules. */
  dontReleaseVrrp: boolean;
  /** -X: an interface restore may remove VIPs the instance has not marked as set (see InstanceSettings). */
  releaseVips?: boolean;
  /** Directory of keepalived.data / .stats / .json: keepalived's tmp_dir ($TMPDIR if absolute, else /tmp). */
  tmpDir?: string;
}

/** Fault flag of an instance whose endpoint could not be set up (no interface, no source address). */
const NO_SOCKET = 'no-socket';

/** One warm-up per kind of instance: the code paths differ by version, family, auth and mode, not by VRID. */
function warmUp(runtimes: readonly InstanceRuntime[]): void {
  const seen = new Set<string>();
  for (const rt of runtimes) {
    const st = rt.inst.settings;
    const kind = `${st.version}/${st.family}/${st.auth}/${st.unicast}`;
    if (seen.has(kind)) continue;
    seen.add(kind);
    warmUpInstance(st);
  }
}

export class VrrpDaemon {
  private runtimes: InstanceRuntime[] = [];
  private groups: SyncGroupRuntime[] = [];
  /** The sync group of a member instance, and the runtime of an instance (for the steps a group returns). */
  private readonly groupOf = new Map<VrrpInstance, SyncGroupRuntime>();
  private readonly runtimeOf = new Map<VrrpInstance, InstanceRuntime>();
  private readonly links = new LinkTable();
  private readonly linkbeat: LinkbeatPoller | undefined;
  private readonly kernel: KernelWriter;
  private readonly notifier: Notifier;
  private services: ActionServices;
  private firewall: VipFirewall | undefined;
  private readonly pacer: NeighbourPacer;
  private readonly fifos: NotifyFifos;
  private readonly alerts: VrrpAlerts;
  private readonly lag: LoopLag;
  /** vrrp_scripts, track_files and vrrp_track_processes: their values and changes (sync groups subscribe too). */
  readonly trackers: TrackerSet;
  private readonly rpFilter: RpFilter;
  /** Interfaces the configuration names (instances' own, VMACs, tracked, VIPs'), existing or not. */
  private namedInterfaces = new Set<string>();
  /** global_defs disable_local_igmp: no IGMP redirection for IPv4 VMACs. */
  private disableLocalIgmp = false;
  /** VMACs in the firewall's vmac map, with the indexes they were added with. */
  private readonly vmacInFirewall = new Map<string, { family: 'ip' | 'ip6'; vmacIndex: number; baseIndex: number }>();
  private readonly vmacs: VmacLinks;
  private readonly unsubscribe: Array<() => void> = [];
  private startTimer: NodeJS.Timeout | undefined;
  private statics: StaticRouting | undefined;
  private stopping = false;
  /** The configuration in force (its global definitions open the data dump). */
  private running: KeepalivedConfig | undefined;
  /** keepalived.data: its directory and name, and the default script user looked up once per process. */
  private readonly dataFile: DataDumpFile;
  /**
   * The primary IPv4 address, as netlink reports it at start, of each interface that is down: the advert source
   * when none is configured (its addresses stay, but the socket layer only lists running interfaces).
   */
  private readonly primaryV4 = new Map<string, string>();
  /** How deep this daemon has corked PacketIO (flush() needs to know). */
  private corkDepth = 0;
  /** State changes in order (name, from, to, monotonic µs): for tests and the data dump. */
  readonly transitions: Array<{ name: string; from: string; to: string; at: number }> = [];

  constructor(private readonly deps: VrrpDaemonDeps, private readonly options: VrrpDaemonOptions) {
    this.kernel = new KernelWriter(deps.netlink, this.links, deps.log);
    this.fifos = new NotifyFifos(deps.log, deps.scripts, 'vrrp_');
    this.alerts = new VrrpAlerts(deps.log);
    this.notifier = new Notifier(deps.scripts, this.fifos, this.alerts);
    this.lag = new LoopLag(deps.log);
    this.dataFile = new DataDumpFile('keepalived.data', 'vrrp', deps.log, { TMPDIR: options.tmpDir ?? '/tmp' });
    const probe = deps.linkProbe;
    this.linkbeat = probe && new LinkbeatPoller({
      probe,
      log: deps.log,
      exists: (name) => this.links.index(name) !== undefined,
      onChange: (name, up) => this.linkState(name, up),
    });
    this.pacer = new NeighbourPacer(deps.io, deps.log, deps.scheduler, () => this.runtimes);
    this.trackers = new TrackerSet(deps.scripts, deps.log);
    const sysctl = deps.sysctl ?? new ProcSysctl();
    this.rpFilter = new RpFilter(sysctl, deps.log, () => [...this.namedInterfaces]);
    this.vmacs = new VmacLinks(deps.netlink, sysctl, this.links, deps.log, this.rpFilter);
    this.services = {
      pacer: this.pacer,
      io: deps.io,
      kernel: this.kernel,
      log: deps.log,
      notifier: this.notifier,
      flushAdverts: () => this.flush(),
      lvsSync: deps.lvsSync ? (rt, role) => {
        if (rt.name === deps.lvsSync?.instance) deps.lvsSync.switchTo(role);
      } : undefined,
      onStateChange: (rt, from, to) => this.transitions.push({ name: rt.name, from, to, at: this.now() }),
    };
    this.unsubscribe.push(
      deps.scheduler.onTick({ before: () => this.cork(), after: () => this.uncork() }),
      deps.scheduler.onLateness((late) => this.lag.observe(late)),
    );
  }

  private now(): number {
    return this.deps.scheduler.time.now();
  }

  private cork(): void {
    this.corkDepth++;
    this.deps.io.cork();
  }

  private uncork(): void {
    if (this.corkDepth === 0) return;
    this.corkDepth--;
    this.deps.io.uncork();
  }

  /** Sends what is corked now and corks again to the same depth. */
  private flush(): void {
    const depth = this.corkDepth;
    for (let i = 0; i < depth; i++) this.deps.io.uncork();
    for (let i = 0; i < depth; i++) this.deps.io.cork();
  }

  /** The running instances (tests, dumps). */
  get instances(): readonly InstanceRuntime[] {
    return this.runtimes;
  }

  instance(name: string): InstanceRuntime | undefined {
    return this.runtimes.find((r) => r.name === name);
  }

  // ---- start-up ---------------------------------------------------------------------------------------------------

  async start(config: KeepalivedConfig): Promise<void> {
    this.adopt(config);
    // Subscribe before listing, so no link change falls in between (monitor-channel contract).
    this.unsubscribe.push(this.deps.monitor.onEvent((e) => this.onNetlink(e)));
    this.unsubscribe.push(this.trackers.onChange((u) => this.onTracker(u)));
    // Files are read and processes counted before the instances start, as keepalived initialises them first.
    const [links] = await Promise.all([this.deps.netlink.listLinks(), this.trackers.start(config)]);
    if (this.stopping) return; // stopped while starting: nothing was set up yet
    this.deps.monitor.primeLinks(links);
    for (const l of links) this.links.put(l);
    await this.learnDownInterfaceSources(links);
    if (this.stopping) return;
    this.setUpFirewall(config);
    this.pacer.configure(config);
    await this.openNotifyChannels(config);
    if (this.stopping) return;
    const plans = this.plan(config);
    for (const p of plans) await this.createVmac(p, true);
    if (this.stopping) return;
    this.startLinkbeat(config, plans);
    // The instances take their interfaces' source addresses before the statics go in, as keepalived has read the
    // interface addresses by then: a static address (scope link goes first in the kernel's list) is never the source.
    const created = plans.map((p) => this.createRuntime(p));
    this.runtimes = created;
    this.rebuildGroups(config);
    this.statics = new StaticRouting(planStatics(config.statics, config.globalDefs.defaultInterface), this.kernel, this.deps.log);
    await this.statics.start();
    if (this.stopping) return;
    warmUp(created);
    this.updateLagThreshold();
    const delayUs = config.globalDefs.vrrpStartupDelayUs;
    if (delayUs > 0) {
      this.deps.log.info(`Delaying startup for ${delayUs / 1_000_000} seconds`);
      await new Promise<void>((resolve) => {
        this.startTimer = setTimeout(() => {
          this.startTimer = undefined;
          resolve();
        }, delayUs / 1000);
      });
      if (this.stopping) return;
    }
    this.startAll(created);
    this.trackers.runScripts();
  }

  /** keepalived's init_interface_linkbeat: the interfaces to poll, each probed once before the instances start. */
  private startLinkbeat(config: KeepalivedConfig, plans: readonly InstancePlan[]): void {
    if (!this.linkbeat) return;
    const { targets, notes } = selectLinkbeatTargets(config, plans);
    for (const n of notes) this.deps.log.info(n);
    this.linkbeat.start(targets);
  }

  /** keepalived's IF_FLAGS_UP, from the poller for a polled interface, else from netlink. */
  private linkUp(name: string): boolean {
    return this.linkbeat?.has(name) ? this.linkbeat.isUp(name) : this.links.isUp(name);
  }

  /** The nftables table when the configuration needs one (made lazily, on the first address blocked). */
  private setUpFirewall(config: KeepalivedConfig): void {
    if (this.firewall || !this.deps.nft) return;
    const fw = firewallOptions(config);
    if (!fw) return;
    if (fw.autoNote) this.deps.log.info(fw.autoNote);
    this.firewall = new VipFirewall(this.deps.nft, fw.options, this.deps.log, config.globalDefs.nftablesIfindex);
    this.services = { ...this.services, firewall: this.firewall };
  }

  /** The primary IPv4 address of each interface that is down, before any static address is added. */
  private async learnDownInterfaceSources(links: readonly LinkInfo[]): Promise<void> {
    const down = new Map(links.filter((l) => !linkIsUp(l)).map((l) => [l.index, l.name] as const));
    if (down.size === 0) return;
    for (const a of await this.deps.netlink.listAddresses({ family: 4 })) {
      const name = down.get(a.index);
      if (name !== undefined && !a.flags.secondary && !this.primaryV4.has(name)) this.primaryV4.set(name, a.address);
    }
  }

  /** SMTP settings, and the notify FIFOs opened before any instance starts (vrrp_complete_init). */
  private async openNotifyChannels(config: KeepalivedConfig): Promise<void> {
    const g = config.globalDefs;
    this.alerts.configure(g);
    // With virtual servers the checker process runs the global FIFO's script; the VRRP process only writes to it.
    const globalScript = config.virtualServers.length > 0 ? undefined : g.notifyFifoScript;
    await this.fifos.open(g.notifyFifo, globalScript, g.vrrpNotifyFifo, g.vrrpNotifyFifoScript);
  }

  /**
   * keepalived's start order: every instance's tracking (why it starts faulted; a faulted member syncs its group
   * to FAULT), then every instance's config-load state (FAULT at load), then each group's FAULT/BACKUP
   * announcement, then vrrp_init_state.
   */

  private plan(config: KeepalivedConfig): InstancePlan[] {
    this.disableLocalIgmp = config.globalDefs.disableLocalIgmp;
    const vmacNames = new VmacNames(this.links.all(), config.globalDefs.vmacPrefix ?? 'vrrp');
    const plans = config.vrrpInstances.map((vi) => planInstance(vi, config, { logDetail: this.options.logDetail, vmacNames }));
    this.namedInterfaces = new Set(plans.flatMap((p) => [
      p.ifname, ...(p.vmac ? [p.vmac.base, p.vmac.name] : []), ...p.vips.map((a) => a.dev), ...p.evips.map((a) => a.dev),
      ...(p.settings.trackers ?? []).filter((x) => x.kind === 'interface').map((x) => x.id),
    ]));
    return plans;
  }

  /** Creates the instance's VMAC if it has one (a failure leaves the instance without its interface: FAULT). */
  private async createVmac(plan: InstancePlan, quiet: boolean): Promise<boolean> {
    if (!plan.vmac || this.stopping) return false;
    const src6 = plan.endpoint.family === 6 ? plan.endpoint.srcIp : undefined;
    const how = await this.vmacs.create(plan.name, plan.vmac, src6, quiet);
    const vmacIndex = this.links.index(plan.vmac.name);
    const baseIndex = this.links.index(plan.vmac.base);
    // keepalived's firewall_add_vmac: IGMP (unless disable_local_igmp) / MLD reports leave from the base.
    const family = plan.endpoint.family === 6 ? 'ip6' : 'ip';
    if (how === 'created' && this.firewall && vmacIndex !== undefined && baseIndex !== undefined && (family === 'ip6' || !this.disableLocalIgmp)) {
      this.firewall.addVmac(family, vmacIndex, baseIndex);
      this.vmacInFirewall.set(plan.vmac.name, { family, vmacIndex, baseIndex });
    }
    return how !== undefined;
  }

  /** firewall_remove_vmac: the VMAC's entry leaves the map (by the indexes it had). */
  private vmacOutOfFirewall(name: string): void {
    const e = this.vmacInFirewall.get(name);
    if (!e) return;
    this.vmacInFirewall.delete(name);
    this.firewall?.removeVmac(e.family, e.vmacIndex, e.baseIndex);
  }

  /** Whether the interfaces the instance runs on are up: its own (or VMAC) and, with a VMAC, the one adverts use. */
  private ownLinksUp(plan: InstancePlan): boolean {
    return this.linkUp(plan.ifname) && (!plan.vmac || this.linkUp(plan.vmac.name));
  }

  /**
   * vrrp_init_state's part for the instance lvs_sync_daemon follows: the daemon of the role it starts in, which is
   * MASTER only for a master that stays master over a reload (anything else, the owner too, starts as backup).
   */
  private lvsSyncInit(rt: InstanceRuntime): void {
    const sync = this.deps.lvsSync;
    if (sync && rt.name === sync.instance) sync.start(rt.inst.state === 'MASTER' ? 'master' : 'backup');
  }

  private startAll(list: readonly InstanceRuntime[]): void {
    const now = this.now();
    this.cork();
    try {
      const loaded = new Set<SyncGroupRuntime>();
      for (const rt of list) {
        this.feed(rt, rt.inst.loadTracking());
        const g = this.groupOf.get(rt.inst);
        if (g) {
          loaded.add(g);
          this.runGroupSteps(g, g.core.loadMember(rt.inst));
        }
      }
      for (const rt of list) this.feed(rt, rt.inst.beginStart());
      for (const g of loaded) this.runGroupSteps(g, g.core.announce());
      for (const rt of list) {
        this.feed(rt, rt.inst.finishStart(now));
        this.lvsSyncInit(rt);
      }
    } finally {
      this.uncork();
    }
  }

  /** The vrrp_sync_groups of a configuration, over the current runtimes (members join their group's gate). */
  private rebuildGroups(config: KeepalivedConfig): void {
    this.groupOf.clear();
    this.runtimeOf.clear();
    for (const rt of this.runtimes) {
      rt.inst.joinSyncGroup(null);
      this.runtimeOf.set(rt.inst, rt);
    }
    this.groups = buildSyncGroups(config.vrrpSyncGroups, this.runtimes);
    for (const g of this.groups) for (const m of g.core.members) this.groupOf.set(m, g);
  }

  /** Carries out what a sync group returned: its members' actions, its log lines, its notifications. */
  private runGroupSteps(g: SyncGroupRuntime, steps: readonly GroupStep[]): void {
    for (const step of steps) {
      if (step.kind === 'member') {
        const rt = this.runtimeOf.get(step.member);
        if (rt) this.feed(rt, step.actions);
      } else if (step.kind === 'log') {
        this.deps.log.info(step.line);
      } else {
        this.notifier.runGroup(g.config, step);
      }
    }
  }

  /** After an advert or a timer: the sync group follows a member's transition (keepalived's VRRP_TSM_HANDLE). */
  private syncTransition(rt: InstanceRuntime, from: InstanceState): void {
    if (this.groupOf.size === 0) return;
    const g = this.groupOf.get(rt.inst);
    if (g) this.runGroupSteps(g, g.core.afterTransition(this.now(), rt.inst, from));
  }

  /** A MASTER member heard a lower-priority advert: its group's other members repeat their GARPs. */
  private syncLowerPriority(rt: InstanceRuntime): void {
    const g = this.groupOf.get(rt.inst);
    if (g) this.runGroupSteps(g, g.core.lowerPriorityHeard(this.now(), rt.inst));
  }

  /** Feeds a fault-source event (link, tracker, fault flag); the member's group follows a change of its faults. */
  private feedFaultEvent(rt: InstanceRuntime, event: (now: number) => readonly Action[]): void {
    const g = this.groupOf.get(rt.inst);
    const from = rt.inst.state;
    const hadFault = g ? rt.inst.ownFault : false;
    const now = this.now();
    this.feed(rt, event(now));
    if (g) this.runGroupSteps(g, g.core.afterFaultChange(now, rt.inst, from, hadFault));
  }

  private createRuntime(plan: InstancePlan): InstanceRuntime {
    let holder: InstanceRuntime | undefined;
    const { endpoint, source } = this.openEndpoint(plan, () => holder);
    const inst = new VrrpInstance(this.settingsFor(plan, source));
    const onDue = (now: number): void => {
      if (!holder) return;
      holder.lastEventUs = now;
      const from = holder.inst.state;
      this.feed(holder, holder.inst.timerFired(now));
      this.syncTransition(holder, from);
    };
    // Two slots, as keepalived has the instance timer and the delayed-GARP timers apart: a GARP wake-up must not
    // re-arm the instance timer, which would change its turn among timers due at the same instant.
    const rt = new InstanceRuntime(plan, inst, endpoint, this.deps.scheduler.slot(onDue), this.deps.scheduler.slot(onDue));
    holder = rt;
    // Reported before start(): taken as the state at load, as keepalived reads it.
    const now = this.now();
    if (!this.ownLinksUp(plan)) inst.interfaceChanged(now, false);
    for (const t of inst.settings.trackers) {
      if (t.kind === 'interface') inst.trackerChanged(now, t.id, this.linkUp(t.id));
      else if (t.kind !== 'bfd') {
        const v = this.trackers.value(t.kind, t.id);
        if (v !== undefined) inst.trackerChanged(now, t.id, v);
      }
    }
    if (!endpoint) inst.faultFlagChanged(now, NO_SOCKET, true);
    for (const what of plan.untracked) this.deps.log.info(`(${plan.name}) ${what} is not supported yet - ignored`);
    return rt;
  }

  private settingsFor(plan: InstancePlan, source: string | undefined): InstanceSettings {
    const fallback = plan.endpoint.family === 4 ? '0.0.0.0' : '::';
    return instanceSettings({
      ...plan.settings,
      sourceAddress: source ?? fallback,
      dontReleaseVrrp: this.options.dontReleaseVrrp,
      releaseVips: this.options.releaseVips ?? false,
    });
  }

  /** Registers the instance on its interface's channel; a failure leaves it without endpoint (FAULT). */
  private openEndpoint(plan: InstancePlan, rt: () => InstanceRuntime | undefined): { endpoint?: VrrpEndpoint; source?: string } {
    const handlers: EndpointHandlers = {
      onAdvert: (rx) => {
        const r = rt();
        if (r) this.onAdvert(r, rx);
      },
      onDrop: (reason, rx) => {
        const r = rt();
        if (r) this.onDrop(r, reason, rx);
      },
      // keepalived's "send advert error %d (%m)".
      onSendError: (err) => this.deps.log.info(err.code
        ? `(${plan.name}): send advert error ${errnoNumber(err.code)} (${strerror(err.code)})`
        : `(${plan.name}): send advert error (${err.message})`),
    };
    try {
      const spec = { ...plan.endpoint };
      // A VMAC has no address of its own (IPv4) or a copy of the base's (IPv6): adverts come from the base's.
      if (plan.vmac && spec.srcIp === undefined) spec.srcIp = this.vmacs.baseSource(plan.vmac.name, spec.family);
      else if (spec.family === 4 && spec.srcIp === undefined && this.primaryV4.has(plan.ifname)) spec.srcIp = this.primaryV4.get(plan.ifname);
      const endpoint = this.deps.io.openChannel(plan.ifname, plan.endpoint.family).register(spec, handlers);
      const source = endpoint instanceof Endpoint ? ipString(endpoint.src) : plan.endpoint.srcIp;
      return { endpoint, source };
    } catch (e) {
      this.deps.log.error(`(${plan.name}) ${(e as Error).message}`);
      return {};
    }
  }

  // ---- events -----------------------------------------------------------------------------------------------------

  /** Carries out actions and re-arms the instance's timer slot. */
  private feed(rt: InstanceRuntime, actions: readonly Action[]): void {
    if (actions.length > 0) executeActions(rt, actions, this.services);
    // A backup's deadline is its master-down timer: the takeover must not come early (scheduler.ts).
    rt.slot.set(rt.inst.timerDeadline, rt.inst.state === 'BACKUP');
    rt.garpSlot?.set(rt.inst.garpDeadline, rt.inst.state === 'BACKUP');
  }

  /**
   * An advert is timed by its kernel arrival stamp where the socket gives one: a backup's master-down timer then
   * counts from the wire, not from when the loop got round to the packet. Never before the instance's last event.
   * A MASTER is timed by the moment it handles the packet: keepalived restarts a master's advert timer from the
   * time after it answered (set_time_now in vrrp_init_instance_sands), so a peer advertising at the same interval
   * finds the master's timer just behind its own, and each answer stands in for the next periodic advert.
   */
  private onAdvert(rt: InstanceRuntime, rx: RxAdvert): void {
    if (this.stopping) return;
    const now = this.now();
    const at = rx.ageUs > 0 && rt.inst.state !== 'MASTER' ? Math.max(now - rx.ageUs, rt.lastEventUs) : now;
    rt.lastEventUs = at;
    const from = rt.inst.state;
    const heard = rt.inst.lowerPriorityHeard;
    this.feed(rt, rt.inst.advertReceived(at, rt.view.fill(rx)));
    if (rt.inst.lowerPriorityHeard !== heard) this.syncLowerPriority(rt);
    this.syncTransition(rt, from);
  }

  private onDrop(rt: InstanceRuntime, reason: DropReason, rx: RxAdvert): void {
    if (this.stopping) return;
    if (rt.limiter.first(reason)) {
      const line = dropLine(rt.name, reason, rx, rt.plan.endpoint);
      if (line) this.deps.log.info(line);
    }
    this.feed(rt, rt.inst.advertRejected(this.now()));
  }

  private onNetlink(e: NetlinkEvent): void {
    if (this.stopping) return;
    switch (e.type) {
      case 'link-added':
      case 'link-changed':
        this.links.put(e.link);
        break;
      case 'link-removed':
        this.links.remove(e.link);
        this.linkState(e.link.name, false);
        this.vmacRemoved(e.link.name);
        break;
      case 'link-up':
      case 'link-down':
        this.links.put(e.link);
        if (this.linkbeat?.has(e.link.name)) break; // polled: keepalived ignores netlink for it
        // keepalived names only interfaces some instance tracks (its own, unless dont_track_primary, or tracked);
        // not the up of a VMAC it just created (it reads that synchronously).
        const quiet = e.type === 'link-up' && this.vmacs.consumeQuietUp(e.link.name);
        if (this.linkTracked(e.link.name) && !quiet) this.deps.log.info(`Netlink reports ${e.link.name} ${e.type === 'link-up' ? 'up' : 'down'}`);
        this.linkState(e.link.name, e.type === 'link-up');
        break;
      case 'address-removed':
        if (this.kernel.consumeOwnRemoval(e.address)) break;
        this.addressRemovedExternally(addressKey(e.address));
        this.statics?.addressRemoved(e.address);
        break;
      case 'route-removed':
        if (e.route.protocol === RTPROT_KEEPALIVED && !this.virtualRouteRemoved(e.route)) this.statics?.routeRemoved(e.route);
        break;
      case 'rule-removed':
        if ((e.rule.protocol ?? RTPROT_KEEPALIVED) === RTPROT_KEEPALIVED && !this.virtualRuleRemoved(e.rule)) {
          this.statics?.ruleRemoved(e.rule);
        }
        break;
      case 'overrun':
        this.deps.log.error(`Netlink: receive error on the monitor channel (${e.error.code}) - some kernel notifications were lost`);
        break;
      default:
        break;
    }
  }

  /** A script, file or process changed: every instance tracking it is told, in configuration order. */
  private onTracker(u: TrackerUpdate): void {
    if (this.stopping) return;
    for (const rt of this.runtimes) {
      const t = rt.inst.settings.trackers.find((x) => x.kind === u.kind && x.id === u.name);
      if (!t) continue;
      if (u.kind === 'file' && this.options.logDetail) {
        // keepalived's -D lines for a file that moves an instance into or out of FAULT.
        const before = fileStatus(u.previous ?? 0, t.weight, t.reverse);
        const after = fileStatus(u.value as number, t.weight, t.reverse);
        if (after === -254 && before !== -254) this.deps.log.info(`(${rt.name}): tracked file ${u.name} now FAULT state`);
        else if (before === -254 && after !== -254) this.deps.log.info(`(${rt.name}): tracked file ${u.name} leaving FAULT state`);
      }
      this.feedFaultEvent(rt, (at) => rt.inst.trackerChanged(at, u.name, u.value));
    }
  }

  private linkTracked(ifname: string): boolean {
    return this.runtimes.some((rt) => ((rt.plan.ifname === ifname || rt.plan.vmac?.name === ifname) && !rt.inst.settings.dontTrackPrimary)
      || rt.inst.settings.trackers.some((t) => t.kind === 'interface' && t.id === ifname));
  }

  private linkState(ifname: string, up: boolean): void {
    for (const rt of this.runtimes) {
      if (rt.plan.ifname === ifname || rt.plan.vmac?.name === ifname) {
        this.feedFaultEvent(rt, (now) => rt.inst.interfaceChanged(now, up && this.ownLinksUp(rt.plan)));
      }
      if (rt.inst.settings.trackers.some((t) => t.kind === 'interface' && t.id === ifname)) {
        this.feedFaultEvent(rt, (now) => rt.inst.trackerChanged(now, ifname, up));
      }
    }
  }

  /**
   * Someone else deleted an instance's VMAC: as keepalived, the instance is in FAULT (the link went down first), and
   * the VMAC is created again at once; its "up" brings the instance back to BACKUP.
   */
  private vmacRemoved(ifname: string): void {
    if (this.vmacs.ownRemovalReported(ifname)) return;
    const rt = this.runtimes.find((r) => r.plan.vmac?.name === ifname);
    if (!rt || !rt.plan.vmac) return;
    this.deps.log.info(`Interface ${ifname} deleted`);
    this.deps.io.closeInterface(ifname);
    this.vmacOutOfFirewall(ifname);
    const onVmac = rt.plan.ifname === ifname;
    if (onVmac) {
      rt.endpoint?.close();
      rt.endpoint = undefined;
      this.feed(rt, rt.inst.faultFlagChanged(this.now(), NO_SOCKET, true));
    }
    const plan = rt.plan;
    void this.createVmac(plan, false).then(() => {
      if (this.stopping || rt.plan !== plan || !this.runtimes.includes(rt) || !onVmac) return;
      const opened = this.openEndpoint(plan, () => rt);
      rt.endpoint = opened.endpoint;
      this.feed(rt, rt.inst.faultFlagChanged(this.now(), NO_SOCKET, !opened.endpoint));
    });
  }

  /** Someone else deleted an address: a MASTER owning it as a VIP or eVIP reacts as keepalived (re-election). */
  private addressRemovedExternally(key: string): void {
    const now = this.now();
    for (const rt of this.runtimes) {
      if (rt.inst.state !== 'MASTER') continue;
      const owned = [...rt.pick('vips', rt.inst.settings.vips), ...rt.pick('evips', rt.inst.settings.evips)];
      if (owned.some((a) => {
        const spec = this.kernel.addressSpec(a);
        return spec !== undefined && addressKey(spec) === key;
      })) {
        this.feed(rt, rt.inst.vipDeletedExternally(now));
      }
    }
  }

  /**
   * A route of ours disappeared: when it is one of an instance's virtual routes (tracked), a MASTER instance goes
   * back to BACKUP as keepalived does, and the static routes are not looked at. True when it was a virtual route.
   */
  private virtualRouteRemoved(k: KernelRoute): boolean {
    for (const rt of this.runtimes) {
      const hit = rt.plan.routes.find((r) => {
        const spec = this.kernel.routeSpec(r);
        return spec !== undefined && routeMatches(k, spec);
      });
      if (!hit) continue;
      if (!hit.noTrack && rt.inst.state === 'MASTER') this.feed(rt, rt.inst.vipDeletedExternally(this.now()));
      return true;
    }
    return false;
  }

  private virtualRuleRemoved(k: KernelRule): boolean {
    for (const rt of this.runtimes) {
      const hit = rt.plan.rules.find((r) => ruleMatches(k, r.spec));
      if (!hit) continue;
      if (!hit.noTrack && rt.inst.state === 'MASTER') this.feed(rt, rt.inst.vipDeletedExternally(this.now()));
      return true;
    }
    return false;
  }

  // ---- reload (SIGHUP) ----------------------------------------------------------------------------------------------

  /**
   * Applies a new configuration. Instances are matched as keepalived matches them (VRID, family, interface,
   * multicast group or unicast source — not the name): a match keeps its state and only changes what changed;
   * an old instance without a match is removed (released, notified FAULT or DELETED); a new one starts in INIT.
   */
  async reload(config: KeepalivedConfig): Promise<void> {
    if (this.stopping) return;
    await this.trackers.reload(config);
    if (this.stopping) return;
    this.adopt(config);
    this.setUpFirewall(config);
    this.pacer.configure(config);
    // The FIFOs are closed and opened again: the new configuration may name others (keepalived's reload).
    this.fifos.close(true);
    await this.openNotifyChannels(config);
    if (this.stopping) return;
    const plans = this.plan(config);
    this.statics?.reload(planStatics(config.statics, config.globalDefs.defaultInterface));
    this.startLinkbeat(config, plans);
    const old = new Map<string, InstanceRuntime>();
    for (const rt of this.runtimes) if (!old.has(rt.plan.matchKey)) old.set(rt.plan.matchKey, rt);
    const matched = new Map<InstancePlan, InstanceRuntime>();
    for (const p of plans) {
      const rt = old.get(p.matchKey);
      if (rt && ![...matched.values()].includes(rt)) matched.set(p, rt);
    }
    const kept = new Set(matched.values());
    const gone = this.runtimes.filter((rt) => !kept.has(rt) && rt.plan.vmac);
    for (const p of plans) {
      if (!p.vmac) continue;
      // keepalived looks every VMAC up again on reload: a kept one is "found", a new one created.
      if (!matched.has(p)) await this.createVmac(p, true);
      else if (p.vmac.existing) this.deps.log.info(`(${p.name}) Found matching interface ${p.vmac.name}`);
    }
    if (this.stopping) return;
    const stateBefore = new Map(this.runtimes.map((rt) => [rt, rt.inst.state] as const));
    const now = this.now();
    this.cork();
    try {
      // Removed instances first, so their VRIDs are free for new ones on the same channel.
      for (const rt of this.runtimes) {
        if (kept.has(rt)) continue;
        this.feed(rt, rt.inst.removed(now, rt.plan.config.notifyDeleted !== undefined));
        this.dispose(rt);
      }
      const next: InstanceRuntime[] = [];
      const fresh: InstanceRuntime[] = [];
      for (const p of plans) {
        const rt = matched.get(p);
        if (rt) {
          this.reloadRuntime(rt, p, now);
          next.push(rt);
        } else {
          const created = this.createRuntime(p);
          next.push(created);
          fresh.push(created);
        }
      }
      this.runtimes = next;
      this.rebuildGroups(config);
      for (const g of this.groups) g.core.settle();
      if (config.globalDefs.fifoWriteVrrpStatesOnReload) this.writeStatesToFifo(stateBefore);
      this.updateLagThreshold();
      this.startAll(fresh);
      this.trackers.runScripts();
    } finally {
      this.uncork();
    }
    for (const rt of gone) {
      const v = rt.plan.vmac;
      if (v && !plans.some((p) => p.vmac?.name === v.name)) {
        this.deps.io.closeInterface(v.name);
        await this.vmacs.remove(rt.name, v);
        this.vmacOutOfFirewall(v.name);
      }
    }
  }

  /**
   * fifo_write_vrrp_states_on_reload: each sync group's state, then each kept instance that stayed BACKUP or FAULT
   * (a MASTER is re-asserted, not re-initialised, so keepalived writes no line for it).
   */
  private writeStatesToFifo(before: ReadonlyMap<InstanceRuntime, InstanceState>): void {
    for (const g of this.groups) {
      const st = g.core.state;
      if (st === 'MASTER' || st === 'BACKUP' || st === 'FAULT') this.fifos.write(groupFifoLine(g.core.name, st));
    }
    for (const rt of this.runtimes) {
      const st = rt.inst.state;
      if ((st === 'BACKUP' || st === 'FAULT') && before.get(rt) === st) this.fifos.write(fifoLine(rt.name, st, rt.inst.effectivePriority));
    }
  }

  private reloadRuntime(rt: InstanceRuntime, plan: InstancePlan, now: number): void {
    this.logVanishedAddresses(rt, plan);
    let source = rt.inst.settings.sourceAddress;
    if (JSON.stringify(plan.endpoint) !== JSON.stringify(rt.plan.endpoint) || !rt.endpoint) {
      // The advert template changed (VIPs, interval, auth, priority …): a new endpoint on the same channel.
      rt.endpoint?.close();
      const opened = this.openEndpoint(plan, () => rt);
      rt.endpoint = opened.endpoint;
      if (opened.source) source = opened.source;
      this.feed(rt, rt.inst.faultFlagChanged(now, NO_SOCKET, !opened.endpoint));
    }
    rt.plan = plan;
    rt.remember(plan);
    rt.view = AdvertView.forPlan(plan);
    this.feed(rt, rt.inst.reload(now, this.settingsFor(plan, source)));
    this.lvsSyncInit(rt);
    // Objects the instance did not track before get their current value.
    for (const t of rt.inst.settings.trackers) {
      if (t.kind === 'interface' || t.kind === 'bfd') continue;
      const v = this.trackers.value(t.kind, t.id);
      if (v !== undefined) this.feed(rt, rt.inst.trackerChanged(now, t.id, v));
    }
  }

  /**
   * keepalived's get_diff_address(): each address the old configuration had set that the new one has neither as
   * VIP nor as eVIP is named before it is removed ("(VI_1) ip address 10.0.0.5/24 dev eth0, no longer exist").
   */
  private logVanishedAddresses(rt: InstanceRuntime, plan: InstancePlan): void {
    if (rt.installed.vips.size + rt.installed.evips.size === 0) return;
    const kept = new Set([...plan.vips, ...plan.evips].map((a) => a.id));
    for (const a of [...rt.plan.vips, ...rt.plan.evips]) {
      if (!kept.has(a.id)) this.deps.log.info(`(${rt.name}) ip address ${a.address}/${a.prefix} dev ${a.dev}, no longer exist`);
    }
  }

  private dispose(rt: InstanceRuntime): void {
    rt.endpoint?.close();
    rt.endpoint = undefined;
    rt.slot.release();
    rt.garpSlot?.release();
  }

  private updateLagThreshold(): void {
    let min = Infinity;
    for (const rt of this.runtimes) min = Math.min(min, rt.inst.settings.advertIntervalUs);
    this.lag.thresholdUs = min / 2;
  }

  // ---- shutdown (SIGTERM / SIGINT) ------------------------------------------------------------------------------

  /**
   * keepalived's orderly stop: every MASTER sends one priority-0 advert and removes its VIPs, routes and rules
   * (unless -V), then every instance is notified STOP; resolves once the kernel has answered and the STOP
   * scripts have exited (or had their second), with every socket closed.
   */
  async shutdown(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.startTimer) clearTimeout(this.startTimer);
    this.trackers.stop();
    const now = this.now();
    this.cork();
    try {
      if (!this.options.dontReleaseVrrp) for (const rt of this.runtimes) this.feed(rt, rt.inst.release(now));
      for (const rt of this.runtimes) this.feed(rt, rt.inst.stop());
      for (const g of this.groups) this.runGroupSteps(g, g.core.stop());
    } finally {
      this.uncork();
    }
    // Statics go whatever -V says (keepalived's stop clears them unconditionally).
    this.statics?.removeAll();
    await Promise.all([
      this.kernel.idle(), this.notifier.stopScriptsDone(), this.firewall?.close(), this.alerts.stopMailsDone(STOP_SCRIPT_LIMIT_MS),
      this.deps.lvsSync?.stop(),
    ]);
    if (!this.options.dontReleaseVrrp) {
      // keepalived's order: rp_filter back first, then each VMAC deleted (its addresses go with it).
      await this.rpFilter.restore();
      for (const rt of this.runtimes) {
        if (!rt.plan.vmac) continue;
        this.deps.io.closeInterface(rt.plan.vmac.name);
        await this.vmacs.remove(rt.name, rt.plan.vmac);
      }
    }
    this.close();
  }

  /** Closes every socket and timer without the shutdown protocol (after shutdown(), or in tests). */
  close(): void {
    this.stopping = true;
    this.trackers.stop();
    for (const rt of this.runtimes) this.dispose(rt);
    this.pacer.close();
    this.linkbeat?.close();
    this.fifos.close();
    this.alerts.close();
    for (const u of this.unsubscribe.splice(0)) u();
    this.lag.close();
    this.deps.io.close();
    this.deps.monitor.close();
    this.deps.netlink.close();
  }

  // ---- dumps (SIGUSR1 / SIGUSR2 / STATS_CLEAR / JSON) ---------------------------------------------------------------------------------

  /** Who tracks each interface, as keepalived lists it: each instance its own interface, then its tracked ones. */
  private interfaceTracking(): Map<string, TrackingEntry[]> {
    const map = new Map<string, TrackingEntry[]>();
    const add = (ifname: string, e: TrackingEntry): void => {
      const list = map.get(ifname) ?? [];
      if (!list.some((x) => x.instance === e.instance)) list.push(e);
      map.set(ifname, list);
    };
    for (const rt of this.runtimes) {
      const own = rt.plan.vmac?.base ?? rt.plan.config.interface ?? rt.plan.ifname;
      // a primary interface that is not tracked shows keepalived's "not tracked" weight
      add(own, { instance: rt.name, weight: rt.inst.settings.dontTrackPrimary ? 255 : 0, reverse: false });
      for (const t of rt.plan.config.trackInterface) add(t.name, { instance: rt.name, weight: t.weight, reverse: t.weightReverse });
    }
    for (const g of this.groups) {
      for (const t of g.config.trackInterface) {
        for (const m of g.config.group) add(t.name, { instance: m, weight: t.weight, reverse: t.weightReverse });
      }
    }
    return map;
  }

  /** The addresses keepalived adds itself, which it never records as an interface's own. */
  private ownAddresses(): Set<string> {
    const own = new Set<string>();
    for (const rt of this.runtimes) for (const a of [...rt.items.vips.values(), ...rt.items.evips.values()]) own.add(a.address);
    for (const a of this.statics?.current.addresses ?? []) own.add(a.address);
    return own;
  }

  /**
   * The data dump; global: the global definitions' context (without it the section is left out); addresses: the
   * kernel's addresses for the Interfaces section (without them the section is left out).
   */
  dataText(global?: GlobalDumpContext, addresses?: readonly KernelAddress[]): string {
    const head = global && this.running ? globalDefsDataLines(this.running.globalDefs, this.running.topLevel, global) : [];
    const indexOf = (name: string): number => this.links.index(name) ?? Number.MAX_SAFE_INTEGER;
    const now = this.now();
    const wall = wallClockUs();
    const delays = this.pacer.dumpDelays().map((d) => ({
      ...d,
      garpNextWallUs: d.garpNext ? wall + d.garpNext - now : 0,
      gnaNextWallUs: d.gnaNext ? wall + d.gnaNext - now : 0,
      interfaces: d.interfaces.filter((n) => this.links.index(n) !== undefined).sort((a, b) => indexOf(a) - indexOf(b)),
    }));
    const garpOf = new Map(delays.flatMap((d) => d.interfaces.map((n) => [n, d] as const)));
    const tracked = this.trackers.dumpView();
    const sockets = (rt: InstanceRuntime): SocketFds | undefined => rt.endpoint?.sockets?.();
    const sections = {
      head: [...head, ...garpDelaySection(delays)],
      statics: staticSections(this.statics?.current, monitoredRouteFamilies(this.runtimes, this.statics?.current)),
      afterTopology: [
        ...sockPoolSection(this.runtimes, sockets),
        ...syncGroupSection(this.groups),
        ...scriptSection(tracked.scripts, this.runtimes),
        ...trackFileSection(tracked.files, this.runtimes),
        ...trackProcessSection(tracked.processes, this.runtimes),
      ],
      tail: addresses ? interfacesSection({
        links: this.links.all(),
        addresses,
        own: this.ownAddresses(),
        tracking: this.interfaceTracking(),
        linkbeat: (name) => this.linkbeat?.method(name),
        garp: (name) => garpOf.get(name),
      }) : [],
    };
    return dataDump(sections, this.runtimes, this.lag.figures(), {
      nowMonoUs: this.now(), ifindex: (name) => this.links.index(name), sockets,
    });
  }

  statsText(): string {
    return statsDump(this.runtimes);
  }

  /** The configuration now in force (dump naming, global definitions); a new one makes the data file look again. */
  private adopt(config: KeepalivedConfig): void {
    if (this.running) this.dataFile.reloaded();
    this.running = config;
  }

  /** The dump files of the running configuration. */
  get dumpPaths(): DumpPaths {
    return dumpPaths(this.options.tmpDir ?? '/tmp', dumpNaming(this.running));
  }

  async writeData(): Promise<void> {
    const config = this.running;
    if (!config) return;
    const addresses = await this.deps.netlink.listAddresses().catch(() => []);
    await this.dataFile.write(config, (global) => this.dataText(global, addresses));
  }

  /** SIGUSR2; STATS_CLEAR (clear) then zeroes the counters, as keepalived does after writing them. */
  async writeStats(clear = false): Promise<void> {
    const text = this.statsText();
    if (clear) clearStats(this.runtimes);
    await writeFile(this.dumpPaths.stats, text);
  }

  jsonText(): string {
    return jsonDump(this.runtimes, this.running?.vrrpScripts);
  }

  /** The JSON signal (SIGRTMIN+2). */
  async writeJson(): Promise<void> {
    await writeFile(this.dumpPaths.json, this.jsonText());
  }
}
