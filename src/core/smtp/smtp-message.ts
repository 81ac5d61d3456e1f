// The mail keepalived 2.2.7 sends for an alert (core/smtp.c): the command words, the DATA payload with its
// headers in keepalived's order (Date, From, Subject, X-Mailer, To), the body and the terminating dot, with
// keepalived's fixed buffer sizes (subject 256, body 512, To list and the whole DATA write 1024 bytes, each with
// its NUL) so an over-long alert is cut where keepalived cuts it.

export const SUBJECT_MAX = 255;
export const BODY_MAX = 511;
export const BUFFER_MAX = 1023;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** strftime("%a, %d %b %Y %H:%M:%S %z") in local time: `Tue, 24 Nov 2026 23:05:48 +0000`. */
export function rfc822Date(d: Date): string {
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${DAYS[d.getDay()]}, ${two(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ` +
    `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`;
}

/** The To: header: the addresses joined by ", ", stopping at the first that no longer fits keepalived's buffer. */
export function toHeader(addresses: readonly string[]): string {
  let out = '';
  for (const [i, a] of addresses.entries()) {
    const sep = i === 0 ? '' : ', ';
    if (out.length + sep.length + a.length > BUFFER_MAX) {
      if (i > 0 && out.length + sep.length <= BUFFER_MAX) out += sep;
      break;
    }
    out += sep + a;
  }
  return out;
}

export interface AlertMail {
  from: string;
  to: readonly string[];
  /** The subject with keepalived's prefix already applied ("[router_id] VRRP Instance VI_1 - Entering MASTER state"). */
  subject: string;
  body: string;
}

/** The DATA payload including the final "\r\n.\r\n", as one write of keepalived's send buffer. */
export function dataPayload(mail: AlertMail, date: Date): string {
  const text = `Date: ${rfc822Date(date)}\r\nFrom: ${mail.from}\r\nSubject: ${mail.subject.slice(0, SUBJECT_MAX)}\r\n` +
    `X-Mailer: Keepalived\r\nTo: ${toHeader(mail.to)}\r\n\r\n${mail.body.slice(0, BODY_MAX)}\r\n\r\n.\r\n`;
  return text.slice(0, BUFFER_MAX);
}

export const heloCommand = (name: string): string => `HELO ${name}\r\n`.slice(0, BUFFER_MAX);
export const mailCommand = (from: string): string => `MAIL FROM:<${from}>\r\n`.slice(0, BUFFER_MAX);
export const rcptCommand = (to: string): string => `RCPT TO:<${to}>\r\n`.slice(0, BUFFER_MAX);
export const DATA_COMMAND = 'DATA\r\n';
export const QUIT_COMMAND = 'QUIT\r\n';
