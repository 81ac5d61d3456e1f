// Counts the processes each vrrp_track_process matches by reading /proc. keepalived follows fork/exec/exit
// through the kernel's proc connector; this polls instead, and keeps each poll cheap: one readdir of /proc finds
// new and ended pids, and only new pids (and pids younger than RECHECK_YOUNG_MS, which may still exec) have their
// stat/cmdline read; every pid is re-read every FULL_RESCAN_MS to catch a late exec or a comm change. Everything is
// asynchronous (nothing blocks the loop); a process that vanishes mid-read is simply not counted.
import { open, readdir } from 'node:fs/promises';
import type { ProcessMatcher } from './process-match';

/** A pid this young (since first seen) is re-read on every scan: a fork is usually followed by an exec. */
export const RECHECK_YOUNG_MS = 2000;
/** Every pid is re-read this often. */
export const FULL_RESCAN_MS = 5000;

interface PidInfo {
  firstSeen: number;
  ppid: number;
  /** Indexes of the matchers this process matches. */
  matches: number[];
}

export interface ScanCount {
  readonly count: number;
  /** Some newly counted process is the child of a process this tracker already counted. */
  readonly forked: boolean;
}

async function readHead(path: string, max: number): Promise<Buffer | undefined> {
  let fh;
  try {
    fh = await open(path, 'r');
    const buf = Buffer.alloc(max);
    const { bytesRead } = await fh.read(buf, 0, max, 0);
    return buf.subarray(0, bytesRead);
  } catch {
    return undefined;
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/** comm, state and ppid from /proc/PID/stat ("pid (comm) S ppid …"; comm may hold spaces and parentheses). */
export function parseStat(text: string): { comm: string; state: string; ppid: number } | undefined {
  const open_ = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open_ < 0 || close < open_) return undefined;
  const rest = text.slice(close + 2).split(' ');
  return { comm: text.slice(open_ + 1, close), state: rest[0] ?? '', ppid: Number.parseInt(rest[1] ?? '0', 10) };
}

export class ProcessScanner {
  private readonly pids = new Map<number, PidInfo>();
  private lastFull = 0;
  private readonly useCmdline: boolean;

  constructor(
    private readonly matchers: readonly ProcessMatcher[],
    private readonly cmdlineBytes: number,
    private readonly procDir = '/proc',
  ) {
    this.useCmdline = matchers.some((m) => m.fullCommand);
  }

  /** One scan: the count per matcher (same order as the matchers). */
  async scan(nowMs: number): Promise<ScanCount[]> {
    const before = new Map<number, number[]>();
    for (const [pid, info] of this.pids) before.set(pid, info.matches);
    const names = await readdir(this.procDir).catch(() => [] as string[]);
    const full = nowMs - this.lastFull >= FULL_RESCAN_MS;
    if (full) this.lastFull = nowMs;
    const alive = new Set<number>();
    const reads: Array<Promise<void>> = [];
    for (const n of names) {
      const c = n.charCodeAt(0);
      if (c <= 48 || c > 57) continue; // keepalived: a pid directory starts with 1-9
      const pid = Number(n);
      if (!Number.isInteger(pid)) continue;
      alive.add(pid);
      const known = this.pids.get(pid);
      if (known && !full && nowMs - known.firstSeen > RECHECK_YOUNG_MS) continue;
      reads.push(this.read(pid, known?.firstSeen ?? nowMs));
    }
    await Promise.all(reads);
    for (const pid of [...this.pids.keys()]) if (!alive.has(pid)) this.pids.delete(pid);
    return this.matchers.map((_, i) => {
      let count = 0;
      let forked = false;
      for (const [pid, info] of this.pids) {
        if (!info.matches.includes(i)) continue;
        count++;
        if (!before.get(pid)?.includes(i) && before.get(info.ppid)?.includes(i)) forked = true;
      }
      return { count, forked };
    });
  }

  private async read(pid: number, firstSeen: number): Promise<void> {
    // stat always: it gives the parent (fork detection) and the zombie state as well as comm.
    const stat = await readHead(`${this.procDir}/${pid}/stat`, 512);
    const parsed = stat ? parseStat(stat.toString('latin1')) : undefined;
    if (!parsed || parsed.state === 'Z') {
      this.pids.delete(pid);
      return;
    }
    const { comm, ppid } = parsed;
    const cmdline = this.useCmdline ? await readHead(`${this.procDir}/${pid}/cmdline`, this.cmdlineBytes + 1) : undefined;
    const matches: number[] = [];
    this.matchers.forEach((m, i) => {
      if (m.matches(m.fullCommand ? undefined : comm, cmdline)) matches.push(i);
    });
    this.pids.set(pid, { firstSeen, ppid, matches });
  }
}
