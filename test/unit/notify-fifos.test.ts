// NotifyFifos on the real filesystem (a temp folder): the FIFO is created with keepalived's mode under the umask,
// the FIFO script gets the FIFO name appended, lines queue in the pipe until a reader comes, a writer with no
// reader never blocks (a full pipe drops lines), an existing FIFO is reused and kept, and at exit only the FIFOs
// created by us are unlinked, and only when the process's own FIFO is open (keepalived 2.2.7's rule).
import { closeSync, constants, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { NotifyFifos } from '../../src/core/notify-fifo';
import { Logger, MemorySink } from '../../src/core/logging';
import { FakeScriptRunner } from '../../src/core/process';
import type { ScriptRef } from '../../src/config/model/script';

const dir = mkdtempSync(join(tmpdir(), 'kts-fifo-unit-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const uid = process.getuid?.() ?? 0;
const gid = process.getgid?.() ?? 0;
const fifo = (name: string): { name: string; uid: number; gid: number } => ({ name: join(dir, name), uid, gid });
const script = (path: string): ScriptRef => ({
  args: [path, 'x'], user: undefined, group: undefined, setSupplementaryGroups: false, uid, gid, resolvedPath: undefined, runnable: true,
} as unknown as ScriptRef);

function setup(): { fifos: NotifyFifos; sink: MemorySink; runner: FakeScriptRunner } {
  const sink = new MemorySink();
  const runner = new FakeScriptRunner();
  return { fifos: new NotifyFifos(new Logger({ sinks: [sink] }), runner, 'vrrp_'), sink, runner };
}

/** Reads what is queued in a FIFO without blocking. */
function drain(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const buf = Buffer.alloc(1 << 20);
  let out = '';
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) break;
      out += buf.toString('utf8', 0, n);
    }
  } catch {
    // EAGAIN: nothing more
  } finally {
    closeSync(fd);
  }
  return out;
}

t.test('created with mode 0644 under the umask, script gets the FIFO name, lines wait for a reader', async (t) => {
  const { fifos, runner } = setup();
  const old = process.umask(0o177);
  try {
    await fifos.open(undefined, undefined, fifo('own.fifo'), script('/bin/fifo-reader'));
  } finally {
    process.umask(old);
  }
  const st = statSync(join(dir, 'own.fifo'));
  t.ok(st.isFIFO(), 'a FIFO');
  t.equal((st.mode & 0o777).toString(8), '600', '0644 & ~0177');
  t.same(runner.runs.map((r) => r.argv), [['/bin/fifo-reader', 'x', join(dir, 'own.fifo')]]);
  fifos.write('INSTANCE "VI_1" MASTER 100\n');
  fifos.write('GROUP "G1" MASTER 0\n');
  t.equal(drain(join(dir, 'own.fifo')), 'INSTANCE "VI_1" MASTER 100\nGROUP "G1" MASTER 0\n');
  fifos.close();
  t.notOk(existsSync(join(dir, 'own.fifo')), 'our own FIFO is unlinked at exit');
  t.same(runner.runs[0].signals, ['SIGTERM'], 'the FIFO script ends with us');
});

t.test('no reader: writes never block; a full pipe drops lines', async (t) => {
  const { fifos } = setup();
  await fifos.open(undefined, undefined, fifo('full.fifo'), undefined);
  const line = `${'x'.repeat(99)}\n`;
  const start = process.hrtime.bigint();
  for (let i = 0; i < 5000; i++) fifos.write(line);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  t.ok(ms < 5000, `5000 writes returned (${ms.toFixed(0)} ms)`);
  const got = drain(join(dir, 'full.fifo'));
  t.ok(got.length > 0 && got.length < 5000 * line.length, `the pipe kept ${got.length} bytes, the rest was dropped`);
  fifos.close();
});

t.test('an existing FIFO is reused and left in place; notify_fifo alone is never unlinked', async (t) => {
  execFileSync('mkfifo', [join(dir, 'existing.fifo')]);
  const a = setup();
  await a.fifos.open(undefined, undefined, fifo('existing.fifo'), undefined);
  t.ok(a.fifos.active);
  a.fifos.close();
  t.ok(existsSync(join(dir, 'existing.fifo')), 'a FIFO we did not create stays');

  const b = setup();
  await b.fifos.open(fifo('global.fifo'), undefined, undefined, undefined);
  b.fifos.write('INSTANCE "VI_1" BACKUP 100\n');
  t.equal(drain(join(dir, 'global.fifo')), 'INSTANCE "VI_1" BACKUP 100\n');
  b.fifos.close();
  t.ok(existsSync(join(dir, 'global.fifo')), 'notify_fifo stays when there is no vrrp_notify_fifo');

  const c = setup();
  await c.fifos.open(fifo('global2.fifo'), undefined, fifo('own2.fifo'), undefined);
  c.fifos.close();
  t.notOk(existsSync(join(dir, 'global2.fifo')), 'with vrrp_notify_fifo open, both created FIFOs go');
  t.notOk(existsSync(join(dir, 'own2.fifo')));
});

t.test('a FIFO that cannot be created is logged and skipped', async (t) => {
  const { fifos, sink } = setup();
  await fifos.open(undefined, undefined, fifo('no/such/dir.fifo'), undefined);
  t.notOk(fifos.active);
  t.match(sink.entries.map((e) => e.message), [/^Unable to create vrrp_notify fifo .*no\/such\/dir\.fifo$/]);
  fifos.write('ignored\n');
});
