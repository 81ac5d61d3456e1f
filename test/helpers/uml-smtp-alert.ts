// A lab for the checker process's SMTP alerts inside user-mode Linux (the host kernel has no IPVS): keepalived -C and
// keepalived-ts -C on the same configuration, each on its own virtual addresses (OURS / THEIRS) and with its own
// recording SMTP server on port 25, against shared real servers the test switches: HTTP servers (500 while down,
// via a control file) and a flag file for MISC_CHECK scripts. What each SMTP server recorded is normalised (Date,
// keepalived's virtual address made ours), as are the log lines about sending (the SMTP server's address, the fd).
// keepalived-ts, the HTTP servers and the recorders run from dist/ and the sources (`npx tsc -p tsconfig.build.json`).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Test } from 'tap';
import { daemonLine, UmlShell } from './uml-shell';

const REPO = resolve(__dirname, '..', '..');
export const OURS = '10.10.1.';
export const THEIRS = '10.10.2.';
export const SMTP = { ours: '10.30.0.2', ka: '10.30.0.1' } as const;
/** An address routed to lo but on no interface: a connection to it is never answered. */
export const DEAD_SMTP = '10.30.0.9';
export type Who = 'ours' | 'ka';
export const BOTH: readonly Who[] = ['ours', 'ka'];

export interface Session {
  commands: string[];
  data: string;
}

