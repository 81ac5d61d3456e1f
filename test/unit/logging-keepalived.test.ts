// Our formats against keepalived 2.2.7 itself: keepalived is started with -l and a missing configuration file (so
// it logs a few lines and exits 6 without touching the network) in a private mount namespace whose /dev/log is a
// socket of ours. Every console line and every syslog datagram it wrote must be what our formatters produce for
// the same message, time and pid.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { commandLineLines, consoleLine, consoleTime, logLocal, LOG_INFO, syslogDatagram } from '../../src/core/logging';
import { canListen, listenDgram } from '../helpers/dgram-listener';
import { WITH_DEV_LOG } from '../helpers/dev-log';

const KEEPALIVED = '/usr/sbin/keepalived';


if (process.getuid?.() !== 0) t.plan(0, 'needs root (mount namespace)');
else if (!existsSync(KEEPALIVED)) t.plan(0, `${KEEPALIVED} is not installed`);
else if (!canListen()) t.plan(0, 'needs /usr/bin/python3 for the datagram listener');
else {
  t.test('console lines and syslog datagrams match keepalived 2.2.7', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kts-logfmt-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const sock = join(dir, 'log.sock');
    mkdirSync(join(dir, 'dev'));
    const listener = await listenDgram(sock);
    t.teardown(() => listener.stop());

    const args = ['-n', '-l', '-S', '3', '-i', 'b'.repeat(300), '-f', `/nonexistent/${'a'.repeat(600)}`];
    args.push('-p', join(dir, 'k.pid'), '-r', join(dir, 'v.pid'), '-c', join(dir, 'c.pid'));
    const t0 = Math.floor(Date.now() / 1000);
    const child = spawn('unshare', ['-m', 'sh', '-c', WITH_DEV_LOG, 'sh', join(dir, 'dev'), sock, 'keepalived', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
    const t1 = Math.ceil(Date.now() / 1000);
    t.equal(code, 6, 'keepalived exits 6 (not configured)');

    const consoleLines = stderr.split('\n').filter((l) => l !== '');
    await listener.waitFor(consoleLines.length);
    t.ok(consoleLines.length >= 6, `keepalived logged ${consoleLines.length} lines`);
    t.equal(listener.received.length, consoleLines.length, 'one datagram per console line');

    // The second each line was logged in, found from its console time stamp.
    const seconds = new Map<string, Date>();
    for (let s = t0 - 1; s <= t1 + 1; s++) seconds.set(consoleTime(new Date(s * 1000)), new Date(s * 1000));
    const pid = child.pid as number;
    const messages: string[] = [];
    listener.received.forEach((dgram, i) => {
      const text = dgram.toString();
      const m = /^<\d+>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d Keepalived\[\d+\]: (.*)$/s.exec(text);
      t.ok(m, `datagram ${i} has the syslog(3) shape`);
      if (!m) return;
      const at = seconds.get(consoleLines[i].slice(0, 24));
      t.ok(at, `console line ${i} has a %c time stamp of this run`);
      if (!at) return;
      messages.push(m[1]);
      t.equal(text, syslogDatagram(logLocal(3) | LOG_INFO, at, 'Keepalived', pid, m[1]), `datagram ${i}`);
      t.equal(`${consoleLines[i]}\n`, consoleLine(at, m[1]), `console line ${i}`);
    });
    t.ok(messages.some((m) => Buffer.byteLength(m) > 510), 'one message is longer than the console keeps');
    const start = messages.findIndex((m) => m.startsWith('Command line: '));
    const expected = commandLineLines(['keepalived', ...args]);
    t.same(messages.slice(start, start + expected.length), expected, 'command line wrapping');
    t.notOk(existsSync(join(dir, 'k.pid')), 'no pid file left behind');
  });
}
