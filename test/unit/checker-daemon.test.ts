// CheckerDaemon's wiring with an in-memory IPVS and checkers the test drives by hand (the behaviour against
// keepalived is in test/uml/checker-process.test.ts): results reach IPVS,
// a reload replaces an unchanged checker by one that takes over its state (no IPVS change), drops a removed
// server and starts a fresh checker for a new one, and the stop removes our services and nothing else.
import t from 'tap';
import { CheckerDaemon } from '../../src/check/daemon/checker-daemon';
import type { CheckerDeps, CheckerSpec, HealthChecker, ResultListener } from '../../src/check/checkers';
import { loadConfig } from '../../src/config/load';
import { FakeScriptRunner } from '../../src/core/process';
import { FakeIpvs } from '../../src/ipvs/fake-ipvs';

interface Driven extends Omit<HealthChecker, 'up'> {
  up: boolean;
  spec: CheckerSpec;
  started: number;
  stopped: number;
  report(up: boolean, weight?: number): void;
}

function harness() {
  const made: Driven[] = [];
  const make = (spec: CheckerSpec, _deps: CheckerDeps): HealthChecker => {
    const listeners: ResultListener[] = [];
    const c: Driven = {
      spec, started: 0, stopped: 0, up: true,
      labels: { rs: spec.rs.address, vs: String(spec.vs.address) },
      start: () => void c.started++,
      stop: () => void c.stopped++,
      setEnabled: () => undefined,
      onResult: (cb) => void listeners.push(cb),
      snapshot: () => ({ isUp: c.up, hasRun: true, retryIt: 0 }),
      report: (up, weight) => {
        c.up = up;
        for (const l of listeners) l(up, weight);
      },
    };
    made.push(c);
    return c;
  };
  const ipvs = new FakeIpvs();
  const lines: string[] = [];
  const fifo: string[] = [];
  const daemon = new CheckerDaemon({ ipvs, log: (l) => lines.push(l), scripts: new FakeScriptRunner(), makeChecker: make, fifo: (l) => fifo.push(l) });
  const table = async (): Promise<string[]> =>
    (await ipvs.readTable()).flatMap((s) => [`${s.service.address}:${s.service.port}`, ...s.dests.map((d) => `  ${d.address}:${d.port} w${d.weight}`).sort()]);
  const live = (address: string): Driven => made.filter((c) => c.spec.rs.address === address && c.stopped === 0).at(-1) as Driven;
  return { made, ipvs, lines, fifo, daemon, table, live };
}

const rs = (a: string): string => ` real_server ${a} 8080 {\n  weight 1\n  TCP_CHECK {\n   connect_timeout 1\n  }\n }\n`;
const conf = (servers: string[]): string => `virtual_server 10.0.0.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n${servers.map(rs).join('')}}\n`;
const load = (text: string) => loadConfig('k.conf', { text, configId: 'x' }).config;

