// keepalived's parent process: pid files, the children it forks and watches, the signals it handles and passes on,
// and the orderly stop. Behaviour measured on keepalived 2.2.7 (strace, kill, gdb):
// - start: umask 0177; refuse to start when a pid file belongs to a live process ("daemon is already running",
//   exit 0); write the pid file (or log "pidfile_write : Cannot open <path> pidfile" and stop, exit 0); fork the
//   children ("Starting VRRP child process, pid=N") and write their pid files; "Startup complete" once each child
//   has reported its start (never when a child dies first, or with no child);
// - a child that dies is logged (child-exit.ts), then "VRRP child process(N) died: Respawning" (LOG_ALERT), three
//   lines asking for an issue report, and restarted after a back-off (respawn-backoff.ts); the new child's first
//   report is logged as "read eventfd count 1, num_reloading 0". Exit 1, 2 or 4 ends the daemon with that code;
//   with -R any death does ("died: Exiting", then the normal stop, exit 0);
// - SIGHUP: "Reloading ...", the reload hook (re-read the configuration), then SIGHUP to each child, and "Reload
//   complete" once every child has reported its reload done; SIGUSR1:
//   "Printing parent data for process(N) on signal", the data hook, then SIGUSR1 to the children; SIGUSR2 and the
//   JSON / STATS_CLEAR real-time signals are passed on; SIGTERM and SIGINT stop;
// - stop: "Stopping", SIGTERM to each child, wait child_wait_time (5 s) and SIGKILL stragglers ("vrrp process
//   failed to die - forcing termination"), remove every pid file (children's, the others', then its own), with -D
//   "CPU usage (self/children) …", then "Stopped Keepalived v…".
import { fork, type ChildProcess } from 'node:child_process';
import { SIGNUMS } from '../../cli/signum';
import type { Logger } from '../logging/logger';
import { LOG_INFO } from '../logging/syslog-codes';
import { within } from '../process/script-runner';
import { describeChildExit, RESPAWN_BANNER } from './child-exit';
import { FORWARDED_SIGNALS, type ChildSpec } from './child-spec';
import { cpuUsageLine } from './cpu-usage';
import { isChildMessage } from './ipc';
import { daemonRunning, removePidFile, writePidFile } from './pid-file';
import { RespawnBackoff } from './respawn-backoff';
import { installSignalHandlers } from './signal-handlers';

export const DEFAULT_CHILD_WAIT_TIME_MS = 5000;
export const DEFAULT_UMASK = 0o177;

export interface SupervisorHooks {
  /** The parent's part of a reload (re-read the configuration). A throw keeps the children as they are. */
  reload?(): Promise<void> | void;
  /** SIGUSR1: write the parent's data file. */
  dumpData?(): Promise<void> | void;
  /** After the pid file and signal handlers, before the first child starts (startup_script). */
  beforeStart?(): Promise<void> | void;
  /** After the children are gone, before the pid files are removed (shutdown_script). */
  beforeExit?(): Promise<void> | void;
  /** The bug-report banner logged after a child's segmentation fault. */
  segfaultBanner?(): readonly string[];
}

export interface SupervisorOptions {
  logger: Logger;
  /** The parent's pid file (-p). */
  pidFile: string;
  /** The children, in start order (keepalived: checker, then VRRP). */
  children: readonly ChildSpec[];
  /** More pid files checked at start and removed at exit (keepalived does both with bfd.pid). */
  otherPidFiles?: readonly string[];
  /** -R / --dont-respawn */
  dontRespawn?: boolean;
  /** global_defs child_wait_time, in ms. */
  childWaitTimeMs?: number;
  /** The daemon's umask (keepalived: 0177 unless -u / umask). */
  umask?: number;
  /** Process title of the parent (keepalived's processes are all "keepalived"). */
  title?: string;
  /** The last line, e.g. "Stopped Keepalived v2.2.7 (01/16,2022)". */
  stoppedMessage?: string;
  hooks?: SupervisorHooks;
  /** Install the process signal handlers (default true; tests of the logic may drive the methods instead). */
  handleSignals?: boolean;
  /** The children's environment (default: ours without NOTIFY_SOCKET, which keepalived's children clear). */
  env?: NodeJS.ProcessEnv;
}

interface Slot {
  spec: ChildSpec;
  proc?: ChildProcess;
  pid?: number;
  startedAt: number;
  starts: number;
  pendingReloads: number;
  backoff: RespawnBackoff;
  respawnTimer?: NodeJS.Timeout;
  exited?: Promise<void>;
  /** The child's pid file could not be written: the child was ended, as keepalived's ends itself. */
  pidFileFailed?: boolean;
  /** The child has reported that it started (its signal handlers are in place). */
  ready: boolean;
  /** Signals for the child that arrived before it was ready. */
  held: number[];
}

