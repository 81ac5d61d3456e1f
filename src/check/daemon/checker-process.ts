// The checker process ("Keepalived_healthcheckers"): reads the configuration, opens IPVS, runs the CheckerDaemon
// and answers keepalived's signals — TERM/INT stop (the services leave IPVS), HUP reloads (unchanged checkers keep
// their state). Forked by the supervisor like the VRRP process (vrrp-process.ts); the parent writes its pid file.
// Without IPVS in the kernel it does what keepalived's does: "IPVS: Can't initialize ipvs: <strerror>", the
// services it would have had shut down in the log, and exit FATAL, which ends the whole daemon.
import { EXIT_CONFIG, EXIT_FATAL, EXIT_OK, readChildConfig } from '../../core/supervisor/child-config';
import type { KeepalivedConfig } from '../../config/model/keepalived-config';
import { createLogger, type LoggingOptions, type Logger } from '../../core/logging';
import { NotifyFifos } from '../../core/notify-fifo';
import { AlertMailer } from '../../core/smtp';
import { ProcessScriptRunner } from '../../core/process';
import { initChild, stoppedLine } from '../../core/supervisor';
import { logIpvsStart, openIpvs } from '../../ipvs/open';
import type { IpvsClient } from '../../ipvs/types';
import { SignalRelay } from '../../vrrp/daemon/signal-relay';
import { createCommandChannel, createMonitorChannel } from '../../net/netlink';
import { LvsState } from '../real-server/lvs-state';
import { CheckerDaemon } from './checker-daemon';
import { DataDumpFile } from '../../config/dump/data-dump-file';

/** How long the stop waits for the connections of its alerts (they are never more than opened). */
const STOP_MAILS_LIMIT_MS = 1000;

export interface CheckerProcessOptions {
  configFile: string;
  configId: string | undefined;
  allConfig: boolean;
  logging: LoggingOptions;
}

/** The environment variable that carries CheckerProcessOptions (JSON) to the forked process. */
export const CHECKER_OPTIONS_ENV = 'KEEPALIVED_TS_CHECKER_OPTIONS';

export { EXIT_CONFIG, EXIT_FATAL, EXIT_OK, EXIT_PROGRAM_ERROR } from '../../core/supervisor/child-config';

const readConfig = readChildConfig;

/** Feeds the host's addresses (a dump, then netlink events) to the daemon. */
function watchAddresses(daemon: CheckerDaemon, log: Logger): { primed: Promise<void>; close: () => void } {
  const family = (f: 4 | 6): 'inet' | 'inet6' => (f === 6 ? 'inet6' : 'inet');
  log.info('Registering Kernel netlink reflector');
  const monitor = createMonitorChannel();
  const off = monitor.onEvent((e) => {
    if (e.type === 'address-added' || e.type === 'address-removed') {
      daemon.addressEvent(family(e.address.family), e.address.address, e.address.index, e.type === 'address-added');
    }
  });
  log.info('Registering Kernel netlink command channel');
  const commands = createCommandChannel();
  const primed = commands.listAddresses().then(
    (list) => {
      for (const a of list) daemon.addressEvent(family(a.family), a.address, a.index, true);
    },
    () => undefined,
  );
  const close = (): void => {
    off();
    monitor.close();
    commands.close();
  };
  return { primed, close };
}

