// A real SMTP client for keepalived's alerts (core/smtp.c): one TCP connection per alert, opened without blocking
// the event loop, then keepalived's dialogue — wait for 220, HELO, MAIL FROM, one RCPT TO per address, DATA,
// the message, QUIT — checking each reply's code (the last line of a multi-line reply) and answering a wrong one
// with QUIT. Every wait (the connect and each reply) is limited by smtp_connect_timeout. The log lines are
// keepalived's, with the server as "[address]:port"; the -D ones only with log detail.
import { Socket } from 'node:net';
import type { Logger } from '../logging/logger';
import {
  AlertMail, BUFFER_MAX, DATA_COMMAND, dataPayload, heloCommand, mailCommand, QUIT_COMMAND, rcptCommand,
} from './smtp-message';

export interface SmtpSettings {
  host: string;
  port: number;
  /** smtp_helo_name; keepalived says "localhost" when it has none. */
  heloName: string | undefined;
  connectTimeoutMs: number;
}

/** keepalived's stages: the code each one expects and the name its error line uses. */
type Stage = 'greeting' | 'helo' | 'mail' | 'rcpt' | 'data' | 'body' | 'quit';
const EXPECTED: Readonly<Record<Stage, number>> = { greeting: 220, helo: 250, mail: 250, rcpt: 250, data: 354, body: 250, quit: 221 };
const NAME: Readonly<Record<Stage, string>> = {
  greeting: '(E)SMTP', helo: 'HELO', mail: 'MAIL', rcpt: 'RCPT', data: 'DATA', body: 'BODY', quit: 'QUIT',
};

/** The socket's descriptor (keepalived names it in one log line); -1 when node has not opened it yet. */
function descriptor(sock: Socket): number {
  return (sock as unknown as { _handle?: { fd?: number } | null })._handle?.fd ?? -1;
}

/** "[10.0.0.9]:25" (inet_sockaddrtopair). */
export function serverName(host: string, port: number): string {
  return `[${host}]:${port}`;
}

export class SmtpClient {
  private readonly sessions = new Set<Socket>();

  constructor(private readonly settings: SmtpSettings, private readonly log: Logger) {}

  /** Starts sending one alert; returns at once. Resolves the returned promise when the session is over. */
  send(mail: AlertMail, now = new Date()): Promise<void> {
    return new Promise((resolve) => this.run(mail, now, resolve));
  }

  /**
   * What keepalived's STOP alert amounts to: it opens the connection and exits before the dialogue starts, so the
   * server sees a connection that closes without a command. Resolves once connected and closed (or failed).
   */
  connectOnly(): Promise<void> {
    const { host, port, connectTimeoutMs } = this.settings;
    return new Promise((resolve) => {
      const sock = new Socket();
      this.sessions.add(sock);
      const end = (): void => {
        this.sessions.delete(sock);
        sock.destroy();
        resolve();
      };
      sock.setTimeout(connectTimeoutMs, end);
      sock.once('connect', end);
      sock.once('error', end);
      sock.connect({ host, port });
    });
  }

  /** Sessions still open. */
  get pending(): number {
    return this.sessions.size;
  }

  /** Drops every open session (shutdown). */
  close(): void {
    for (const s of this.sessions) s.destroy();
    this.sessions.clear();
  }

  private run(mail: AlertMail, date: Date, done: () => void): void {
    const { host, port, connectTimeoutMs } = this.settings;
    const server = serverName(host, port);
    const sock = new Socket();
    this.sessions.add(sock);
    let stage: Stage = 'greeting';
    let connected = false;
    let buf = '';
    let rcptIndex = 0;
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      this.sessions.delete(sock);
      sock.destroy();
      done();
    };
    const write = (text: string): void => {
      if (!sock.destroyed) sock.write(text, 'latin1');
    };
    const sendStage = (): void => {
      switch (stage) {
        case 'helo': write(heloCommand(this.settings.heloName ?? 'localhost')); break;
        case 'mail': write(mailCommand(mail.from)); break;
        case 'rcpt': write(rcptCommand(mail.to[rcptIndex])); break;
        case 'data': write(DATA_COMMAND); break;
        case 'body': write(dataPayload(mail, date)); break;
        case 'quit': write(QUIT_COMMAND); break;
        default: break;
      }
    };
    const onCode = (code: number): void => {
      if (code !== EXPECTED[stage]) {
        this.log.info(`Error processing ${NAME[stage]} cmd on SMTP server ${server}. SMTP status code = ${code}`);
        stage = 'quit';
        sendStage();
        return;
      }
      switch (stage) {
        case 'greeting': stage = 'helo'; break;
        case 'helo': stage = 'mail'; break;
        case 'mail': stage = 'rcpt'; break;
        case 'rcpt':
          rcptIndex++;
          if (rcptIndex >= mail.to.length) stage = 'data';
          break;
        case 'data': stage = 'body'; break;
        case 'body':
          this.log.detail('SMTP alert successfully sent.');
          stage = 'quit';
          break;
        case 'quit':
          finish();
          return;
      }
      sendStage();
    };
    sock.setTimeout(connectTimeoutMs);
    sock.on('timeout', () => {
      if (!connected) {
        this.log.info(`Timeout opening connection to remote SMTP server ${server}.`);
        finish();
      } else {
        this.log.info(`Timeout reading data to remote SMTP server ${server}.`);
        if (stage === 'quit') finish();
        else {
          stage = 'quit';
          sendStage();
        }
      }
    });
    sock.on('connect', () => {
      connected = true;
      this.log.detail(`Remote SMTP server ${server} connected.`);
    });
    sock.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      if (buf.length >= BUFFER_MAX) {
        this.log.info(`Received buffer from remote SMTP server ${server} overflow our get read buffer length.`);
        buf = '';
        stage = 'quit';
        sendStage();
        return;
      }
      // keepalived acts on the first complete final line (one whose 4th character is not '-').
      for (;;) {
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        if (line[3] === '-') continue;
        const code = Number.parseInt(line.slice(0, 3), 10);
        onCode(Number.isNaN(code) ? -1 : code);
        if (finished) return;
      }
    });
    sock.on('end', () => {
      if (!finished) this.log.info(`Remote SMTP server ${server} has closed the connection.`);
      finish();
    });
    // A connect that fails (refused, unreachable) reaches keepalived as an error on the socket it waits to write on.
    let fd = -1;
    sock.on('error', () => {
      if (connected) this.log.info(`Error reading data from remote SMTP server ${server}.`);
      else this.log.info(`smtp fd ${fd} returned write error`);
      finish();
    });
    sock.on('close', finish);
    sock.connect({ host, port });
    process.nextTick(() => (fd = descriptor(sock)));
  }
}
