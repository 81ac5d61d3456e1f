// The daemon's parent process ("Keepalived"): keepalived's start-up lines, then the supervisor (src/core/supervisor)
// with the checker process (when there are virtual servers, not with -P) and the VRRP process (not with -C) as its children — pid files, signals passed on, keepalived's respawn back-off, the orderly
// stop — and global_defs startup_script / shutdown_script around them. The parent reads the configuration only for what it decides itself (pid file names, which children run,
// child_wait_time); the child reads it again, as keepalived's children re-parse it.
import { existsSync } from 'node:fs';
import { release, version as kernelVersion } from 'node:os';
import { extname, join } from 'node:path';
import { DataDumpFile } from '../config/dump/data-dump-file';
import { globalDefsDataLines } from '../config/dump/global-defs-data';
import { formatParentDiagnostic } from '../config/diagnostics';
import { loadConfig, type LoadResult } from '../config/load';
import type { KeepalivedConfig } from '../config/model/keepalived-config';
import { processParseLog } from '../config/parse-log';
import { commandLineLines, createLogger, LOG_INFO, type Logger } from '../core/logging';
import { CHECKER_OPTIONS_ENV, type CheckerProcessOptions } from '../check/daemon/checker-process';
import { checkerChild, pidFilePaths, Supervisor, vrrpChild, type ChildSpec } from '../core/supervisor';
import { VRRP_OPTIONS_ENV, type VrrpProcessOptions } from '../vrrp/daemon/vrrp-process';
import { ProcessScriptRunner } from '../core/process';
import type { DaemonOptions } from './daemon-options';
import { runStartStopScript } from './start-stop-scripts';
import { KEEPALIVED_COMPAT_DATE, KEEPALIVED_COMPAT_VERSION } from './version';

const VERSION_LINE = `Keepalived v${KEEPALIVED_COMPAT_VERSION} (${KEEPALIVED_COMPAT_DATE})`;
const VRRP_CHILD_MAIN = join(__dirname, '..', 'vrrp', 'daemon', `vrrp-child-main${extname(__filename)}`);
const CHECKER_CHILD_MAIN = join(__dirname, '..', 'check', 'daemon', `checker-child-main${extname(__filename)}`);
/**
 * The VRRP process compiles every function when it loads (a few MB more, no slower start-up) instead of on first
 * call: a backup's first takeover otherwise pays for compiling the takeover path, about half a millisecond.
 */
const VRRP_V8_FLAGS = ['--no-lazy'];

/** keepalived's exit code when the configuration file does not exist. */
export const EXIT_NO_CONFIG = 6;

interface ParentView {
  haveVrrp: boolean;
  /** Virtual servers: the checker process runs. */
  haveChecker: boolean;
  usePidDir: boolean;
  instance: string | undefined;
  childWaitTimeMs: number;
  /** The files read, root first (keepalived -D names each as it opens it). */
  filesOpened: readonly string[];
  /** The configuration as read (keepalived_parent.data's global definitions). */
  config: KeepalivedConfig;
  /** What keepalived's parent logs about its part of the configuration (script users, startup script security). */
  parseLog: readonly string[];
}

function readParentView(o: DaemonOptions, reload = false): ParentView {
  const r = loadConfig(o.configFile, { configId: o.configId, allConfig: o.allConfig, configTest: false });
  const top = r.config.topLevel;
  return {
    haveVrrp: r.config.vrrpInstances.length > 0,
    haveChecker: r.config.virtualServers.length > 0,
    usePidDir: top.usePidDir,
    instance: top.instance,
    childWaitTimeMs: top.childWaitTimeUs / 1000,
    filesOpened: r.filesOpened,
    config: r.config,
    // What it parses (with -D each included file as it is opened), then (at start-up only) its own check of the
    // startup/shutdown scripts.
    parseLog: processParseLog(r.diags, 'parent', reload, o.logging.detail > 0 ? includeOpenings(r) : []).map((d) =>
      typeof d === 'string' ? d : formatParentDiagnostic(d, o.configFile),
    ),
  };
}

/**
 * keepalived -D's "Opening file" of each included file, where the parent reads the include: just before the first
 * line of the file (a file without lines: where the next one starts).
 */
function includeOpenings(r: LoadResult): Array<{ root: number; text: string }> {
  const out: Array<{ root: number; text: string }> = [];
  let next = Infinity;
  for (const f of r.filesOpened.slice(1).reverse()) {
    const start = r.fileStarts?.get(f);
    if (start !== undefined) next = start - 0.5;
    out.unshift({ root: next, text: `Opening file '${f}'.` });
  }
  return out;
}

/** keepalived's parent names the file it reads; with -D it first logs its opening (the included ones: parseLog). */
function logConfigFiles(log: Logger, o: DaemonOptions, files: readonly string[]): void {
  if (o.logging.detail > 0 && files.length > 0) log.info(`Opening file '${files[0]}'.`);
  log.info(`Configuration file ${o.configFile}`);
}

