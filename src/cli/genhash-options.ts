// genhash's command line, read the way keepalived 2.2.7 reads it: glibc getopt_long() with the option string
// ":hvSs:V:p:u:m:P:t:I" (silent errors, GNU argument permutation, unambiguous long-option prefixes), then its own
// checks of each value. Errors are the lines keepalived prints to stderr before its usage text.
import { parseHostPart, type SockAddr } from '../config/sections/lvs/inet-address';

export type HttpProtocol = '1.0' | '1.0C' | '1.1';

export interface GenhashOptions {
  verbose: boolean;
  ssl: boolean;
  sni: boolean;
  server: SockAddr;
  port: number;
  url: string;
  virtualhost: string | undefined;
  /** SO_MARK for the socket; 0 = none. */
  fwmark: number;
  protocol: HttpProtocol;
  /**
   * Connect/read/write timeout in µs: keepalived multiplies the seconds in unsigned 32-bit arithmetic (so large
   * values wrap); without -t it is UINT_MAX µs.
   */
  timeoutUs: number;
}

export type GenhashArgs = { ok: true; options: GenhashOptions } | { ok: false; errors: string[] };

interface LongOpt {
  name: string;
  hasArg: boolean;
  val: string;
}

const LONG_OPTIONS: readonly LongOpt[] = [
  { name: 'help', hasArg: false, val: 'h' },
  { name: 'verbose', hasArg: false, val: 'v' },
  { name: 'use-ssl', hasArg: false, val: 'S' },
  { name: 'use-sni', hasArg: false, val: 'I' },
  { name: 'server', hasArg: true, val: 's' },
  { name: 'use-virtualhost', hasArg: true, val: 'V' },
  { name: 'port', hasArg: true, val: 'p' },
  { name: 'url', hasArg: true, val: 'u' },
  { name: 'fwmark', hasArg: true, val: 'm' },
  { name: 'protocol', hasArg: true, val: 'P' },
  { name: 'timeout', hasArg: true, val: 't' },
];
const SHORT_WITH_ARG = new Set(['s', 'V', 'p', 'u', 'm', 'P', 't']);
const SHORT_FLAGS = new Set(['h', 'v', 'S', 'I']);

/** One getopt_long() result: an option with its argument, or an error ('?' unknown, ':' missing argument). */
type Opt = { c: string; arg?: string } | { c: '?' | ':'; message: string };

const UINT_MAX = 0xffffffff;
const TIMER_HZ = 1_000_000;

/**
 * `args` are the words after the program name. `argc` is keepalived's count (it gives up with just the usage when
 * there are fewer than two arguments after the program).
 */
export function parseGenhashArgs(args: readonly string[], argc = args.length + 1): GenhashArgs {
  if (argc <= 2) return { ok: false, errors: [] };
  const { opts, operands } = getopt(args);
  const errors: string[] = [];
  let bad = false;
  const o: Partial<GenhashOptions> & { verbose: boolean; ssl: boolean; sni: boolean } = {
    verbose: false,
    ssl: false,
    sni: false,
    fwmark: 0,
    protocol: '1.0',
    timeoutUs: UINT_MAX,
  };
  for (const opt of opts) {
    if ('message' in opt) {
      errors.push(opt.message);
      bad = true;
      continue;
    }
    const arg = opt.arg ?? '';
    switch (opt.c) {
      case 'h':
        bad = true;
        break;
      case 'v':
        o.verbose = true;
        break;
      case 'S':
        o.ssl = true;
        break;
      case 'I':
        o.sni = true;
        break;
      case 's': {
        const addr = parseHostPart(arg);
        if (!addr) return { ok: false, errors: [...errors, `server should be an IP, not ${arg}`] };
        o.server = addr;
        break;
      }
      case 'V':
        o.virtualhost = arg;
        break;
      case 'p': {
        const port = strtol(arg);
        if (port === undefined || port <= 0 || port > 65535) return { ok: false, errors: [...errors, `invalid port number '${arg}'`] };
        o.port = port;
        break;
      }
      case 'u':
        o.url = arg;
        break;
      case 'm': {
        const start = arg.replace(/^[ \t]*/, '');
        const v = strtoul(start);
        if (v === undefined || start.startsWith('-') || start.startsWith(' ')) {
          return { ok: false, errors: [...errors, `invalid fwmark '${arg}'`] };
        }
        o.fwmark = v;
        break;
      }
      case 'P':
        if (arg === '1.0') o.protocol = '1.0';
        else if (arg === '1.0c' || arg === '1.0C') o.protocol = '1.0C';
        else if (arg === '1.1') o.protocol = '1.1';
        else return { ok: false, errors: [...errors, `invalid HTTP protocol version '${arg}'`] };
        break;
      case 't': {
        const start = arg.replace(/^[ \t]*/, '');
        const v = strtoul(start);
        if (v === undefined || start.startsWith('-') || start === '') return { ok: false, errors: [...errors, `invalid timeout '${arg}'`] };
        o.timeoutUs = (v * TIMER_HZ) % 2 ** 32;
        break;
      }
    }
  }
  if (bad) return { ok: false, errors };
  if (operands.length > 0) return { ok: false, errors: [`Unexpected argument(s): ${operands.join(' ')}`] };
  if (o.server === undefined || o.port === undefined || o.url === undefined) return { ok: false, errors: [] };
  return { ok: true, options: o as GenhashOptions };
}

