// The in-memory ScriptRunner that unit tests of notify/track logic use instead of real processes.
import t from 'tap';
import { FakeScriptRunner, type ScriptRunner } from '../../src/core/process';

t.test('records runs; the test decides how they end', async (t) => {
  const fake = new FakeScriptRunner();
  const runner: ScriptRunner = fake;
  const h = runner.run({ args: ['/etc/keepalived/notify.sh', 'INSTANCE', 'VI_1', 'MASTER', '100'] }, { timeoutMs: 1000 });
  t.equal(runner.running, 1);
  t.same(fake.argvs(), [['/etc/keepalived/notify.sh', 'INSTANCE', 'VI_1', 'MASTER', '100']]);
  t.equal(fake.runs[0].options.timeoutMs, 1000);
  t.equal(await h.started, h.pid);
  t.equal(await h.wait(10), undefined, 'not ended yet');
  runner.killAll('SIGTERM');
  t.same(fake.runs[0].signals, ['SIGTERM']);
  fake.runs[0].exit(1);
  t.same(await h.exited, { code: 1, signal: null, timedOut: false, durationMs: 0 });
  t.equal(runner.running, 0);
  fake.runs[0].exit(2);
  t.equal((await h.exited).code, 1, 'the first end wins');
});

t.test('a respond function ends runs as they start; timeOut() is a SIGKILLed timeout', async (t) => {
  const fake = new FakeScriptRunner((run) => {
    if (run.argv[0] === '/bin/true') run.exit(0);
    else run.timeOut();
  });
  t.equal((await fake.run({ args: ['/bin/true'] }).exited).code, 0);
  const r = await fake.run({ args: ['/usr/local/bin/hang'] }).exited;
  t.same([r.code, r.signal, r.timedOut], [null, 'SIGKILL', true]);
});
