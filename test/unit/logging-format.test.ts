// Time stamps and line formats, checked against glibc's own strftime (`date`, C locale) for the same instants, and
// the command-line wrapping against lines captured from keepalived 2.2.7.
import { execFileSync } from 'node:child_process';
import t from 'tap';
import {
  CONSOLE_MESSAGE_MAX,
  commandLineLines,
  consoleLine,
  consoleTime,
  syslogDatagram,
  syslogTime,
  truncateUtf8,
  wrapWords,
} from '../../src/core/logging';

function glibc(fmt: string, seconds: number): string {
  return execFileSync('date', ['-d', `@${seconds}`, `+${fmt}`], { env: { ...process.env, LC_ALL: 'C' } })
    .toString()
    .replace(/\n$/, '');
}

t.test('console and syslog time stamps match strftime %c and "%h %e %T"', async (t) => {
  const instants = [
    0,
    1_700_000_000, // Nov 14 2023
    Date.UTC(2026, 10, 4, 9, 5, 7) / 1000, // day 4: %e pads with a space
    Date.UTC(2026, 0, 1, 0, 0, 0) / 1000,
    Date.UTC(2026, 11, 31, 23, 59, 59) / 1000,
    Date.UTC(2024, 1, 29, 12, 0, 9) / 1000,
  ];
  for (const s of instants) {
    const d = new Date(s * 1000);
    t.equal(consoleTime(d), glibc('%c', s), `%c at ${s}`);
    t.equal(syslogTime(d), glibc('%h %e %T', s), `%h %e %T at ${s}`);
  }
});

t.test('line formats', async (t) => {
  const d = new Date(2026, 10, 24, 20, 55, 37);
  t.equal(consoleLine(d, '(VI_1) Entering MASTER STATE'), 'Tue Nov 24 20:55:37 2026: (VI_1) Entering MASTER STATE\n');
  t.equal(
    syslogDatagram(158, d, 'Keepalived_vrrp', 1234, '(VI_1) Entering MASTER STATE'),
    '<158>Nov 24 20:55:37 Keepalived_vrrp[1234]: (VI_1) Entering MASTER STATE',
  );
  const long = 'x'.repeat(700);
  t.equal(consoleLine(d, long), `Tue Nov 24 20:55:37 2026: ${'x'.repeat(CONSOLE_MESSAGE_MAX)}\n`, 'console cuts at 510 bytes');
  t.ok(syslogDatagram(30, d, 'Keepalived', 1, long).endsWith(long), 'syslog keeps the whole message');
  t.equal(truncateUtf8('ééé', 5), 'éé', 'never splits a UTF-8 sequence');
  t.equal(truncateUtf8('abc', 5), 'abc');
});

t.test('command line wrapping (lines captured from keepalived 2.2.7)', async (t) => {
  t.same(
    commandLineLines(['keepalived', '-n', '-l', '-D', '-f', '/tmp/ktsr-exp/k.conf', '-p', '/tmp/ktsr-exp/p1.pid', '-r', '/tmp/ktsr-exp/p2.pid', '-c', '/tmp/ktsr-exp/p3.pid']),
    [
      "Command line: 'keepalived' '-n' '-l' '-D' '-f' '/tmp/ktsr-exp/k.conf' '-p' '/tmp/ktsr-exp/p1.pid' '-r'",
      "              '/tmp/ktsr-exp/p2.pid' '-c' '/tmp/ktsr-exp/p3.pid'",
    ],
  );
  t.same(
    commandLineLines(['keepalived', '-n', '-D', '-S', 'local5', '-f', '/tmp/ktsr-exp/k2.conf', '-p', '/tmp/ktsr-exp/y1.pid', '-r', '/tmp/ktsr-exp/y2.pid', '-c', '/tmp/ktsr-exp/y3.pid']),
    [
      "Command line: 'keepalived' '-n' '-D' '-S' 'local5' '-f' '/tmp/ktsr-exp/k2.conf' '-p'",
      "              '/tmp/ktsr-exp/y1.pid' '-r' '/tmp/ktsr-exp/y2.pid' '-c' '/tmp/ktsr-exp/y3.pid'",
    ],
  );
  // A 700-character argument: cut into 88-character pieces after the 14-column indent.
  const lines = commandLineLines(['keepalived', '-n', '-l', '-i', 'b'.repeat(700), '-f', '/nonexist', '-p', '/tmp/ktsr-exp/y1.pid']);
  t.same(
    lines.map((l) => l.length),
    [41, 102, 102, 102, 102, 102, 102, 102, 100, 58],
  );
  t.equal(lines[1], `              '${'b'.repeat(87)}`);
  t.equal(lines[8], `              ${'b'.repeat(85)}'`);
  t.same(wrapWords('P: ', []), ['P: ']);
});