t.test('results reach IPVS; a reload carries unchanged checkers\' state over', async (t) => {
  const h = harness();
  await h.daemon.start(load(conf(['10.1.0.1', '10.1.0.2'])));
  t.same(await h.table(), ['10.0.0.1:80', '  10.1.0.1:8080 w1', '  10.1.0.2:8080 w1'], 'programmed at start');
  t.same(h.made.map((c) => c.started), [1, 1], 'each checker started once');
  t.ok(h.lines.includes('Activating healthchecker for service [10.1.0.1]:tcp:8080 for VS [10.0.0.1]:tcp:80'));

  h.live('10.1.0.1').report(false);
  h.live('10.1.0.2').report(false);
  h.live('10.1.0.2').report(true);
  await h.daemon.settled();
  t.same(await h.table(), ['10.0.0.1:80', '  10.1.0.2:8080 w1'], 'the failed server left');
  t.ok(h.lines.includes('Removing service [10.1.0.1]:tcp:8080 from VS [10.0.0.1]:tcp:80'));
  t.same(h.fifo, [
    'VS [10.0.0.1]:tcp:80 UP\n', 'RS [10.1.0.1]:tcp:8080 [10.0.0.1]:tcp:80 DOWN\n', 'RS [10.1.0.2]:tcp:8080 [10.0.0.1]:tcp:80 DOWN\n',
    'VS [10.0.0.1]:tcp:80 DOWN\n', 'RS [10.1.0.2]:tcp:8080 [10.0.0.1]:tcp:80 UP\n', 'VS [10.0.0.1]:tcp:80 UP\n',
  ], 'lvs_notify_fifo lines reach the FIFO writer');

  const callsBefore = h.ipvs.calls.filter((c) => !c.startsWith('list') && !c.startsWith('get')).length;
  h.lines.length = 0;
  await h.daemon.reload(load(conf(['10.1.0.1', '10.1.0.2'])));
  await h.daemon.settled();
  t.same(await h.table(), ['10.0.0.1:80', '  10.1.0.2:8080 w1'], 'same table after a reload with the same file');
  t.equal(h.ipvs.calls.filter((c) => !c.startsWith('list') && !c.startsWith('get')).length, callsBefore, 'no IPVS write at all');
  t.equal(h.made.length, 4, 'each checker replaced by a new one, as keepalived does');
  t.same(h.made.map((c) => [c.started, c.stopped]), [[1, 1], [1, 1], [1, 0], [1, 0]], 'the old ones stopped, the new ones started');
  t.same(h.made.slice(2).map((c) => c.spec.migrated?.isUp), [false, true], "the new ones take over the old ones' state");
  t.notOk(h.lines.some((l) => /Gained quorum|Adding service|Removing service/.test(l)), 'no state line at the reload');

  h.live('10.1.0.1').report(true);
  await h.daemon.settled();
  t.same(await h.table(), ['10.0.0.1:80', '  10.1.0.1:8080 w1', '  10.1.0.2:8080 w1'], 'a kept checker still reports');

  const gone = h.live('10.1.0.1');
  await h.daemon.reload(load(conf(['10.1.0.2', '10.1.0.3'])));
  await h.daemon.settled();
  t.same(await h.table(), ['10.0.0.1:80', '  10.1.0.2:8080 w1', '  10.1.0.3:8080 w1'], 'one server out, one in');
  t.ok(h.lines.includes('service [10.1.0.1]:tcp:8080 no longer exist'));
  t.equal(gone.stopped, 1, "the removed server's checker stopped");
  t.same(h.made.slice(4).map((c) => [c.spec.rs.address, c.spec.migrated !== undefined, c.started]), [['10.1.0.2', true, 1], ['10.1.0.3', false, 1]],
    'the kept server has a successor, the new one a fresh checker');
});

t.test('the stop removes our services only', async (t) => {
  const h = harness();
  await h.ipvs.addService({ family: 'inet', fwmark: 0, protocol: 'TCP', address: '10.9.9.9', port: 80, scheduler: 'rr', flags: 0, timeout: 0, netmask: 0xffffffff, peName: '' });
  await h.daemon.start(load(conf(['10.1.0.1'])));
  await h.daemon.shutdown();
  t.same(await h.table(), ['10.9.9.9:80'], 'the foreign service stays');
  t.ok(h.lines.includes('Shutting down service [10.1.0.1]:tcp:8080 from VS [10.0.0.1]:tcp:80'));
  t.equal(h.made[0].stopped, 1, 'checkers stopped');
});

t.test('a reload while the sorry server stands in changes nothing', async (t) => {
  const h = harness();
  const text = `virtual_server 10.0.0.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n quorum 2\n sorry_server 10.1.0.100 8080\n` +
    `${rs('10.1.0.1')}${rs('10.1.0.2').replace('weight 1', 'weight 1\n  inhibit_on_failure')}}\n`;
  await h.daemon.start(load(text));
  h.live('10.1.0.1').report(false);
  await h.daemon.settled();
  const before = await h.table();
  t.same(before, ['10.0.0.1:80', '  10.1.0.100:8080 w1', '  10.1.0.2:8080 w0'], 'quorum lost: the sorry server in, the live inhibited server at 0');
  const writes = (): number => h.ipvs.calls.filter((c) => !c.startsWith('list') && !c.startsWith('get')).length;
  const n = writes();
  h.lines.length = 0;
  await h.daemon.reload(load(text));
  await h.daemon.settled();
  t.same(await h.table(), before, 'same table');
  t.equal(writes(), n, 'no IPVS write');
  t.notOk(h.lines.some((l) => /quorum|sorry|pool|Adding|Removing/.test(l)), `no state line (${h.lines.join(' / ')})`);
  h.live('10.1.0.1').report(true);
  await h.daemon.settled();
  t.same(await h.table(), ['10.0.0.1:80', '  10.1.0.1:8080 w1', '  10.1.0.2:8080 w1'], 'recovery after the reload: quorum regained');
  t.ok(h.lines.includes('Gained quorum 2+0=2 <= 2 for VS [10.0.0.1]:tcp:80'));
});
