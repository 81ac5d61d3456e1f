// global_defs process settings: names, nice and real-time priorities, CPU affinity, RLIMIT_RTTIME, automatic
// priority, and the file creation mask.
import { ConfigErr } from '../../diagnostics';
import type { BuildContext } from '../../parser/build-context';
import type { KeywordArgs } from '../../parser/keyword-args';
import type { KeywordDef } from '../../parser/keyword-tree';
import { readIntWord, readUnsignedWord } from '../../values/read-number';
import { rejectedInt } from '../../values/rejected-int';
import { flag, type KeywordSpec } from './flags';

/** The kernel's TASK_COMM_LEN less the terminating NUL. */
const COMM_MAX = 15;
/** sched_get_priority_min/max(SCHED_RR) on Linux. */
const RR_MIN = 1;
const RR_MAX = 99;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const UINT32_MAX = 4294967295;

type Proc = 'vrrp' | 'checker' | 'bfd';

function processName(a: KeywordArgs, set: (name: string) => void): void {
  const name = a.word(1);
  const bytes = Buffer.from(name);
  if (bytes.length > COMM_MAX) {
    a.error(ConfigErr.GeneralError, `Process name ${name} more than ${COMM_MAX} characters, truncating`);
    set(bytes.subarray(0, COMM_MAX).toString());
  } else set(name);
}

/** Online CPUs as sysconf(_SC_NPROCESSORS_ONLN) counts them. */
function onlineCpus(ctx: BuildContext): number {
  const text = ctx.system.readText('/sys/devices/system/cpu/online')?.trim();
  if (!text) return 1;
  let n = 0;
  for (const part of text.split(',')) {
    const [lo, hi] = part.split('-').map(Number) as [number, number | undefined];
    n += hi === undefined ? 1 : hi - lo + 1;
  }
  return n > 0 ? n : 1;
}

/** `{vrrp,checker,bfd}_{priority,no_swap,rt_priority,cpu_affinity,rlimit_rttime}` for one process. */
function perProcess(ctx: BuildContext, proc: Proc): KeywordDef[] {
  const g = ctx.config.globalDefs;
  const set = {
    priority: (v: number) => (proc === 'vrrp' ? (g.vrrpPriority = v) : proc === 'checker' ? (g.checkerPriority = v) : (g.bfdPriority = v)),
    noSwap: () => (proc === 'vrrp' ? (g.vrrpNoSwap = true) : proc === 'checker' ? (g.checkerNoSwap = true) : (g.bfdNoSwap = true)),
    rt: (v: number) => (proc === 'vrrp' ? (g.vrrpRtPriority = v) : proc === 'checker' ? (g.checkerRtPriority = v) : (g.bfdRtPriority = v)),
    cpus: (v: number[]) =>
      proc === 'vrrp' ? (g.vrrpCpuAffinity = v) : proc === 'checker' ? (g.checkerCpuAffinity = v) : (g.bfdCpuAffinity = v),
    rlimit: (v: number) =>
      proc === 'vrrp' ? (g.vrrpRlimitRttimeUs = v) : proc === 'checker' ? (g.checkerRlimitRttimeUs = v) : (g.bfdRlimitRttimeUs = v),
  };
  const rlimit = (a: KeywordArgs): void => {
    // An invalid limit still replaces the setting, with 0 (keepalived returns 0 from its reader).
    const limit = readUnsignedWord(a, a.word(1), 1, UINT32_MAX, true);
    if (limit === undefined) {
      a.error(ConfigErr.GeneralError, `Invalid ${proc} real-time limit - ${a.word(1)}`);
      return void set.rlimit(0);
    }
    // keepalived halves the limit elsewhere and needs a non-zero result.
    set.rlimit(limit === 1 ? 2 : limit);
  };
  return [
    {
      name: `${proc}_priority`,
      handler: (a) => {
        // Errors leave the nice value at 0, as keepalived's reader returns 0 for them.
        if (!a.has(1)) {
          a.error(ConfigErr.GeneralError, `No ${proc} process priority specified`);
          return void set.priority(0);
        }
        const v = readIntWord(a, a.word(1), -20, 19, true);
        if (v === undefined) a.error(ConfigErr.GeneralError, `Invalid ${proc} process priority specified`);
        set.priority(v ?? 0);
      },
    },
    flag(`${proc}_no_swap`, set.noSwap),
    {
      name: `${proc}_rt_priority`,
      handler: (a) => {
        if (!a.has(1)) return a.error(ConfigErr.GeneralError, `No ${proc} process real-time priority specified`);
        let v = readIntWord(a, a.word(1), INT_MIN, INT_MAX, true);
        if (v === undefined) return a.error(ConfigErr.GeneralError, `${proc} process real-time priority '${a.word(1)}' invalid`);
        if (v < RR_MIN) {
          a.error(ConfigErr.GeneralError, `${proc} process real-time priority ${v} less than minimum ${RR_MIN} - setting to minimum`);
          v = RR_MIN;
        } else if (v > RR_MAX) {
          a.error(ConfigErr.GeneralError, `${proc} process real-time priority ${v} greater than maximum ${RR_MAX} - setting to maximum`);
          v = RR_MAX;
        }
        set.rt(v);
      },
    },
    {
      name: `${proc}_cpu_affinity`,
      handler: (a) => {
        if (!a.has(1)) return a.error(ConfigErr.GeneralError, `No ${proc} cpu_id set specified`);
        const max = onlineCpus(ctx) - 1;
        const cpus: number[] = [];
        for (let i = 1; i < a.count; i++) {
          const id = readIntWord(a, a.word(i), 0, max, true);
          if (id === undefined) {
            // The first bad id clears the whole set.
            a.error(ConfigErr.GeneralError, `Invalid cpu_id:${rejectedInt(a.word(i))} specified for ${proc} process`);
            return void set.cpus([]);
          }
          if (!cpus.includes(id)) cpus.push(id);
        }
        set.cpus(cpus.sort((x, y) => x - y));
      },
    },
    { name: `${proc}_rlimit_rttime`, handler: rlimit },
    // The older spelling, still accepted (keepalived only logs that it is deprecated).
    { name: `${proc}_rlimit_rtime`, handler: rlimit },
  ];
}