/** Runs the parent until the daemon stops; resolves with its exit code. */
export async function runDaemonParent(o: DaemonOptions): Promise<number> {
  const log = createLogger('parent', o.logging);
  for (const m of o.earlyMessages) log.info(m);
  log.info(`Starting ${VERSION_LINE}`);
  log.info(`Running on Linux ${release()} ${kernelVersion()}`);
  log.logLines(LOG_INFO, commandLineLines(o.argv));
  if (!existsSync(o.configFile)) {
    log.info(`Config files missing '${o.configFile}'.`);
    log.info(`Stopped ${VERSION_LINE}`);
    log.close();
    return EXIT_NO_CONFIG;
  }
  const view = readParentView(o);
  logConfigFiles(log, o, view.filesOpened);
  let parentConfig = view.config;
  const parentDump = new DataDumpFile('keepalived_parent.data', 'parent', log);
  for (const l of view.parseLog) log.info(l);
  const pids = pidFilePaths({
    overrides: { parent: o.pidFile, vrrp: o.vrrpPidFile, checker: o.checkersPidFile, bfd: o.bfdPidFile },
    usePidDir: view.usePidDir,
    instance: view.instance,
  });
  const vrrp: VrrpProcessOptions = {
    configFile: o.configFile,
    configId: o.configId,
    allConfig: o.allConfig,
    logging: o.logging,
    dontReleaseVrrp: o.dontReleaseVrrp,
    releaseVips: o.releaseVips,
  };
  const checker: CheckerProcessOptions = {
    configFile: o.configFile,
    configId: o.configId,
    allConfig: o.allConfig,
    logging: o.logging,
  };
  const runVrrp = !o.checkOnly && (view.haveVrrp || o.all);
  const runChecker = !o.vrrpOnly && (view.haveChecker || o.all);
  // keepalived starts the checker process first, then the VRRP process.
  const children: ChildSpec[] = [];
  if (runChecker) children.push(checkerChild(CHECKER_CHILD_MAIN, pids.checker));
  if (runVrrp) children.push({ ...vrrpChild(VRRP_CHILD_MAIN, pids.vrrp), execArgv: [...process.execArgv, ...VRRP_V8_FLAGS] });
  // keepalived warns when no child is to run (-C with no virtual servers, -P with no VRRP instances, …).
  if (children.length === 0) log.info('Warning - keepalived has no configuration to run');
  const scripts = new ProcessScriptRunner();
  const detail = o.logging.detail > 0;
  const supervisor = new Supervisor({
    logger: log,
    pidFile: pids.parent,
    children,
    otherPidFiles: [...(runChecker ? [] : [pids.checker]), pids.bfd],
    dontRespawn: o.dontRespawn,
    childWaitTimeMs: view.childWaitTimeMs,
    stoppedMessage: `Stopped ${VERSION_LINE}`,
    env: { ...process.env, [VRRP_OPTIONS_ENV]: JSON.stringify(vrrp), [CHECKER_OPTIONS_ENV]: JSON.stringify(checker) },
    hooks: {
      // keepalived's parent re-reads the file at a reload and names it (the children re-read it too).
      reload: () => {
        parentDump.reloaded();
        if (!existsSync(o.configFile)) {
          log.info(`Config files missing '${o.configFile}'.`);
          log.info('Failed to open configuration file');
          readParentView(o);
          return;
        }
        const next = readParentView(o, true);
        parentConfig = next.config;
        logConfigFiles(log, o, next.filesOpened);
        for (const l of next.parseLog) log.info(l);
      },
      beforeStart: () => {
        const g = view.config.globalDefs;
        // keepalived's parent, once it has written its pid file (at start-up only).
        if (g.maxAutoPriority === 0) log.info('NOTICE: setting config option max_auto_priority should result in better keepalived performance');
        return runStartStopScript('startup', g.startupScript, g.startupScriptTimeoutUs, scripts, log, detail);
      },
      beforeExit: () => {
        const g = parentConfig.globalDefs;
        return runStartStopScript('shutdown', g.shutdownScript, g.shutdownScriptTimeoutUs, scripts, log, detail);
      },
      // keepalived_parent.data: the global definitions. Not awaited, so the children get the signal at once.
      dumpData: () => {
        void parentDump.write(parentConfig, (ctx) => `${globalDefsDataLines(parentConfig.globalDefs, parentConfig.topLevel, ctx).join('\n')}\n`);
      },
    },
  });
  // keepalived's parent keeps running with nothing to supervise; signal listeners alone keep no process alive.
  const idle = children.length > 0 ? undefined : setInterval(() => undefined, 1 << 30);
  try {
    return await supervisor.run();
  } finally {
    if (idle) clearInterval(idle);
    log.close();
  }
}
