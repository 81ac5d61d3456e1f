// Whether a process counts for a vrrp_track_process, as keepalived 2.2.7 decides it (track_process.c): the name
// is compared exactly with /proc/PID/stat's comm (at most 15 characters, so a longer name never matches), or with
// argv[0] of /proc/PID/cmdline for full_command / parameters / param_match; the parameters, NUL-separated as in
// cmdline, must then be equal (exact), start the process's parameters (partial), or do so with the last one only
// a prefix (initial). keepalived reads only the first (longest configured name and parameters + 1) bytes of
// cmdline, so the same truncation applies here.
import type { VrrpTrackProcess } from '../../config/model/trackers';

export interface ProcessMatcher {
  readonly name: string;
  readonly fullCommand: boolean;
  matches(comm: string | undefined, cmdline: Buffer | undefined): boolean;
}

/** keepalived's vrrp_max_process_name_len: the longest "name\0param\0…" of the configured processes. */
export function maxProcessNameLength(list: readonly VrrpTrackProcess[]): number {
  let max = 0;
  for (const p of list) {
    const len = Buffer.byteLength(p.process) + 1 + p.processParams.reduce((n, w) => n + Buffer.byteLength(w) + 1, 0);
    max = Math.max(max, len);
  }
  return max;
}

function checkParams(p: VrrpTrackProcess, wanted: Buffer, params: Buffer): boolean {
  if (p.paramMatch === 'exact' && wanted.length === 0 && params.length === 0) return true;
  if (params.length < wanted.length) return false;
  if (p.paramMatch === 'exact') return params.length === wanted.length && params.subarray(0, wanted.length).equals(wanted);
  if (wanted.length === 0) return true;
  if (p.paramMatch === 'partial') return params.subarray(0, wanted.length).equals(wanted);
  // initial: the last configured word may be a prefix of the process's parameter
  return wanted.length === 1 || params.subarray(0, wanted.length - 1).equals(wanted.subarray(0, wanted.length - 1));
}

export function processMatcher(p: VrrpTrackProcess): ProcessMatcher {
  const fullCommand = p.fullCommand || p.paramMatch !== 'none' || p.processParams.length > 0;
  const wanted = Buffer.from(p.processParams.map((w) => `${w}\0`).join(''));
  const name = Buffer.from(p.process);
  return {
    name: p.name,
    fullCommand,
    matches(comm, cmdline) {
      if (!fullCommand) return comm === p.process;
      if (!cmdline) return false;
      const end = cmdline.indexOf(0);
      const argv0 = end < 0 ? cmdline : cmdline.subarray(0, end);
      if (!argv0.equals(name)) return false;
      if (p.paramMatch === 'none') return true;
      const params = end < 0 ? Buffer.alloc(0) : cmdline.subarray(end + 1);
      return checkParams(p, wanted, params);
    },
  };
}
