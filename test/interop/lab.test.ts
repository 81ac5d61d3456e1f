// The README's main job: `npm run lab` must really show a failover between two keepalived-ts routers (a crash of
// the master, the takeover measured on the wire, the client following the VIP) and leave nothing behind. The same
// lab with keepalived 2.2.7 on both routers checks the lab itself.
import { execFileSync } from 'node:child_process';
import t, { type Test } from 'tap';
import { runLab } from '../../src/lab/main';
import type { Implementation } from '../../src/lab/vrrp-daemon';
import { legTodo } from '../helpers/vrrp-cluster';

/** This process's lab namespaces (other test files may be creating their own meanwhile). */
const netnsList = (): string[] => execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').filter((l) => l.startsWith(`kts${process.pid}x`));

async function labRun(t: Test, impls: [Implementation, Implementation]): Promise<void> {
  const before = netnsList();
  const r = await runLab({ impls }, (line) => t.comment(line));
  for (const s of r.steps) t.ok(s.ok, `${s.name}${s.detail ? ` (${s.detail})` : ''}`);
  t.ok(r.ok, 'lab passed');
  t.ok(r.logs.r1.some((l) => /\(VI_1\) Entering MASTER STATE/.test(l)), 'r1 logged MASTER');
  t.ok(r.logs.r2.some((l) => /\(VI_1\) Entering BACKUP STATE/.test(l)), 'r2 logged BACKUP');
  t.ok(r.logs.r2.some((l) => /\(VI_1\) Entering MASTER STATE/.test(l)), 'r2 logged MASTER after the crash');
  const tk = r.takeover;
  if (t.ok(tk, 'takeover measured') && tk) {
    t.ok(tk.gapMs >= 0.95 * tk.boundMs && tk.gapMs <= 1.25 * tk.boundMs + 25, `takeover ${tk.gapMs.toFixed(1)} ms against the bound ${tk.boundMs.toFixed(1)} ms`);
  }
  t.same(netnsList(), before, 'no namespace left behind');
}

t.test('lab: two keepalived-ts routers (the default)', async (t) => {
  const todo = await legTodo(['keepalived-ts']);
  if (todo) return void t.test('keepalived-ts on both routers', { todo }, async () => undefined);
  await labRun(t, ['keepalived-ts', 'keepalived-ts']);
});

t.test('lab --keepalived: keepalived 2.2.7 on both routers', (t) => labRun(t, ['keepalived', 'keepalived']));
