// The Logger (detail levels, fan-out), -S parsing, the syslog sink's connection handling (fake transport) and the
// addon's syslog socket (real datagrams to a listener; a full queue drops instead of blocking).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import {
  createLogger,
  LOG_ALERT,
  LOG_DAEMON,
  LOG_INFO,
  LOG_USER,
  Logger,
  logLocal,
  MemorySink,
  parseLogFacility,
  syslogIdent,
  SyslogSink,
  type SyslogTransport,
} from '../../src/core/logging';
import { isAddonBuilt } from '../../src/net/addon';
import { syslogClose, syslogOpen, syslogSend } from '../../src/net/addon/syslog-socket';
import { canListen, listenDgram, PYTHON } from '../helpers/dgram-listener';

const AT = new Date(2026, 10, 4, 9, 5, 7);

t.test('detail levels: detail() needs -D, extraDetail() needs -D -D', async (t) => {
  for (const level of [0, 1, 2]) {
    const sink = new MemorySink();
    const log = new Logger({ sinks: [sink], detail: level, now: () => AT });
    log.info('always');
    log.detail('with -D');
    log.extraDetail('with -D -D');
    log.alert('alert');
    t.same(sink.messages(), ['always', ...(level >= 1 ? ['with -D'] : []), ...(level >= 2 ? ['with -D -D'] : []), 'alert'], `level ${level}`);
    t.same(
      sink.entries.map((e) => e.severity),
      [LOG_INFO, ...(level >= 1 ? [LOG_INFO] : []), ...(level >= 2 ? [LOG_INFO] : []), LOG_ALERT],
    );
  }
  const a = new MemorySink();
  const b = new MemorySink();
  new Logger({ sinks: [a, b], now: () => AT }).logLines(LOG_INFO, ['one', 'two']);
  t.same(a.messages(), ['one', 'two']);
  t.same(b.messages(), ['one', 'two']);
});

t.test('-S as keepalived 2.2.7 takes it', async (t) => {
  const ok: Array<[string, number]> = [
    ['0', logLocal(0)],
    ['5', logLocal(5)],
    ['05', logLocal(5)],
    ['7', logLocal(7)],
    ['', logLocal(0)],
    ['local0', logLocal(0)],
    ['local7', logLocal(7)],
    ['user', LOG_USER],
    ['daemon', LOG_DAEMON],
  ];
  for (const [arg, fac] of ok) t.same(parseLogFacility(arg), { facility: fac }, `-S '${arg}'`);
  for (const arg of ['8', '-1', '0x3', '5x', 'kern', 'LOCAL2', 'local8', 'l']) {
    t.same(parseLogFacility(arg), { facility: LOG_DAEMON, error: `Invalid log facility '${arg}'` }, `-S '${arg}'`);
  }
  t.equal(logLocal(3) | LOG_INFO, 158, 'local3.info is <158> as captured');
});

t.test('syslog idents', async (t) => {
  t.equal(syslogIdent('parent'), 'Keepalived');
  t.equal(syslogIdent('vrrp'), 'Keepalived_vrrp');
  t.equal(syslogIdent('checker'), 'Keepalived_healthcheckers');
  t.equal(syslogIdent('bfd'), 'Keepalived_bfd');
  t.equal(syslogIdent('vrrp', { netns: 'blue', instance: 'i1' }), 'Keepalived_vrrp_blue_i1');
});

class FakeTransport implements SyslogTransport {
  sent: string[] = [];
  opens = 0;
  openResult = 0;
  sendResults: number[] = [];
  open(): number {
    this.opens++;
    return this.openResult;
  }
  send(d: Uint8Array): number {
    const r = this.sendResults.shift() ?? d.length;
    if (r >= 0) this.sent.push(Buffer.from(d).toString());
    return r;
  }
  close(): void {}
}

