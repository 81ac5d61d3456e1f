// The daemon's command-line settings as plain data: parsed once by the launcher from keepalived's flags, handed to
// the parent and, as JSON in the environment, to the children it forks (which therefore never re-parse argv).
import { DEFAULT_LOG_FACILITY, parseLogFacility, type LoggingOptions } from '../core/logging';

export interface DaemonOptions {
  /** The command line as given (argv[0] first), for keepalived's "Command line:" log line. */
  argv: string[];
  configFile: string;
  configId: string | undefined;
  /** -e */
  allConfig: boolean;
  logging: LoggingOptions;
  /** Log lines to print once the logger exists (an invalid -S). */
  earlyMessages: string[];
  /** -p / -r / -c / -b; undefined: keepalived's default from the configuration (use_pid_dir, instance). */
  pidFile: string | undefined;
  vrrpPidFile: string | undefined;
  checkersPidFile: string | undefined;
  bfdPidFile: string | undefined;
  /** -n */
  dontFork: boolean;
  /** -R */
  dontRespawn: boolean;
  /** -V */
  dontReleaseVrrp: boolean;
  /** -X */
  releaseVips: boolean;
  /** -P / -C / --all */
  vrrpOnly: boolean;
  checkOnly: boolean;
  all: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** From commander's parsed options (keys as src/cli/keepalived.ts declares them). */
export function daemonOptions(o: Record<string, unknown>, argv: readonly string[], defaultConfig: string): DaemonOptions {
  const early: string[] = [];
  let facility = DEFAULT_LOG_FACILITY;
  const s = str(o.logFacility);
  if (s !== undefined) {
    const parsed = parseLogFacility(s);
    facility = parsed.facility;
    if (parsed.error) early.push(parsed.error);
  }
  return {
    argv: [...argv],
    configFile: str(o.useFile) ?? defaultConfig,
    configId: str(o.configId),
    allConfig: o.allConfig === true,
    logging: {
      console: o.logConsole === true,
      syslog: o.syslog !== false,
      facility,
      detail: typeof o.logDetail === 'number' ? o.logDetail : o.logDetail ? 1 : 0,
    },
    earlyMessages: early,
    pidFile: str(o.pid),
    vrrpPidFile: str(o.vrrp_pid),
    checkersPidFile: str(o.checkers_pid),
    bfdPidFile: str(o.bfd_pid),
    dontFork: o.dontFork === true,
    dontRespawn: o.dontRespawn === true,
    dontReleaseVrrp: o.dontReleaseVrrp === true,
    releaseVips: o.releaseVips === true,
    vrrpOnly: o.vrrp === true,
    checkOnly: o.check === true,
    all: o.all === true,
  };
}

/** Set in the detached copy that a launcher without -n starts (it then runs as the daemon's parent). */
export const DETACHED_ENV = 'KEEPALIVED_TS_DETACHED';
