// Two daemons on a fake segment elect, fail over and preempt as two keepalived nodes would, in virtual time: the
// real endpoints build the bytes, the wasm decoder checks them, FakeNetlink holds the VIPs.
import t from 'tap';
import { config, FakeWorld, instanceBlock, MS, S } from './vrrp-daemon-harness';

const NOTIFY = 'notify "/bin/true extra"';

t.test('the higher priority becomes MASTER after its down timer; the VIP is on one node only', async (t) => {
  const w = new FakeWorld();
  t.teardown(() => w.close());
  const a = w.node('A', '10.9.0.1');
  const b = w.node('B', '10.9.0.2');
  await a.daemon.start(config(instanceBlock({ priority: 150, extra: NOTIFY })));
  await b.daemon.start(config(instanceBlock({ priority: 100, extra: NOTIFY })));
  await w.runTo(1 * S);
  t.equal(a.state(), 'BACKUP');
  t.equal(b.state(), 'BACKUP');
  t.ok(a.lines.includes('(VI_1) removing VIPs.'), 'VIPs force-removed at start-up (-D)');
  t.ok(a.lines.includes('(VI_1) Entering BACKUP STATE (init)'));
  t.same(a.scripts.map((s) => s.argv), [['/bin/true', 'extra', 'INSTANCE', 'VI_1', 'BACKUP', '150']]);

  await w.runTo(5 * S);
  t.equal(a.state(), 'MASTER');
  t.equal(b.state(), 'BACKUP');
  t.same(a.vips(), ['10.9.0.100/24']);
  t.same(b.vips(), []);
  const master = a.daemon.transitions.find((x) => x.to === 'MASTER');
  // 3 × 1 s + (256 − 150) / 256 s
  t.equal(master?.at, 3 * S + Math.floor((106 * S) / 256), 'A took over exactly at its master-down interval');
  const i = a.lines.indexOf('(VI_1) Entering MASTER STATE');
  t.ok(i > 0 && a.lines[i - 1] === '(VI_1) Receive advertisement timeout', 'keepalived log order');
  t.ok(a.lines.includes('(VI_1) setting VIPs.'));
  t.ok(a.lines.includes('(VI_1) Sending/queueing gratuitous ARPs on eth0 for 10.9.0.100'));
  t.equal(a.lines.filter((l) => l === 'Sending gratuitous ARP on eth0 for 10.9.0.100').length, 5, 'garp_master_repeat 5');
  const bursts = w.segment.neighbourBursts.filter((x) => x.vip === '10.9.0.100');
  // keepalived goes round the addresses repeat times, one GARP each time
  t.same(bursts.map((x) => x.count), [1, 1, 1, 1, 1], 'one burst of 5 so far');
  await w.runTo(3.5 * S + 5 * S + 10 * MS);
  t.equal(w.segment.neighbourBursts.length, 10, 'the second burst after garp_master_delay');
  t.same(a.scripts.at(-1)?.argv, ['/bin/true', 'extra', 'INSTANCE', 'VI_1', 'MASTER', '150']);
  t.equal(b.daemon.instance('VI_1')?.inst.masterSource, '10.9.0.1', 'B follows A');
});

t.test('crash of the master: the backup takes over after its master-down interval', async (t) => {
  const w = new FakeWorld();
  t.teardown(() => w.close());
  const a = w.node('A', '10.9.0.1');
  const b = w.node('B', '10.9.0.2');
  await a.daemon.start(config(instanceBlock({ priority: 150 })));
  await b.daemon.start(config(instanceBlock({ priority: 100 })));
  await w.runTo(6 * S);
  t.equal(a.state(), 'MASTER');
  // A crash: nothing more from A (its port leaves the segment).
  const crashAt = w.now;
  a.daemon.close();
  // What B had sent when each line was written: a backup sends nothing, and the takeover's advert goes out before
  // the log lines that precede it (their write would delay it).
  const sentByB = (): number => w.segment.sent.filter((f) => f.from.name === 'B/eth0').length;
  const sentAtLine = new Map<string, number>();
  const write = b.sink.write.bind(b.sink);
  b.sink.write = (severity, message, at) => {
    sentAtLine.set(message, sentByB());
    write(severity, message, at);
  };
  await w.runTo(12 * S);
  t.equal(b.state(), 'MASTER');
  t.equal(sentAtLine.get('(VI_1) Receive advertisement timeout'), 1, 'the takeover advert left before the first log line');
  t.equal(sentAtLine.get('(VI_1) Entering MASTER STATE'), 1, 'and before "Entering MASTER STATE"');
  const took = b.daemon.transitions.find((x) => x.to === 'MASTER')?.at ?? 0;
  const bound = 3 * S + Math.floor((156 * S) / 256);
  t.ok(took - crashAt <= bound && took - crashAt > bound - 1 * S, `takeover ${(took - crashAt) / 1000} ms after the crash (bound ${bound / 1000} ms)`);
  t.same(b.vips(), ['10.9.0.100/24']);
});

