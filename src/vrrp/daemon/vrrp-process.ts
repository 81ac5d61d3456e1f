// The VRRP process ("Keepalived_vrrp"): reads the configuration, opens the real PacketIO and netlink channels,
// runs the daemon, and answers keepalived's signals — TERM/INT stop (priority 0, VIPs released unless -V),
// HUP reloads, USR1 / USR2 / JSON / STATS_CLEAR write the dumps. Forked by the supervisor, it tells the parent when it has started
// and reloaded, and stops the same way when the parent dies (initChild turns that into a SIGTERM, as keepalived's
// children get one through PR_SET_PDEATHSIG). The parent writes and removes its pid file.
import { ConfigErr } from '../../config/diagnostics';
import type { LoadResult } from '../../config/load';
import { EXIT_CONFIG, EXIT_FATAL, EXIT_OK, readChildConfig } from '../../core/supervisor/child-config';
import type { KeepalivedConfig } from '../../config/model/keepalived-config';
import { createLogger, type LoggingOptions, type Logger } from '../../core/logging';
import { ProcessScriptRunner } from '../../core/process';
import { initChild, stoppedLine } from '../../core/supervisor';
import type { IpvsClient } from '../../ipvs';
import { interfaceLinkProbe } from '../../net/addon';
import { ProcessNftRunner } from '../../net/firewall';
import { createCommandChannel, createMonitorChannel } from '../../net/netlink';
import { AddonPacketIO } from '../../net/packet-io';
import { logIpvsStart, openIpvs } from '../../ipvs/open';
import { assignedAddressLines } from './assigned-addresses';
import { dumpDirectory } from './dump-paths';
import { LvsSyncSwitch } from './lvs-sync';
import { SignalRelay } from './signal-relay';
import { Scheduler } from './scheduler';
import { MonotonicTime } from './time-source';
import { VrrpDaemon } from './vrrp-daemon';

export interface VrrpProcessOptions {
  configFile: string;
  configId: string | undefined;
  allConfig: boolean;
  logging: LoggingOptions;
  /** -V */
  dontReleaseVrrp: boolean;
  /** -X */
  releaseVips?: boolean;
}

/** The environment variable that carries VrrpProcessOptions (JSON) to the forked process. */
export const VRRP_OPTIONS_ENV = 'KEEPALIVED_TS_VRRP_OPTIONS';

export { EXIT_CONFIG, EXIT_FATAL, EXIT_OK, EXIT_PROGRAM_ERROR } from '../../core/supervisor/child-config';

const readConfig = readChildConfig;

/**
 * Why a configuration read at reload cannot replace the running one, or undefined when it can. keepalived 2.2.7
 * applies whatever it read, so a missing file (or a missing required include) makes it drop every instance; a
 * reload here keeps the running configuration instead (DESIGN principle 6), and says so.
 */
function reloadRejection(r: LoadResult): string | undefined {
  if (r.abort) return r.abort.message;
  if (r.verdict !== undefined) return 'the configuration file (or a required include) could not be read';
  return undefined;
}

/** The configuration named an interface that does not exist: keepalived's VRRP process stops (CONFIG). */
function namesMissingInterface(r: LoadResult): boolean {
  return r.diags.list.some((d) => d.err === ConfigErr.BadIf && d.message === 'Non-existent interface specified in configuration');
}

/**
 * keepalived's vrrp_ipvs_needed: an LVS sync daemon tied to a VRRP instance makes the VRRP process use IPVS (the
 * legacy per-instance lvs_sync_daemon_interface fills in the global lvs_sync_daemon).
 */
function ipvsNeeded(c: KeepalivedConfig): boolean {
  return c.globalDefs.lvsSyncDaemon?.instance !== undefined;
}