export class Supervisor {
  private readonly log: Logger;
  private readonly slots: Slot[];
  /** Children whose first start has not been reported yet ("Startup complete" when it reaches 0). */
  private startupPending = 0;
  private stopping = false;
  private finished!: (code: number) => void;
  private readonly done: Promise<number>;
  private removeSignalHandlers: () => void = () => undefined;

  constructor(private readonly options: SupervisorOptions) {
    this.log = options.logger;
    this.slots = options.children.map((spec) => ({
      spec,
      startedAt: 0,
      starts: 0,
      pendingReloads: 0,
      backoff: new RespawnBackoff(),
      ready: false,
      held: [],
    }));
    this.done = new Promise((res) => (this.finished = res));
  }

  /** Starts everything; resolves with the exit code once the daemon has stopped. */
  async run(): Promise<number> {
    const o = this.options;
    process.umask(o.umask ?? DEFAULT_UMASK);
    process.title = o.title ?? 'keepalived';
    const pidFiles = [o.pidFile, ...o.children.map((c) => c.pidFile), ...(o.otherPidFiles ?? [])];
    if (daemonRunning(pidFiles, (m) => this.log.info(m))) {
      this.log.info('daemon is already running');
      return 0;
    }
    if (!this.writePid(o.pidFile)) {
      if (o.stoppedMessage) this.log.info(o.stoppedMessage);
      return 0;
    }
    if (o.handleSignals !== false) this.removeSignalHandlers = installSignalHandlers(this, this.log);
    try {
      await o.hooks?.beforeStart?.();
    } catch (e) {
      this.log.info(`start-up failed: ${(e as Error).message}`);
    }
    if (this.stopping) return this.done;
    for (const slot of this.slots) this.start(slot);
    // keepalived says "Startup complete" once every child has read its configuration (none: never).
    this.startupPending = this.slots.length;
    return this.done;
  }

  /** The pid of a running child, by name. */
  childPid(name: string): number | undefined {
    return this.slots.find((s) => s.spec.name === name)?.pid;
  }

  /** SIGHUP. */
  async reload(): Promise<void> {
    if (this.stopping) return;
    this.log.info('Reloading ...');
    try {
      await this.options.hooks?.reload?.();
    } catch (e) {
      this.log.info(`Reload failed: ${(e as Error).message}`);
      return;
    }
    for (const slot of this.slots) {
      if (slot.proc) {
        slot.pendingReloads++;
        this.pass(slot, SIGNUMS.RELOAD);
      } else if (!slot.respawnTimer) {
        this.start(slot);
      }
    }
  }

  /** SIGUSR1. */
  async dumpData(): Promise<void> {
    this.log.info(`Printing parent data for process(${process.pid}) on signal`);
    await this.options.hooks?.dumpData?.();
    this.forward(SIGNUMS.DATA);
  }

  /** Passes a signal on to the children that take it. */
  forward(signum: number): void {
    for (const slot of this.slots) {
      if ((slot.spec.forward ?? FORWARDED_SIGNALS).includes(signum)) this.pass(slot, signum);
    }
  }

  /** SIGTERM / SIGINT. */
  stop(): Promise<number> {
    return this.shutdown(0, true);
  }