t.test('syslog sink: lazy connect, reconnect once on failure, drop when full', async (t) => {
  const tr = new FakeTransport();
  const sink = new SyslogSink({ ident: 'Keepalived_vrrp', facility: LOG_DAEMON, transport: tr });
  t.equal(tr.opens, 0, 'not connected before the first message');
  sink.write(LOG_INFO, 'hello', AT);
  t.same(tr.sent, [`<30>Nov  4 09:05:07 Keepalived_vrrp[${process.pid}]: hello`]);
  t.equal(tr.opens, 1);

  tr.sendResults = [-constants.errno.ECONNREFUSED]; // the daemon restarted
  sink.write(LOG_ALERT, 'again', AT);
  t.equal(tr.opens, 2, 'reconnected at once');
  t.equal(tr.sent[1], `<25>Nov  4 09:05:07 Keepalived_vrrp[${process.pid}]: again`);

  tr.sendResults = [-constants.errno.EAGAIN];
  sink.write(LOG_INFO, 'full', AT);
  t.equal(tr.opens, 2, 'a full queue is not a reason to reconnect');
  t.equal(sink.dropped, 1, 'the message is dropped');

  tr.sendResults = [-constants.errno.ECONNREFUSED];
  tr.openResult = -constants.errno.ENOENT; // no daemon any more
  sink.write(LOG_INFO, 'lost', AT);
  sink.write(LOG_INFO, 'lost too', AT);
  t.equal(tr.opens, 3, 'while no daemon listens, no more than one attempt a second');
  t.equal(sink.dropped, 3);
});

t.test('createLogger picks sinks from the flags', async (t) => {
  const tr = new FakeTransport();
  const log = createLogger('checker', { console: false, syslog: true, facility: logLocal(1), detail: 1 }, { transport: tr, now: () => AT });
  log.detail('shown');
  t.same(tr.sent, [`<142>Nov  4 09:05:07 Keepalived_healthcheckers[${process.pid}]: shown`]);
  t.equal(createLogger('vrrp', { console: false, syslog: false, facility: LOG_DAEMON, detail: 0 }).sinks.length, 0, '-G without -l');
});

t.test('addon syslog socket', { skip: !isAddonBuilt() ? 'addon not built' : !canListen() ? 'no python3' : false }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-syslog-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  t.teardown(() => syslogClose());

  t.equal(syslogOpen(join(dir, 'missing.sock')), -constants.errno.ENOENT, 'no listener: -ENOENT');
  t.equal(syslogSend(Buffer.from('x')), -constants.errno.ENOTCONN, 'not connected: -ENOTCONN');

  const path = join(dir, 'log.sock');
  const listener = await listenDgram(path);
  t.teardown(() => listener.stop());
  const sink = new SyslogSink({ ident: 'Keepalived', facility: logLocal(3), path });
  sink.write(LOG_INFO, 'Starting Keepalived v2.2.7 (01/16,2022)', AT);
  await listener.waitFor(1);
  t.equal(listener.received[0].toString(), `<158>Nov  4 09:05:07 Keepalived[${process.pid}]: Starting Keepalived v2.2.7 (01/16,2022)`);
  sink.close();

  // A receiver that never reads: the queue fills and send reports -EAGAIN instead of blocking the loop.
  const stuckPath = join(dir, 'stuck.sock');
  const stuck = spawn(PYTHON, ['-c', 'import socket,sys,time\ns=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM)\ns.bind(sys.argv[1])\nprint("ready",flush=True)\ntime.sleep(60)', stuckPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.teardown(() => {
    stuck.kill('SIGKILL');
  });
  await new Promise<void>((res) => stuck.stdout?.once('data', () => res()));
  t.equal(syslogOpen(stuckPath), 0);
  const msg = Buffer.alloc(1000, 0x61);
  let r = 0;
  let n = 0;
  const started = Date.now();
  while (n < 100000 && (r = syslogSend(msg)) > 0) n++;
  t.equal(r, -constants.errno.EAGAIN, `-EAGAIN after ${n} datagrams`);
  t.ok(Date.now() - started < 2000, 'never blocked');
});
