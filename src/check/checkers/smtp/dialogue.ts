// The SMTP_CHECK conversation of keepalived 2.2.7 (smtp_engine_thread), sans-IO: read the banner (must be 220),
// send "HELO <helo_name>", read the reply (must be 250), send "QUIT", read one more line, done. Lines are cut at
// the first LF and only the 3-digit code at their start matters; a line longer than the 512-byte buffer wraps.

export const SMTP_BUFF_MAX = 512;

export type SmtpStep =
  | { type: 'send'; line: string }
  | { type: 'wait' }
  | { type: 'done' }
  /** message: keepalived's failure text, without "SMTP_CHECK " and with %s filled by the server's [addr]:port. */
  | { type: 'fail'; message: string }
  | { type: 'log'; line: string };

/** smtp_get_status(): the number before the first space, which must be exactly 3 digits. */
export function smtpStatus(line: string): number {
  const m = /^[ \t]*([+-]?[0-9]+)/.exec(line);
  if (!m) return -1;
  const [whole, digits] = m as unknown as [string, string];
  if (whole.length !== 3 || (line.length > 3 && line[3] !== ' ')) return -1;
  return Number(digits);
}

export class SmtpDialogue {
  private state: 'banner' | 'helo' | 'quit' | 'finished' = 'banner';
  private buff = '';

  constructor(
    private readonly heloName: string,
    /** FMT_SMTP_RS: "[addr]:port" of the server talked to. */
    private readonly server: string,
  ) {}

  /** Bytes from the server (latin1); returns what to do next, in order. */
  receive(text: string): SmtpStep[] {
    if (this.state === 'finished') return [];
    const out: SmtpStep[] = [];
    for (const ch of text) {
      if (this.buff.length >= SMTP_BUFF_MAX - 1) {
        out.push({ type: 'log', line: `SMTP_CHECK Buffer overflow reading from server ${this.server}. Increase SMTP_BUFF_MAX in check_smtp.h` });
        this.buff = '';
      }
      if (ch === '\n') {
        out.push(this.line(this.buff));
        this.buff = '';
        // keepalived reads one line per step and drops what followed it in the same read.
        return out;
      }
      this.buff += ch;
    }
    out.push({ type: 'wait' });
    return out;
  }

  private line(line: string): SmtpStep {
    switch (this.state) {
      case 'banner':
        if (smtpStatus(line) !== 220) return this.fail(`Bad greeting banner from server ${this.server}`);
        this.state = 'helo';
        return { type: 'send', line: `HELO ${this.heloName}\r\n` };
      case 'helo':
        if (smtpStatus(line) !== 250) return this.fail(`Bad HELO response from server ${this.server}`);
        this.state = 'quit';
        return { type: 'send', line: 'QUIT\r\n' };
      default:
        this.state = 'finished';
        return { type: 'done' };
    }
  }

  private fail(message: string): SmtpStep {
    this.state = 'finished';
    return { type: 'fail', message };
  }

  /** Messages for the failures the driver sees. */
  readTimeout(): string {
    return `Read timeout from server ${this.server}`;
  }
  readFailure(): string {
    return `Read failure from server ${this.server}`;
  }
  writeFailure(): string {
    return `Write failure to server ${this.server}`;
  }
}
