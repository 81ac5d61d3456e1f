// The TrackerSet event source with the in-memory script runner and real files: scripts run at once and then every
// interval, results reach subscribers after rise/fall, a reload keeps a script's result and an unchanged file's
// watcher, a removed tracker stops, and stop() ends everything (no more runs, running scripts killed).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { KeepalivedConfig } from '../../src/config/model/keepalived-config';
import { emptyConfig } from '../../src/config/model/keepalived-config';
import type { VrrpInstance } from '../../src/config/model/vrrp';
import { Logger } from '../../src/core/logging';
import { FakeScriptRunner } from '../../src/core/process';
import { TrackerSet, type TrackerUpdate } from '../../src/vrrp/trackers';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await sleep(5);
  }
  return cond();
}

function config(opts: { fall?: number; file?: string; script?: boolean }): KeepalivedConfig {
  const c = emptyConfig();
  const ref = { args: ['/bin/check'], user: undefined, group: undefined, setSupplementaryGroups: false, uid: undefined, gid: undefined, resolvedPath: undefined, runnable: true };
  if (opts.script !== false) {
    c.vrrpScripts.push({ name: 'chk', script: ref, intervalUs: 30_000, timeoutUs: 30_000, configuredTimeoutUs: 0, weight: -10, weightReverse: false, rise: 1, fall: opts.fall ?? 1, initFail: false });
  }
  if (opts.file) c.trackFiles.push({ name: 'tf', file: opts.file, weight: 1, weightReverse: false, initFile: undefined });
  c.vrrpScripts.push({ name: 'unused', script: ref, intervalUs: 30_000, timeoutUs: 30_000, configuredTimeoutUs: 0, weight: 0, weightReverse: false, rise: 1, fall: 1, initFail: false });
  const vi = { trackScript: [{ name: 'chk', weight: -10, weightReverse: false }], trackFile: opts.file ? [{ name: 'tf', weight: 1, weightReverse: false }] : [], trackProcess: [] } as unknown as VrrpInstance;
  c.vrrpInstances.push(vi);
  return c;
}

t.test('scripts, files, reload and stop', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-trackerset-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'value');
  writeFileSync(file, '3\n');
  let code = 0;
  const runner = new FakeScriptRunner((run) => setTimeout(() => run.exit(code), 1));
  const lines: string[] = [];
  const set = new TrackerSet(runner, new Logger({ sinks: [{ write: (_s, m) => lines.push(m) }] }));
  const seen: TrackerUpdate[] = [];
  set.onChange((u) => seen.push(u));
  await set.start(config({ fall: 2, file }));
  t.equal(set.value('file', 'tf'), 3, 'the file was read before start() resolved');
  await sleep(50);
  t.equal(set.value('script', 'chk'), undefined, 'scripts wait for runScripts()');
  t.equal(runner.runs.length, 0);
  set.runScripts();
  t.ok(await until(() => set.value('script', 'chk') === true), 'first run: OK');
  t.same(seen, [{ kind: 'script', name: 'chk', value: true }]);
  t.notOk(runner.argvs().length > 0 && runner.runs.some((r) => r.spec.args[0] !== '/bin/check'), 'only tracked scripts run');

  code = 1;
  t.ok(await until(() => set.value('script', 'chk') === false), 'failed after fall 2');
  t.ok(lines.includes('VRRP_Script(chk) failed (exited with status 1)'));
  t.equal(runner.runs[0].options.timeoutMs, 30, 'timeout passed to the runner');

  writeFileSync(file, '-4\n');
  t.ok(await until(() => seen.some((u) => u.kind === 'file' && u.value === -4)), 'file change seen');
  t.same(seen.at(-1), { kind: 'file', name: 'tf', value: -4, previous: 3 });

  const before = seen.length;
  await set.reload(config({ fall: 3, file }));
  set.runScripts();
  t.ok(lines.includes('VRRP_Script(chk) considered unsuccessful on reload'));
  t.equal(set.value('script', 'chk'), false, 'kept');
  t.equal(set.value('file', 'tf'), -4, 'kept');
  await sleep(100);
  t.equal(seen.length, before, 'no change reported by the reload');

  await set.reload(config({ script: false }));
  t.notOk(set.has('script', 'chk'), 'removed script');
  t.notOk(set.has('file', 'tf'), 'removed file');
  const runs = runner.runs.length;
  await sleep(100);
  t.equal(runner.runs.length, runs, 'a removed script no longer runs');

  await set.start(config({}));
  set.runScripts();
  set.stop();
  const after = runner.runs.length;
  await sleep(100);
  t.ok(runner.runs.length <= after + 1, 'stop(): no more runs');
});
