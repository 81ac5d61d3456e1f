// The installed keepalived 2.2.7 and our loader judge the same global_defs / top-level configurations
// (config-global-cases.ts) and must give the same `-t` exit code.
import t from 'tap';
import { oracleUnavailable } from '../helpers/config-oracle';
import { GLOBAL_CASES } from './config-global-cases';
import { verdicts } from './config-global-harness';

t.test('keepalived -t and loadConfig agree on global_defs and top-level configurations', { skip: oracleUnavailable() ?? false }, async (t) => {
  const { oracle, pairs } = await verdicts(GLOBAL_CASES, 'global');
  t.teardown(() => oracle.cleanup());
  t.ok(pairs.length >= 200, `${pairs.length} configurations`);
  for (const p of pairs) {
    if (p.keepalived === null) t.ok([0, 5, 6].includes(p.ours.code as number), `${p.name}: keepalived -t killed itself; ours gives a verdict`);
    else t.equal(p.ours.code, p.keepalived, p.name, { keepalived: p.keepalivedStderr, ours: p.ours.diags });
  }
});
