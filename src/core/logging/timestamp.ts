// The two time stamps keepalived's log lines carry, both in local time and the C locale (keepalived never calls
// setlocale): the console prefix is strftime("%c") = "Tue Nov  4 09:05:07 2026", and glibc's syslog(3) header uses
// "%h %e %T" = "Nov  4 09:05:07". %e pads the day of the month with a space, not a zero.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "%h %e %T": "Nov  4 09:05:07". */
export function syslogTime(d: Date): string {
  const day = d.getDate();
  return `${MONTHS[d.getMonth()]} ${day < 10 ? ' ' : ''}${day} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** "%c" in the C locale: "Tue Nov  4 09:05:07 2026". */
export function consoleTime(d: Date): string {
  const md = syslogTime(d);
  return `${DAYS[d.getDay()]} ${md} ${d.getFullYear()}`;
}