/** glibc getopt_long() in permuting mode with a leading ':' (no messages of its own). */
function getopt(args: readonly string[]): { opts: Opt[]; operands: string[] } {
  const opts: Opt[] = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as string;
    if (word === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = word.slice(2, eq >= 0 ? eq : undefined);
      const exact = LONG_OPTIONS.find((l) => l.name === name);
      const prefixed = LONG_OPTIONS.filter((l) => l.name.startsWith(name));
      const opt = exact ?? (prefixed.length === 1 ? prefixed[0] : undefined);
      if (!opt) {
        opts.push({ c: '?', message: `Unknown option ${word}` });
        continue;
      }
      if (!opt.hasArg) {
        opts.push(eq >= 0 ? { c: '?', message: `Unknown option ${word}` } : { c: opt.val });
        continue;
      }
      if (eq >= 0) opts.push({ c: opt.val, arg: word.slice(eq + 1) });
      else if (i + 1 < args.length) opts.push({ c: opt.val, arg: args[++i] as string });
      // keepalived names the option through an index getopt never set: the name comes out empty.
      else opts.push({ c: ':', message: 'Missing parameter for option --' });
      continue;
    }
    if (word.startsWith('-') && word.length > 1) {
      for (let j = 1; j < word.length; j++) {
        const c = word[j] as string;
        if (SHORT_WITH_ARG.has(c)) {
          if (j + 1 < word.length) opts.push({ c, arg: word.slice(j + 1) });
          else if (i + 1 < args.length) opts.push({ c, arg: args[++i] as string });
          else opts.push({ c: ':', message: `Missing parameter for option -${c}` });
          break;
        }
        opts.push(SHORT_FLAGS.has(c) ? { c } : { c: '?', message: `Unknown option -${c}` });
      }
      continue;
    }
    operands.push(word);
  }
  return { opts, operands };
}

/** strtol(…, 10) that must consume the whole string ("" converts to 0); undefined when it does not. */
function strtol(text: string): number | undefined {
  if (text === '') return 0;
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(text);
  if (!m) return undefined;
  const v = Number(m[2]);
  return m[1] === '-' ? -v : v;
}

/**
 * strtoul(…, 10) that must consume the whole string ("" converts to 0), as the unsigned int keepalived stores:
 * saturated at ULONG_MAX, a minus sign negating modulo 2^64, then truncated to 32 bits.
 */
function strtoul(text: string): number | undefined {
  if (text === '') return 0;
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(text);
  if (!m) return undefined;
  const big = BigInt(m[2] as string);
  const wrap = 2n ** 64n;
  const v = big >= wrap ? wrap - 1n : m[1] === '-' ? (wrap - big) % wrap : big;
  return Number(v % 2n ** 32n);
}
