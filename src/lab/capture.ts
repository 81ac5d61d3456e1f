// A tcpdump writing a segment's VRRP, AH, ARP and ICMPv6 frames to a file, packet-buffered (-U) so the file can be
// read while it runs. Its timestamps are the kernel's receive times on the observed device, one clock for every
// node, which is what takeover times are measured with.
import { ChildProcess, spawn } from 'node:child_process';
import { PcapFollower } from './pcap-records';
import { wireEvents, type WireEvent } from './wire-events';

const FILTER = 'ip proto 112 or ip proto 51 or ip6 proto 112 or arp or icmp6';

export interface Capture {
  file: string;
  /** Every event captured so far (the file is read incrementally; the array is shared, do not modify it). */
  events(): WireEvent[];
  /** Stops tcpdump (SIGTERM to its pid, SIGKILL after 2 s); idempotent. */
  stop(): Promise<void>;
}

/** Running captures of this process, stopped if it exits with them still running. */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/** Starts tcpdump on ifname in namespace ns and resolves once it is capturing. */
export async function startCapture(ns: string, ifname: string, file: string): Promise<Capture> {
  const child: ChildProcess = spawn('ip', ['netns', 'exec', ns, 'tcpdump', '-U', '-n', '-s', '256', '-i', ifname, '-w', file, FILTER],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  const exited = new Promise<void>((res) => child.once('exit', () => {
    live.delete(child);
    res();
  }));
  let stderr = '';
  const started = new Promise<void>((res, rej) => {
    // at the timeout, output already waiting in the pipe is read first (setImmediate runs after I/O polling)
    const timer = setTimeout(() => setImmediate(() => rej(new Error(`tcpdump did not start: ${stderr}`))), 10000);
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/listening on/.test(stderr)) {
        clearTimeout(timer);
        res();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      rej(new Error(`tcpdump exited: ${stderr}`));
    });
  });
  try {
    await started;
  } catch (e) {
    child.kill('SIGKILL'); // by its pid; a no-op when it already exited
    await exited;
    throw e;
  }
  let stopped = false;
  const follower = new PcapFollower(file);
  const seen: WireEvent[] = [];
  return {
    file,
    events() {
      for (const e of wireEvents(follower.newRecords())) seen.push(e);
      return seen;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const pid = child.pid as number;
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