const STAMP = /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}: /;
/** The lines about sending an alert (some only with -D) and its failures; not SMTP_CHECK's. */
const SMTP_LINE = /SMTP server|SMTP alert|smtp fd|cmd on SMTP/;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitFor(what: string, cond: () => boolean, ms = 40_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

export const sessionKey = (s: Session): string => JSON.stringify(s);
export const subjectOf = (s: Session): string => s.data.split('\r\n').find((l) => l.startsWith('Subject: ')) ?? '(no mail)';

export class AlertLab {
  private seen = { ours: { mails: 0, lines: 0 }, ka: { mails: 0, lines: 0 } };

  private constructor(readonly t: Test, readonly dir: string, readonly uml: UmlShell) {}

  /** Boots the VM with the real servers' addresses (HTTP servers on `httpServers`:8080) and both recorders. */
  static async start(t: Test, rsAddresses: string[], httpServers: string[], replies: Record<string, string> = {}): Promise<AlertLab> {
    const dir = mkdtempSync(join(tmpdir(), 'kts-chalert-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const uml = await UmlShell.boot(join(dir, 'uml'));
    t.teardown(() => uml.close());
    const lab = new AlertLab(t, dir, uml);
    const f = (n: string): string => lab.file(n);
    await uml.run(`for a in ${[...rsAddresses, SMTP.ka, SMTP.ours].join(' ')}; do ip addr add $a/32 dev lo; done; ip route add ${DEAD_SMTP}/32 dev lo`);
    t.teardown(() => uml.run(`kill $(cat ${f('pids')}) 2>/dev/null; true`).then(() => undefined));
    // A recorder stops when its stdin ends: a sleeping writer holds each one's open.
    const register = require.resolve('@isaacs/ts-node-temp-fork-for-pr-2009/register');
    const recorder = resolve(REPO, 'test', 'helpers', 'smtp-recorder-main.ts');
    for (const who of BOTH) {
      await uml.run(`mkfifo ${f(`${who}.in`)}; setsid sleep 100000 > ${f(`${who}.in`)} < /dev/null 2>&1 & echo $! >> ${f('pids')}; ` +
        `TS_NODE_TRANSPILE_ONLY=1 setsid ${process.execPath} -r ${register} ${recorder} ${SMTP[who]} 25 '${JSON.stringify(replies)}' ` +
        `< ${f(`${who}.in`)} > ${f(`${who}.smtp`)} 2>&1 & echo $! >> ${f('pids')}`);
    }
    writeFileSync(f('down.json'), '[]');
    writeFileSync(f('misc-up'), '');
    const servers = join(REPO, 'dist', 'src', 'lab', 'checker-oracle', 'switch-servers-main.js');
    await uml.run(`setsid ${process.execPath} ${servers} ${f('down.json')} ${httpServers.map((a) => `${a}:8080`).join(' ')} > ${f('servers.log')} 2>&1 < /dev/null & echo $! >> ${f('pids')}`);
    await waitFor('the real servers', () => existsSync(`${f('down.json')}.ready`));
    await waitFor('the SMTP recorders', () => BOTH.every((w) => lab.text(`${w}.smtp`).includes('"ready":true')), 30_000);
    return lab;
  }

  file(name: string): string {
    return join(this.dir, name);
  }

  private text(name: string): string {
    return existsSync(this.file(name)) ? readFileSync(this.file(name), 'utf8') : '';
  }

  /** HTTP servers answering 500 (the others 200). */
  setHttpDown(addresses: string[]): void {
    writeFileSync(this.file('down.json'), JSON.stringify(addresses.map((a) => `${a}:8080`)));
  }

  /** The MISC_CHECK scripts (`/bin/test -e <miscFlag>`) succeed while this is true. */
  setMiscUp(up: boolean): void {
    if (up) writeFileSync(this.miscFlag, '');
    else rmSync(this.miscFlag, { force: true });
  }

  get miscFlag(): string {
    return this.file('misc-up');
  }

  /** Writes both configurations: `conf(net, smtpServer)`. */
  writeConfigs(conf: (net: string, smtpServer: string) => string, smtpServer?: string): void {
    for (const who of BOTH) writeFileSync(this.file(`${who}.conf`), conf(who === 'ours' ? OURS : THEIRS, smtpServer ?? SMTP[who]));
  }

  async startDaemons(): Promise<void> {
    for (const who of ['ka', 'ours'] as const) {
      const f = (n: string): string => this.file(n);
      await this.uml.run(daemonLine(who, '-C', f(`${who}.conf`), f));
    }
    this.t.teardown(() => this.signal('TERM'));
  }

  /** Sends a signal to both daemons (their parents), if still running. */
  async signal(sig: 'HUP' | 'TERM'): Promise<void> {
    await this.uml.run(`for p in ${this.file('ka.p')} ${this.file('ours.p')}; do [ -e $p ] && kill -${sig} $(cat $p); done; true`);
  }

  exited(): boolean {
    return existsSync(this.file('ka.rc')) && existsSync(this.file('ours.rc'));
  }

  mails(who: Who): Session[] {
    return this.text(`${who}.smtp`).split('\n').filter((l) => l.startsWith('{"session"'))
      .map((l) => (JSON.parse(l) as { session: Session }).session)
      .map((s) => ({ commands: s.commands, data: s.data.replace(/^Date: .*$/m, 'Date: <date>').split(THEIRS).join(OURS) }));
  }

  /** The checker process's log lines without time stamps, keepalived's addresses made ours. */
  log(who: Who): string[] {
    return this.text(`${who}.log`).split('\n').filter((l) => STAMP.test(l)).map((l) => l.replace(STAMP, ''))
      .map((l) => l.split(THEIRS).join(OURS).split(SMTP[who]).join('<smtp>').replace(/smtp fd \d+/, 'smtp fd N'));
  }

  smtpLines(who: Who): string[] {
    return this.log(who).filter((l) => SMTP_LINE.test(l));
  }

  /** Starts the next comparison from what both sides have recorded so far. */
  mark(): void {
    this.seen = {
      ours: { mails: this.mails('ours').length, lines: this.smtpLines('ours').length },
      ka: { mails: this.mails('ka').length, lines: this.smtpLines('ka').length },
    };
  }

  /**
   * Runs a step, waits until both SMTP servers have recorded at least `want` more sessions, lets both sides settle
   * and compares the sessions and the SMTP log lines, both as multisets: mails sent in the same moment run side by
   * side, so their sessions and their lines interleave in any order, keepalived's too.
   * Returns keepalived's sessions.
   */
  async step(name: string, action: () => Promise<unknown> | unknown, want: number): Promise<Session[]> {
    await action();
    const more = (w: Who): number => this.mails(w).length - this.seen[w].mails;
    try {
      await waitFor(`${name}: ${want} mails`, () => BOTH.every((w) => more(w) >= want));
    } catch (e) {
      this.t.fail(`${(e as Error).message} (keepalived's: ${more('ka')}, ours: ${more('ours')})`);
    }
    await sleep(2000); // anything more either side still has to send
    return this.compare(name);
  }

  /** Compares what both recorded since the last mark (see step). */
  compare(name: string): Session[] {
    const got = { ours: this.mails('ours').slice(this.seen.ours.mails), ka: this.mails('ka').slice(this.seen.ka.mails) };
    const lines = { ours: this.smtpLines('ours').slice(this.seen.ours.lines), ka: this.smtpLines('ka').slice(this.seen.ka.lines) };
    this.mark();
    this.t.same(got.ours.map(sessionKey).sort(), got.ka.map(sessionKey).sort(), `${name}: the recorded SMTP sessions`);
    this.t.same([...lines.ours].sort(), [...lines.ka].sort(), `${name}: the SMTP log lines`);
    this.t.comment(`${name}, keepalived's mails:\n${got.ka.map(subjectOf).join('\n')}\nand lines:\n${lines.ka.join('\n')}`);
    return got.ka;
  }
}

export const HTTP_RS = '10.20.1.1';
export const MISC_RS = '10.20.1.2';
export const TCP_RS = '10.20.1.3';
/** A real server with two checkers: an HTTP_GET of HTTP_RS's server and the MISC_CHECK. */
export const TWO_RS = '10.20.1.4';
export const RS_ADDRESSES = [HTTP_RS, MISC_RS, TCP_RS, TWO_RS];

/**
 * The lab's configuration: virtual server `net`1 (smtp_alert, quorum 2, omega) with one real server per checker
 * kind and one with two checkers (less those in `omit`); `net`2 whose real server has smtp_alert off. `globals`:
 * more global_defs lines.
 */
export function alertConfig(lab: AlertLab, net: string, smtpServer: string, globals = '', omit: string[] = []): string {
  const http = (connect = ''): string => `HTTP_GET {
            url {
                path /
                status_code 200
            }
${connect}            connect_timeout 1
            retry 0
        }`;
  // misc_timeout well above delay_loop: on a loaded machine a script start inside UML can take longer than a
  // second, and a timeout would be a (keepalived or ours) flap of its own.
  const misc = `MISC_CHECK {
            misc_path "/bin/test -e ${lab.miscFlag}"
            misc_timeout 10
            retry 0
        }`;
  const servers: [string, string][] = [
    [HTTP_RS, http()],
    [MISC_RS, misc],
    [TCP_RS, `TCP_CHECK {
            connect_timeout 1
            retry 0
        }`],
    [TWO_RS, `${http(`            connect_ip ${HTTP_RS}\n`)}
        ${misc}`],
  ];
  return `global_defs {
    script_user root
    router_id kts-alert
    notification_email {
        ops@example.test
        noc@example.test
    }
    notification_email_from lb@example.test
    smtp_server ${smtpServer}
    smtp_helo_name lb.example.test
    smtp_connect_timeout 4
${globals}}
virtual_server ${net}1 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    quorum 2
    omega
    smtp_alert
${servers.filter(([a]) => !omit.includes(a)).map(([a, body]) => `    real_server ${a} 8080 {\n        ${body}\n    }\n`).join('')}}
virtual_server ${net}2 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server ${HTTP_RS} 8080 {
        smtp_alert off
        ${http()}
    }
}
`;
}