/** Runs until stopped; resolves with the process's exit code. */
export async function runCheckerProcess(o: CheckerProcessOptions): Promise<number> {
  const signals = new SignalRelay();
  const parent = initChild({ title: 'keepalived' });
  const log = createLogger('checker', o.logging);
  const detail = o.logging.detail > 0;
  const first = readConfig(o, log, 'check');
  if (first.abort || signals.stopRequested) {
    signals.close();
    if (!first.abort) return EXIT_OK;
    log.error(`Stopping - configuration error: ${first.abort.message}`);
    return EXIT_CONFIG;
  }
  const config = first.config;
  let ipvs: IpvsClient | undefined;
  if (config.virtualServers.length > 0) {
    ipvs = await openIpvs(log);
    if (!ipvs) {
      // keepalived's stop_check(FATAL): clear_services() logs each real server going, though none was added.
      for (const a of new LvsState(config).shutdown()) if (a.type === 'log') log.info(a.line);
      signals.close();
      log.info(stoppedLine(detail));
      return EXIT_FATAL;
    }
  }
  const scripts = new ProcessScriptRunner({ logger: log });
  // notify_fifo (whose script this process runs when there are virtual servers) and lvs_notify_fifo.
  const fifos = new NotifyFifos(log, scripts, 'lvs_');
  const openFifos = (g: KeepalivedConfig['globalDefs']): Promise<void> =>
    fifos.open(g.notifyFifo, g.notifyFifoScript, g.lvsNotifyFifo, g.lvsNotifyFifoScript).catch((e: Error) => log.error(`notify FIFO: ${e.message}`));
  if (ipvs) await openFifos(config.globalDefs);
  const alerts = new AlertMailer(log);
  alerts.configure(config.globalDefs);
  const daemon = ipvs
    ? new CheckerDaemon({
      ipvs, log: (l) => log.info(l), scripts, fifo: (l) => fifos.write(l), alert: (s, b, stop) => alerts.send(s, b, stop),
    }, { logDetail: detail })
    : undefined;
  // ha_suspend: checkers follow their virtual address; the monitor opens before the dump so nothing falls between.
  const addresses = daemon && config.virtualServers.some((vs) => vs.haSuspend) ? watchAddresses(daemon, log) : undefined;
  const started = daemon ? (addresses?.primed ?? Promise.resolve()).then(() => daemon.start(config)) : Promise.resolve();

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      void started
        .catch(() => undefined)
        .then(() => daemon?.shutdown())
        .then(() => alerts.stopMailsDone(STOP_MAILS_LIMIT_MS))
        .catch((e: unknown) => log.error(`Checker stop failed: ${(e as Error).stack ?? String(e)}`))
        .finally(() => {
          alerts.close();
          addresses?.close();
          fifos.close();
          ipvs?.close();
          signals.close();
          log.info(stoppedLine(detail));
          resolve(EXIT_OK);
        });
    };
    let reloading: Promise<unknown> = started;
    /** The configuration running (the dump's global definitions). */
    let current = config;
    let merged = 0;
    const reload = (): void => {
      merged++;
      if (merged > 1) return;
      let served = 0;
      reloading = reloading
        .then(async () => {
          served = merged;
          merged = 0;
          if (stopping) return;
          log.info('Reloading');
          const r = readConfig(o, log, 'check', true);
          if (r.abort || r.verdict !== undefined) {
            log.error(`Reload failed - keeping the running configuration: ${r.abort?.message ?? 'the configuration file could not be read'}`);
            return;
          }
          if (!daemon) return;
          logIpvsStart(log, true);
          // keepalived closes the FIFOs (they may differ after the reload) and opens them again.
          fifos.close(true);
          await openFifos(r.config.globalDefs);
          alerts.configure(r.config.globalDefs);
          await daemon.reload(r.config);
          current = r.config;
          dumpFile.reloaded();
        })
        .catch((e: unknown) => log.error(`Reload failed: ${(e as Error).stack ?? String(e)}`))
        .finally(() => {
          if (served === 0) {
            served = merged;
            merged = 0;
          }
          for (let i = 0; i < served; i++) parent.reportReloaded();
        });
    };
    const ignore = (): void => undefined;
    // SIGUSR1 (passed on by the parent): keepalived_check.data, after any reload in progress.
    const dumpFile = new DataDumpFile('keepalived_check.data', 'checker', log);
    const dump = (): void => {
      log.info(`Printing checker data for process(${process.pid}) on signal`);
      void reloading.then(() => dumpFile.write(current, (ctx) => daemon?.dataDump(ctx)));
    };
    signals.handle({ SIGTERM: stop, SIGINT: stop, SIGHUP: reload, SIGUSR1: dump, SIGUSR2: ignore, JSON: ignore, STATS_CLEAR: ignore });
    // keepalived's checker tells the parent it has read its configuration once the services are programmed.
    started.then(
      () => parent.reportStarted(),
      (e: unknown) => {
        log.error(`Checker start-up failed: ${(e as Error).stack ?? String(e)}`);
        stop();
      },
    );
  });
}
