// The installed keepalived 2.2.7 and our loader judge the same tracker, BFD, interface-group and script-security
// configurations (config-trackers-cases.ts) and must give the same `-t` exit code, including where keepalived
// dies of a signal (128 + N).
import t from 'tap';
import { oracleUnavailable } from '../helpers/config-oracle';
import { verdicts } from './config-global-harness';
import { TRACKER_CASES } from './config-trackers-cases';

t.test('keepalived -t and loadConfig agree on trackers, BFD, interface groups and scripts', { skip: oracleUnavailable() ?? false }, async (t) => {
  const { oracle, pairs } = await verdicts(TRACKER_CASES, 'trackers');
  t.teardown(() => oracle.cleanup());
  t.ok(pairs.length >= 130, `${pairs.length} configurations`);
  for (const p of pairs) {
    if (p.keepalived === null) t.ok([0, 5, 6].includes(p.ours.code as number), `${p.name}: keepalived -t killed itself; ours gives a verdict`);
    else t.equal(p.ours.code, p.keepalived, p.name, { keepalived: p.keepalivedStderr, ours: p.ours.diags });
  }
});
