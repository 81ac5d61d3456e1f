// syslog(3) severities and facilities (values from <sys/syslog.h>); a priority is facility | severity.

export const LOG_EMERG = 0;
export const LOG_ALERT = 1;
export const LOG_CRIT = 2;
export const LOG_ERR = 3;
export const LOG_WARNING = 4;
export const LOG_NOTICE = 5;
export const LOG_INFO = 6;
export const LOG_DEBUG = 7;

export type Severity = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const LOG_USER = 1 << 3;
export const LOG_DAEMON = 3 << 3;
export const LOG_LOCAL0 = 16 << 3;

/** LOG_LOCALn for n in 0..7. */
export function logLocal(n: number): number {
  return LOG_LOCAL0 + (n << 3);
}
