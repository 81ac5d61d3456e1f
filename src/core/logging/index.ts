// Logging as keepalived does it: console lines with a ctime prefix (-l), syslog datagrams with keepalived's idents
// and the -S facility, detail levels (-D). See create-logger.ts for the entry point.
export { ConsoleSink } from './console-sink';
export type { TextWriter } from './console-sink';
export { createLogger, DEFAULT_LOGGING } from './create-logger';
export type { LoggingOptions } from './create-logger';
export { DEFAULT_LOG_FACILITY, parseLogFacility } from './facility';
export type { ParsedFacility } from './facility';
export { syslogIdent } from './idents';
export type { ProcessRole } from './idents';
export { CONSOLE_MESSAGE_MAX, consoleLine, syslogDatagram, truncateUtf8 } from './line-format';
export { Logger } from './logger';
export type { LoggerOptions } from './logger';
export { MemorySink } from './memory-sink';
export type { LoggedMessage } from './memory-sink';
export type { LogSink } from './sink';
export { SyslogSink, addonSyslogTransport } from './syslog-sink';
export type { SyslogSinkOptions, SyslogTransport } from './syslog-sink';
export * from './syslog-codes';
export { consoleTime, syslogTime } from './timestamp';
export { commandLineLines, COMMAND_LINE_WIDTH, wrapWords } from './wrap';
