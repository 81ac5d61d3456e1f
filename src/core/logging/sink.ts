// Where log messages go. A sink gets the whole message and the time it was logged and formats it for its output;
// it must not throw and must not block the event loop for long.
import type { Severity } from './syslog-codes';

export interface LogSink {
  write(severity: Severity, message: string, at: Date): void;
  close?(): void;
}
