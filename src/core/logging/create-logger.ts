// A process's logger from the logging flags (-l, -G, -S, -D). The options are plain data so the supervisor can pass
// them to the children it forks, and each child builds its own logger with its own syslog ident.
import { ConsoleSink } from './console-sink';
import { DEFAULT_LOG_FACILITY } from './facility';
import { syslogIdent, type ProcessRole } from './idents';
import { Logger } from './logger';
import type { LogSink } from './sink';
import { SyslogSink, type SyslogTransport } from './syslog-sink';

export interface LoggingOptions {
  /** -l: also log to stderr. */
  console: boolean;
  /** false with -G. */
  syslog: boolean;
  /** -S, as parsed by parseLogFacility. */
  facility: number;
  /** Number of -D flags. */
  detail: number;
  /** The syslog socket (default /dev/log). */
  syslogPath?: string;
  /** Suffixes of the syslog ident. */
  netns?: string;
  instance?: string;
}

export const DEFAULT_LOGGING: LoggingOptions = { console: false, syslog: true, facility: DEFAULT_LOG_FACILITY, detail: 0 };

export function createLogger(
  role: ProcessRole,
  options: LoggingOptions,
  extra: { transport?: SyslogTransport; now?: () => Date } = {},
): Logger {
  const sinks: LogSink[] = [];
  if (options.console) sinks.push(new ConsoleSink());
  if (options.syslog) {
    sinks.push(
      new SyslogSink({
        ident: syslogIdent(role, { netns: options.netns, instance: options.instance }),
        facility: options.facility,
        path: options.syslogPath,
        transport: extra.transport,
      }),
    );
  }
  return new Logger({ sinks, detail: options.detail, now: extra.now });
}