/** Runs until stopped; resolves with the process's exit code. */
export async function runVrrpProcess(o: VrrpProcessOptions): Promise<number> {
  // Listen at once: without a listener a HUP or USR1 during the (synchronous) config load would kill the process.
  const signals = new SignalRelay();
  const parent = initChild({ title: 'keepalived' });
  const log = createLogger('vrrp', o.logging);
  // keepalived's start_vrrp() opens its netlink channels before it reads the configuration.
  log.info('Registering Kernel netlink reflector');
  const monitor = createMonitorChannel();
  log.info('Registering Kernel netlink command channel');
  const netlink = createCommandChannel();
  const first = readConfig(o, log, 'vrrp');
  const missingInterface = !first.abort && namesMissingInterface(first);
  if (missingInterface || first.abort || signals.stopRequested) {
    monitor.close();
    netlink.close();
    signals.close();
    if (missingInterface) {
      log.info(stoppedLine(o.logging.detail > 0));
      return EXIT_CONFIG;
    }
    if (!first.abort) return EXIT_OK;
    log.error(`Stopping - configuration error: ${first.abort.message}`);
    return EXIT_CONFIG;
  }
  let lvsSync: LvsSyncSwitch | undefined;
  if (ipvsNeeded(first.config)) {
    const client = await openIpvs(log);
    if (!client) {
      monitor.close();
      netlink.close();
      signals.close();
      log.info(stoppedLine(o.logging.detail > 0));
      return EXIT_FATAL;
    }
    const syncd = first.config.globalDefs.lvsSyncDaemon;
    const instance = syncd?.instance === undefined ? undefined : first.config.vrrpInstances.find((i) => i.name === syncd.instance);
    if (syncd && instance) lvsSync = new LvsSyncSwitch(client, syncd, instance.virtualRouterId, (l) => log.info(l));
    else client.close();
  }
  const detail = o.logging.detail > 0;
  // -D: the addresses of the instances' interfaces, named as keepalived completes its instances (and at each reload).
  const logAssigned = async (config: KeepalivedConfig): Promise<void> => {
    if (!detail) return;
    const [links, addrs] = await Promise.all([netlink.listLinks(), netlink.listAddresses()]).catch(() => [[], []]);
    for (const l of assignedAddressLines(config, links, addrs)) log.info(l);
  };
  await logAssigned(first.config);
  log.info('Registering gratuitous ARP shared channel');
  const io = new AddonPacketIO({ onHandlerError: (e) => log.error(`VRRP handler error: ${(e as Error).stack ?? String(e)}`) });
  const scheduler = new Scheduler(new MonotonicTime());
  const scripts = new ProcessScriptRunner({ logger: log });
  const daemon = new VrrpDaemon(
    { io, netlink, monitor, scheduler, log, scripts, nft: new ProcessNftRunner(), linkProbe: interfaceLinkProbe, lvsSync },
    { logDetail: o.logging.detail > 0, dontReleaseVrrp: o.dontReleaseVrrp, releaseVips: o.releaseVips ?? false, tmpDir: dumpDirectory(process.env) },
  );

  const started = daemon.start(first.config);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      void daemon.shutdown().finally(() => {
        scheduler.close();
        signals.close();
        log.info(stoppedLine(o.logging.detail > 0));
        resolve(EXIT_OK);
      });
    };
    // A reload waits for start-up to finish (and for the reload before it). HUPs that arrive while a reload is
    // waiting to begin are merged into it (it reads the newest file anyway), and each is reported done to the parent.
    let reloading: Promise<unknown> = started;
    let merged = 0;
    const reload = (): void => {
      merged++;
      if (merged > 1) return;
      let served = 0;
      reloading = reloading.then(async () => {
        served = merged;
        merged = 0;
        if (stopping) return;
        log.info('Reloading');
        const r = readConfig(o, log, 'vrrp', true);
        const rejected = reloadRejection(r);
        if (rejected !== undefined) {
          log.error(`Reload failed - keeping the running configuration: ${rejected}`);
          return;
        }
        if (lvsSync) {
          // keepalived's ipvs_start() again (the sync daemon keeps its client), then the new settings.
          const needed = ipvsNeeded(r.config);
          if (needed) logIpvsStart(log, true);
          const syncd = needed ? r.config.globalDefs.lvsSyncDaemon : undefined;
          lvsSync.reconfigure(syncd, r.config.vrrpInstances.find((i) => i.name === syncd?.instance)?.virtualRouterId);
        }
        await logAssigned(r.config);
        await daemon.reload(r.config);
      }).catch((e: unknown) => log.error(`Reload failed: ${(e as Error).stack ?? String(e)}`))
        .finally(() => {
          if (served === 0) { // start-up failed: the reload never began
            served = merged;
            merged = 0;
          }
          for (let i = 0; i < served; i++) parent.reportReloaded();
        });
    };
    signals.handle({
      SIGTERM: stop,
      SIGINT: stop,
      SIGHUP: reload,
      SIGUSR1: () => void daemon.writeData().catch((e: Error) => log.error(`Cannot write data dump: ${e.message}`)),
      SIGUSR2: () => void daemon.writeStats().catch((e: Error) => log.error(`Cannot write stats dump: ${e.message}`)),
      STATS_CLEAR: () => void daemon.writeStats(true).catch((e: Error) => log.error(`Cannot write stats dump: ${e.message}`)),
      JSON: () => void daemon.writeJson().catch((e: Error) => log.error(`Cannot write JSON dump: ${e.message}`)),
    });
    parent.reportStarted();
    started.catch(
      (e: unknown) => {
        log.error(`VRRP start-up failed: ${(e as Error).stack ?? String(e)}`);
        daemon.close();
        scheduler.close();
        resolve(EXIT_FATAL);
      },
    );
  });
}