t.test('SIGTERM of the master: one priority-0 advert, VIPs removed, STOP notified; the backup takes over after skew', async (t) => {
  const w = new FakeWorld();
  t.teardown(() => w.close());
  const a = w.node('A', '10.9.0.1');
  const b = w.node('B', '10.9.0.2');
  await a.daemon.start(config(instanceBlock({ priority: 150, extra: `${NOTIFY}\n  notify_stop "/bin/echo stopped"` })));
  await b.daemon.start(config(instanceBlock({ priority: 100 })));
  await w.runTo(6 * S);
  t.equal(a.state(), 'MASTER');
  const sentBefore = w.segment.sent.length;
  const stopAt = w.now;
  await a.daemon.shutdown();
  const fromA = w.segment.sent.slice(sentBefore).filter((f) => f.plain?.vrid === 51 && f.from.name === 'A/eth0');
  t.same(fromA.map((f) => f.plain?.priority), [0], 'exactly one advert, at priority 0');
  t.same(a.vips(), [], 'VIPs removed');
  t.ok(a.lines.includes('(VI_1) sent 0 priority'));
  t.same(a.scripts.slice(-2).map((s) => s.argv), [
    ['/bin/echo', 'stopped'],
    ['/bin/true', 'extra', 'INSTANCE', 'VI_1', 'STOP', '150'],
  ], 'notify_stop, then notify with STOP');
  await w.runTo(stopAt + 2 * S);
  const took = b.daemon.transitions.find((x) => x.to === 'MASTER')?.at ?? 0;
  const skew = Math.floor((156 * S) / 256);
  t.ok(took - stopAt >= skew && took - stopAt < skew + 5 * MS, `B took over ${(took - stopAt) / 1000} ms after the priority 0 (skew ${skew / 1000} ms)`);
  t.same(b.vips(), ['10.9.0.100/24']);
});

t.test('-V: shutdown leaves the VIPs and sends no priority 0', async (t) => {
  const w = new FakeWorld();
  t.teardown(() => w.close());
  const a = w.node('A', '10.9.0.1', { dontReleaseVrrp: true });
  await a.daemon.start(config(instanceBlock({ priority: 150 })));
  await w.runTo(5 * S);
  t.equal(a.state(), 'MASTER');
  const before = w.segment.sent.length;
  await a.daemon.shutdown();
  t.equal(w.segment.sent.length, before, 'nothing sent');
  t.same(a.vips(), ['10.9.0.100/24'], 'VIP left in place');
});

t.test('preemption: a higher priority that comes back takes over within one master-down interval', async (t) => {
  const w = new FakeWorld();
  t.teardown(() => w.close());
  const b = w.node('B', '10.9.0.2');
  await b.daemon.start(config(instanceBlock({ priority: 100 })));
  await w.runTo(5 * S);
  t.equal(b.state(), 'MASTER');
  const a = w.node('A', '10.9.0.1');
  const startAt = w.now;
  await a.daemon.start(config(instanceBlock({ priority: 150 })));
  await w.runTo(startAt + 5 * S);
  t.equal(a.state(), 'MASTER');
  t.equal(b.state(), 'BACKUP');
  t.ok(a.lines.some((l) => l === '(VI_1) received lower priority (100) advert from 10.9.0.2 - discarding'));
  t.ok(b.lines.includes('(VI_1) Master received advert from 10.9.0.1 with higher priority 150, ours 100'));
  t.same(a.vips(), ['10.9.0.100/24']);
  t.same(b.vips(), []);
});

t.test('nopreempt: the returning higher priority stays BACKUP', async (t) => {
  const w = new FakeWorld();
  t.teardown(() => w.close());
  const b = w.node('B', '10.9.0.2');
  await b.daemon.start(config(instanceBlock({ priority: 100, extra: 'nopreempt' })));
  await w.runTo(5 * S);
  const a = w.node('A', '10.9.0.1');
  await a.daemon.start(config(instanceBlock({ priority: 150, extra: 'nopreempt' })));
  await w.runTo(15 * S);
  t.equal(a.state(), 'BACKUP');
  t.equal(b.state(), 'MASTER');
});

t.test('equal priority: the higher address wins', async (t) => {
  const w = new FakeWorld();
  t.teardown(() => w.close());
  const a = w.node('A', '10.9.0.1');
  const b = w.node('B', '10.9.0.2');
  await a.daemon.start(config(instanceBlock({ priority: 100, state: 'MASTER' })));
  await b.daemon.start(config(instanceBlock({ priority: 100, state: 'MASTER' })));
  await w.runTo(10 * S);
  t.equal(b.state(), 'MASTER');
  t.equal(a.state(), 'BACKUP');
});
