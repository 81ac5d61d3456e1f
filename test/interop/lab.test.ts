// The README's main job: the namespace lab must really show a failover between keepalived 2.2.7 and the
// keepalived-ts packet core, and a failback, and leave nothing behind.
import { execFileSync } from 'node:child_process';
import t from 'tap';
import { runLab } from '../../src/lab/main';

t.test('lab: failover to the wasm speaker and back to keepalived', async (t) => {
  const before = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  const r = await runLab((line) => t.comment(line));
  for (const s of r.steps) t.ok(s.ok, `${s.name}${s.detail ? ` (${s.detail})` : ''}`);
  t.ok(r.keepalivedLog.some((l) => /\(VI_LAB\) Entering MASTER STATE/.test(l)), 'keepalived became MASTER');
  t.ok(r.keepalivedLog.some((l) => /\(VI_LAB\) Master received advert from 10\.211\.0\.2 with higher priority 150, ours 100/.test(l)),
    'keepalived accepted the wasm-built advert as a higher-priority master');
  t.ok(r.keepalivedLog.some((l) => /\(VI_LAB\) Entering BACKUP STATE/.test(l)), 'keepalived went BACKUP');
  t.notOk(r.keepalivedLog.some((l) => /invalid|bad|mismatch/i.test(l) && l.includes('VI_LAB')),
    'keepalived reported nothing wrong with our packets');
  const rx = r.speakerEvents.filter((e) => e.event === 'rx');
  t.ok(rx.length > 0 && rx.every((e) => e.reason === 'Ok' && e.priority === 100 && e.ttl === 255),
    'every keepalived advert decoded Ok in wasm');
  t.equal(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }), before, 'no namespace left behind');
});
