// The bytes of one log message on each output, as keepalived 2.2.7 writes them (captured from the Debian binary:
// stderr with -l, and the datagrams it sends to /dev/log).
import { consoleTime, syslogTime } from './timestamp';

/**
 * The console keeps at most this many bytes of a message (a longer one is cut, without a marker); syslog gets the
 * whole message. Measured: a 700-byte message printed with -l ends after 510 bytes.
 */
export const CONSOLE_MESSAGE_MAX = 510;

/** Cuts s to at most max UTF-8 bytes without splitting a character. */
export function truncateUtf8(s: string, max: number): string {
  if (s.length * 3 <= max || Buffer.byteLength(s) <= max) return s;
  let bytes = 0;
  let i = 0;
  for (const ch of s) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > max) break;
    bytes += n;
    i += ch.length;
  }
  return s.slice(0, i);
}

/** A console (-l) line: "Tue Nov 24 20:55:37 2026: <message>\n". */
export function consoleLine(at: Date, message: string): string {
  return `${consoleTime(at)}: ${truncateUtf8(message, CONSOLE_MESSAGE_MAX)}\n`;
}

/**
 * A datagram for /dev/log exactly as glibc's syslog(3) builds it for openlog(ident, LOG_PID, facility):
 * "<PRI>Nov 24 20:55:37 Keepalived_vrrp[1234]: <message>" — no host name, no trailing newline or NUL.
 */
export function syslogDatagram(priority: number, at: Date, ident: string, pid: number, message: string): string {
  return `<${priority}>${syslogTime(at)} ${ident}[${pid}]: ${message}`;
}
