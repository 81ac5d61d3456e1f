// notify_fifo and vrrp_notify_fifo / lvs_notify_fifo as keepalived 2.2.7 runs them (lib/notify.c fifo_open):
// the FIFO is created with mode 0644 under the daemon's umask (0177 → 0600) and chowned to the FIFO's user when
// that differs from ours; an existing FIFO is reused. The FIFO script, if any, is started with the FIFO name
// appended, then the FIFO is opened O_RDWR | O_NONBLOCK | O_NOFOLLOW: keepalived is its own reader, so the open
// never waits for one and a write never blocks — lines queue in the pipe until a reader comes, and a full pipe
// drops them. At exit keepalived 2.2.7 closes the FIFOs only when its process's own FIFO is open, and then unlinks
// each one it created before closing it; with only notify_fifo, the FIFO stays (measured).
//
//   const fifos = new NotifyFifos(log, scripts, 'vrrp_');
//   await fifos.open(globalDefs.notifyFifo, globalDefs.notifyFifoScript, globalDefs.vrrpNotifyFifo, …);
//   fifos.write('INSTANCE "VI_1" MASTER 100\n');
//   fifos.close();
import { execFile } from 'node:child_process';
import { chown, constants, openSync, closeSync, unlinkSync, writeSync } from 'node:fs';
import type { NotifyFifo } from '../../config/model/global-defs';
import type { ScriptRef } from '../../config/model/script';
import type { Logger } from '../logging/logger';
import type { ScriptHandle, ScriptRunner } from '../process/script-runner';

/** keepalived's mkfifo mode, before the umask. */
const FIFO_MODE = 0o644;

interface OpenFifo {
  own: boolean;
  name: string;
  fd: number;
  created: boolean;
  script: ScriptHandle | undefined;
}

function mkfifo(name: string, mode: number): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    execFile('mkfifo', ['-m', mode.toString(8), name], (err, _out, stderr) => {
      if (!err) return resolve(null);
      const code = /File exists/.test(String(stderr)) ? 'EEXIST' : 'EIO';
      resolve(Object.assign(new Error(String(stderr).trim() || err.message), { code }));
    });
  });
}

export class NotifyFifos {
  private readonly open_: OpenFifo[] = [];

  /** type: '' for notify_fifo, 'vrrp_' / 'lvs_' for the process's own (used in keepalived's log lines). */
  constructor(private readonly log: Logger, private readonly scripts: ScriptRunner, private readonly type: string) {}

  get active(): boolean {
    return this.open_.length > 0;
  }

  /** The global FIFO first, then the process's own (notify_fifo_open); either may be undefined. */
  async open(
    global: NotifyFifo | undefined, globalScript: ScriptRef | undefined,
    own: NotifyFifo | undefined, ownScript: ScriptRef | undefined,
  ): Promise<void> {
    if (global) await this.openOne(global, globalScript, '', false);
    if (own) await this.openOne(own, ownScript, this.type, true);
  }

  private async openOne(fifo: NotifyFifo, script: ScriptRef | undefined, type: string, own: boolean): Promise<void> {
    const umask = process.umask();
    const err = await mkfifo(fifo.name, FIFO_MODE & ~umask);
    const created = err === null;
    if (created && (fifo.uid !== process.getuid?.() || fifo.gid !== process.getgid?.())) {
      const uid = fifo.uid !== process.getuid?.() ? fifo.uid : -1;
      const gid = fifo.gid !== process.getgid?.() ? fifo.gid : -1;
      await new Promise<void>((res) => chown(fifo.name, uid, gid, (e) => {
        if (e) this.log.info(`Failed to set uid:gid for fifo ${fifo.name}`);
        res();
      }));
    }
    if (err && err.code !== 'EEXIST') {
      this.log.info(`Unable to create ${type}notify fifo ${fifo.name}`);
      return;
    }
    let handle: ScriptHandle | undefined;
    if (script && script.runnable !== false && script.args.length > 0) {
      handle = this.scripts.run({ ...script, args: [...script.args, fifo.name] });
    }
    let fd: number;
    try {
      // O_NONBLOCK on a FIFO opened for reading and writing: neither the open nor a write can wait.
      fd = openSync(fifo.name, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    } catch (e) {
      this.log.info(`Unable to open ${type}notify fifo ${fifo.name} - errno ${Math.abs((e as NodeJS.ErrnoException).errno ?? 0)}`);
      if (created) this.unlink(fifo.name);
      handle?.kill('SIGTERM');
      return;
    }
    this.open_.push({ own, name: fifo.name, fd, created, script: handle });
  }

  /**
   * Writes one line to every open FIFO. The descriptor is non-blocking, so this returns at once; a full pipe
   * (no reader for a long time) loses the line, as keepalived ignores the write error.
   */
  write(line: string): void {
    for (const f of this.open_) {
      try {
        writeSync(f.fd, line);
      } catch {
        // EAGAIN (pipe full) or EPIPE: keepalived drops the line too.
      }
    }
  }

  /**
   * At exit: ends the FIFO scripts (keepalived's die with it) and, when the process's own FIFO is open, unlinks
   * the FIFOs we created and closes them (the descriptors of a process that exits close anyway).
   * At a reload (forReload): every FIFO we created is unlinked and closed, and the scripts are left alone (a
   * reader sees end of file; open() then runs them again, as keepalived does).
   */
  close(forReload = false): void {
    const unlink = forReload || this.open_.some((f) => f.own);
    for (const f of this.open_.splice(0)) {
      if (unlink && f.created) this.unlink(f.name);
      try {
        closeSync(f.fd);
      } catch {
        // already closed
      }
      if (!forReload) f.script?.kill('SIGTERM');
    }
  }

  private unlink(name: string): void {
    try {
      unlinkSync(name);
    } catch {
      // gone already
    }
  }
}
