// What a reload test watches while SIGHUPs rain on a daemon: a client pinging the VIP at 100/s, `ip monitor
// address` on the VIP holder (was the VIP ever deleted?), the HUPs themselves (spaced 50–100 ms, some back to
// back), and afterwards what the segment's capture and the daemons' logs say about the storm window.
import { spawn, type ChildProcess } from 'node:child_process';
import type { WireEvent } from '../../src/lab/wire-events';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface PingResult {
  /** ping's summary: echo requests sent and replies received. */
  sent: number;
  received: number;
  /** Sequence numbers below the highest answered one that were never answered: replies really lost. */
  lost: number[];
}

/**
 * `ping -i 0.01` (100 a second) from a namespace until interrupted; resolves with ping's summary and the sequence
 * numbers that were never answered. Requests still in flight when ping is interrupted are not losses.
 */
export function pingFlood(ns: string, address: string, count: number): { done: Promise<PingResult>; child: ChildProcess } {
  const child = spawn('ip', ['netns', 'exec', ns, 'ping', '-n', '-i', '0.01', '-W', '1', '-c', String(count), address],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const answered = new Set<number>();
  let partial = '';
  child.stdout?.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const l of parts) {
      const m = / icmp_seq=(\d+) /.exec(l);
      if (m) answered.add(Number(m[1]));
      else out += `${l}\n`;
    }
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const done = new Promise<PingResult>((res, rej) => child.once('exit', () => {
    out += partial;
    const m = /(\d+) packets transmitted, (\d+) (packets )?received/.exec(out);
    if (!m) {
      rej(new Error(`ping gave no summary: ${out}`));
      return;
    }
    const top = Math.max(0, ...answered);
    const lost: number[] = [];
    for (let seq = 1; seq <= top; seq++) if (!answered.has(seq)) lost.push(seq);
    res({ sent: Number(m[1]), received: Number(m[2]), lost });
  }));
  return { done, child };
}

/** `ip monitor address` in a namespace: every line it printed, and the deletions of one address. */
export interface AddressMonitor {
  deletions(address: string): string[];
  stop(): Promise<void>;
}

export async function monitorAddresses(ns: string): Promise<AddressMonitor> {
  const child = spawn('ip', ['-n', ns, 'monitor', 'address'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const lines: string[] = [];
  let partial = '';
  child.stdout?.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await sleep(200); // subscribed before anything happens
  return {
    deletions: (address) => lines.filter((l) => l.startsWith('Deleted') && l.includes(` ${address}/`)),
    async stop() {
      child.kill('SIGTERM'); // by its pid
      await exited;
    },
  };
}

/**
 * Sends `count` SIGHUPs to each pid: mostly 50–100 ms apart, every tenth one followed at once by two more (a burst
 * the receiver must coalesce or queue). Resolves with the wall-clock window, ms.
 */
export async function hupStorm(pids: readonly number[], count: number): Promise<{ startMs: number; endMs: number; sent: number }> {
  const startMs = Date.now();
  let sent = 0;
  let i = 0;
  // a fixed pseudo-random spacing, so every run sends the same pattern
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  while (sent < count) {
    const burst = i % 10 === 9 ? Math.min(3, count - sent) : 1;
    for (let k = 0; k < burst; k++) {
      for (const pid of pids) process.kill(pid, 'SIGHUP');
      sent++;
    }
    i++;
    await sleep(50 + Math.floor(next() * 50));
  }
  return { startMs, endMs: Date.now(), sent };
}

/** What one sender did on the wire in a window: adverts (priorities, longest gap) and gratuitous ARPs. */
export interface WireFigures {
  adverts: number;
  priorities: number[];
  maxGapMs: number;
  garps: number;
}

export function wireFigures(events: readonly WireEvent[], mac: string, fromMs: number, toMs: number): WireFigures {
  const inWindow = events.filter((e) => e.srcMac === mac && e.timeUs >= fromMs * 1000 && e.timeUs <= toMs * 1000);
  const adverts = inWindow.filter((e) => e.kind === 'advert');
  let maxGapMs = 0;
  for (let k = 1; k < adverts.length; k++) maxGapMs = Math.max(maxGapMs, (adverts[k].timeUs - adverts[k - 1].timeUs) / 1000);
  // the gap from the window's start to the first advert counts too
  if (adverts.length > 0) maxGapMs = Math.max(maxGapMs, adverts[0].timeUs / 1000 - fromMs);
  return {
    adverts: adverts.length,
    priorities: [...new Set(adverts.map((e) => (e.kind === 'advert' ? e.priority : -1)))],
    maxGapMs: Math.round(maxGapMs),
    garps: inWindow.filter((e) => e.kind === 'garp').length,
  };
}
