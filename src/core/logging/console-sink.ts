// -l / --log-console: every message on stderr with keepalived's ctime prefix. Children forked by the supervisor
// inherit the same stderr, so their lines interleave with the parent's as keepalived's do; each line is one
// write(), which a pipe keeps whole up to PIPE_BUF bytes.
import { consoleLine } from './line-format';
import type { LogSink } from './sink';
import type { Severity } from './syslog-codes';

export interface TextWriter {
  write(text: string): unknown;
}

let stderrGuarded = false;

export class ConsoleSink implements LogSink {
  constructor(private readonly out: TextWriter = process.stderr) {
    // A closed stderr (EPIPE) must not become an uncaught exception: keepalived ignores SIGPIPE and carries on.
    if (out === process.stderr && !stderrGuarded) {
      stderrGuarded = true;
      process.stderr.on('error', () => undefined);
    }
  }

  write(_severity: Severity, message: string, at: Date): void {
    this.out.write(consoleLine(at, message));
  }
}
