// The parent's last detail line: "CPU usage (self/children) user: 0.003060/0.180642 system: 0.045753/0.350292"
// (getrusage of itself and of its reaped children, in seconds with microseconds).
import { readFileSync } from 'node:fs';

const CLOCK_TICKS = 100; // USER_HZ on Linux

function seconds(us: number): string {
  return (us / 1e6).toFixed(6);
}

/** Children's user/system time in µs from /proc/self/stat (cutime, cstime), 0 when unavailable. */
function childrenUsage(): { user: number; system: number } {
  try {
    const stat = readFileSync('/proc/self/stat', 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17.
    const tick = 1e6 / CLOCK_TICKS;
    return { user: Number(fields[13]) * tick, system: Number(fields[14]) * tick };
  } catch {
    return { user: 0, system: 0 };
  }
}

export function cpuUsageLine(): string {
  const self = process.cpuUsage();
  const kids = childrenUsage();
  return `CPU usage (self/children) user: ${seconds(self.user)}/${seconds(kids.user)} system: ${seconds(self.system)}/${seconds(kids.system)}`;
}

/** A child's last line (keepalived's log_stopping()): with -D its own and its children's CPU time. */
export function stoppedLine(detail: boolean): string {
  if (!detail) return 'Stopped';
  const self = process.cpuUsage();
  const kids = childrenUsage();
  if (kids.user) {
    return `Stopped - used (self/children) ${seconds(self.user)}/${seconds(kids.user)} user time, ${seconds(self.system)}/${seconds(kids.system)} system time`;
  }
  return `Stopped - used ${seconds(self.user)} user time, ${seconds(self.system)} system time`;
}