  private start(slot: Slot): void {
    slot.respawnTimer = undefined;
    if (this.stopping) return;
    const { spec } = slot;
    const env = { ...(this.options.env ?? process.env) };
    delete env.NOTIFY_SOCKET;
    const child = fork(spec.module, spec.args ?? [], {
      execArgv: spec.execArgv ?? process.execArgv,
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    slot.proc = child;
    slot.pid = child.pid;
    slot.startedAt = performance.now();
    slot.starts++;
    slot.pendingReloads = 0;
    slot.ready = false;
    slot.held = [];
    slot.exited = new Promise((res) => child.once('exit', () => res()));
    child.once('exit', (code, signal) => this.onExit(slot, child, code, signal));
    child.on('error', (err) => this.log.info(`${spec.logName} child process error: ${err.message}`));
    child.on('message', (m) => this.onMessage(slot, m));
    if (child.pid === undefined) return; // fork failed: 'error' and 'exit' follow
    this.log.info(`Starting ${spec.logName} child process, pid=${child.pid}`);
    slot.pidFileFailed = !this.writePid(spec.pidFile, child.pid);
    if (slot.pidFileFailed) {
      // keepalived's child cannot write its pid file and exits 0, which the parent treats as any death.
      this.log.info(`${spec.logName} child process: cannot write pidfile`);
      child.kill('SIGKILL');
    }
  }

  /** keepalived's pidfile_write(); false (and logged) when the file cannot be written. */
  private writePid(path: string, pid?: number): boolean {
    try {
      writePidFile(path, pid);
      return true;
    } catch {
      this.log.info(`pidfile_write : Cannot open ${path} pidfile`);
      return false;
    }
  }

  private onMessage(slot: Slot, m: unknown): void {
    if (!isChildMessage(m)) return;
    if (m.ka === 'started' && !slot.ready) {
      slot.ready = true;
      for (const signum of slot.held.splice(0)) this.signal(slot, signum);
    }
    if (m.ka === 'reloaded' && slot.pendingReloads > 0) {
      slot.pendingReloads--;
      if (this.slots.every((s) => s.pendingReloads === 0)) this.log.info('Reload complete');
      return;
    }
    if (m.ka === 'started' && slot.starts <= 1) {
      if (this.startupPending > 0 && --this.startupPending === 0) this.log.info('Startup complete');
      return;
    }
    this.log.info('read eventfd count 1, num_reloading 0');
  }

  private onExit(slot: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.proc !== child) return;
    slot.proc = undefined;
    const pid = child.pid ?? 0;
    slot.pid = undefined;
    if (this.stopping) return;
    const { spec } = slot;
    const exit = slot.pidFileFailed ? describeChildExit(pid, 0, null) : describeChildExit(pid, code, signal);
    if (exit.line) this.log.info(exit.line);
    if (exit.segfault) this.log.logLines(LOG_INFO, this.options.hooks?.segfaultBanner?.() ?? []);
    if (exit.permanentCode !== undefined) {
      void this.shutdown(exit.permanentCode, false);
      return;
    }
    if (this.options.dontRespawn) {
      this.log.alert(`${spec.logName} child process(${pid}) died: Exiting`);
      void this.shutdown(0, true);
      return;
    }
    this.log.alert(`${spec.logName} child process(${pid}) died: Respawning`);
    this.log.logLines(LOG_INFO, RESPAWN_BANNER);
    const d = slot.backoff.onDeath(performance.now() - slot.startedAt);
    if (d.announce) this.log.info(`Restart of ${spec.logName} process delayed ${d.delaySeconds} seconds to limit respawn rate`);
    if (d.delaySeconds === 0) this.start(slot);
    else slot.respawnTimer = setTimeout(() => this.start(slot), d.delaySeconds * 1000);
  }

  /**
   * Passes a signal on, or holds it until the child reports that it started: a Node child killed by a SIGHUP that
   * arrives before its handler is installed would be a needless respawn (keepalived's C children install theirs
   * at once).
   */
  private pass(slot: Slot, signum: number): void {
    if (slot.ready) this.signal(slot, signum);
    else if (slot.proc) slot.held.push(signum);
  }

  private signal(slot: Slot, signum: number | NodeJS.Signals): void {
    if (slot.pid === undefined) return;
    try {
      process.kill(slot.pid, signum);
    } catch {
      // exited meanwhile: its exit event follows
    }
  }

  private async shutdown(exitCode: number, announce: boolean): Promise<number> {
    if (this.stopping) return this.done;
    this.stopping = true;
    const o = this.options;
    if (announce) this.log.info('Stopping');
    for (const slot of this.slots) clearTimeout(slot.respawnTimer);
    const running = this.slots.filter((s) => s.proc);
    for (const slot of running) this.signal(slot, 'SIGTERM');
    const all = Promise.all(running.map((s) => s.exited));
    if ((await within(all, o.childWaitTimeMs ?? DEFAULT_CHILD_WAIT_TIME_MS)) === undefined) {
      for (const slot of running) {
        if (!slot.proc) continue;
        this.log.info(`${slot.spec.name} process failed to die - forcing termination`);
        this.signal(slot, 'SIGKILL');
      }
      await within(all, 2000);
    }
    try {
      await o.hooks?.beforeExit?.();
    } catch (e) {
      this.log.info(`shutdown failed: ${(e as Error).message}`);
    }
    for (const c of o.children) removePidFile(c.pidFile);
    for (const p of o.otherPidFiles ?? []) removePidFile(p);
    removePidFile(o.pidFile);
    if (this.log.detailLevel >= 1) this.log.info(cpuUsageLine());
    if (o.stoppedMessage) this.log.info(o.stoppedMessage);
    this.removeSignalHandlers();
    this.finished(exitCode);
    return this.done;
  }
}