/** umask NUMBER | BIT[|BIT…]: bits are IRUSR…IXOTH, joined by '|' across any number of words. */
function umaskHandler(ctx: BuildContext, a: KeywordArgs): void {
  const mask = a.word(1);
  const g = ctx.config.globalDefs;
  if (/^\d/.test(mask)) {
    if (a.count !== 2) return a.error(ConfigErr.GeneralError, `${a.count === 1 ? 'Missing' : 'Extra'} parameter(s) to umask option`);
    const n = parseCLong(mask);
    if (n === undefined || n < 0 || (n & ~0o777) !== 0) return a.error(ConfigErr.GeneralError, `invalid umask value ${mask}`);
    g.umask = n & 0o777;
    return;
  }
  const BITS: Readonly<Record<string, number>> = {
    IRUSR: 0o400, IWUSR: 0o200, IXUSR: 0o100, IRGRP: 0o040, IWGRP: 0o020, IXGRP: 0o010, IROTH: 0o004, IWOTH: 0o002, IXOTH: 0o001,
  };
  let bits = 0;
  let needOr = false;
  for (let i = 1; i < a.count; i++) {
    const word = a.word(i);
    for (let p = 0; p < word.length; ) {
      if (needOr) {
        if (word[p] !== '|') return a.error(ConfigErr.GeneralError, `Invalid umask syntax ${word}`);
        needOr = false;
        p++;
        continue;
      }
      const bit = BITS[word.slice(p, p + 5)];
      if (bit === undefined) return a.error(ConfigErr.GeneralError, `Unknown umask bit ${word.slice(p)}`);
      bits |= bit;
      p += 5;
      needOr = true;
    }
  }
  if (!needOr) return a.error(ConfigErr.GeneralError, 'umask missing bit value');
  g.umask = bits;
}

/** strtol(word, &end, 0) that must consume the whole word. */
function parseCLong(word: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.exec(word);
  if (m === null) return undefined;
  const body = m[2] as string;
  const v = /^0[xX]/.test(body) ? parseInt(body.slice(2), 16) : body.startsWith('0') ? parseInt(body, 8) || 0 : parseInt(body, 10);
  return m[1] === '-' ? -v : v;
}

export function processKeywords(ctx: BuildContext): KeywordSpec[] {
  const g = ctx.config.globalDefs;
  return [
    {
      name: 'process_names',
      handler: () => {
        g.vrrpProcessName = 'keepalived_vrrp';
        g.checkerProcessName = 'keepalived_lvs';
        g.bfdProcessName = 'keepalived_bfd';
      },
    },
    { name: 'process_name', handler: (a) => processName(a, (n) => (g.processName = n)) },
    { name: 'vrrp_process_name', handler: (a) => processName(a, (n) => (g.vrrpProcessName = n)) },
    // lvs_process_name is the deprecated spelling (keepalived only logs that).
    { name: 'checker_process_name', aliases: ['lvs_process_name'], handler: (a) => processName(a, (n) => (g.checkerProcessName = n)) },
    { name: 'bfd_process_name', handler: (a) => processName(a, (n) => (g.bfdProcessName = n)) },
    ...perProcess(ctx, 'vrrp'),
    ...perProcess(ctx, 'checker'),
    ...perProcess(ctx, 'bfd'),
    {
      name: 'max_auto_priority',
      handler: (a) => {
        if (!a.has(1)) return void (g.maxAutoPriority = RR_MAX);
        const v = readIntWord(a, a.word(1), -1, RR_MAX, true);
        if (v === undefined) {
          const msg = `max_auto_priority '${a.word(1)}' must be in [0, ${RR_MAX}] (or -1 to disable) - ignoring`;
          return a.error(ConfigErr.GeneralError, msg);
        }
        g.maxAutoPriority = v;
      },
    },
    {
      name: 'min_auto_priority_delay',
      handler: (a) => {
        if (!a.has(1)) return a.error(ConfigErr.GeneralError, 'min_auto_priority_delay requires delay time');
        const v = readIntWord(a, a.word(1), 1, 10_000_000, true);
        if (v === undefined) {
          return a.error(ConfigErr.GeneralError, `min_auto_priority_delay '${a.word(1)}' must be in [1, 10000000] - ignoring`);
        }
        g.minAutoPriorityDelayUs = v;
      },
    },
    { name: 'umask', handler: (a) => umaskHandler(ctx, a) },
  ];
}
