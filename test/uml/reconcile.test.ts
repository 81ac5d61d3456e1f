// The reconciler against the real kernel inside user-mode Linux: from arbitrary start states (empty, converged,
// every setting changed, stale services we owned, seeded random mixes) it converges to exactly the table that
// programming the desired state into an empty kernel gives, with a foreign service (added by ipvsadm) left as it
// was; a second plan is empty (idempotent) and a converged table takes no operation.
import t from 'tap';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config/load';
import { desiredTable } from '../../src/ipvs/desired-table';
import { startStates } from './ipvs-states';
import { runInUml, umlUnavailable } from './uml-vm';
import type { ReconcileInput, ReconcileOutput } from './guest/reconcile-states';

t.test('the reconciler converges from arbitrary kernel states and leaves foreign services alone', { skip: umlUnavailable() }, async (t) => {
  const desired = [...desiredTable(loadConfig(join(__dirname, 'fixtures', 'kinds.conf'), { configId: 'uml' }).config),
    ...desiredTable(loadConfig(join(__dirname, 'fixtures', 'groups.conf'), { configId: 'uml' }).config)];
  const foreign = [
    ['-A', '-t', '10.99.0.1:80', '-s', 'rr'], ['-a', '-t', '10.99.0.1:80', '-r', '10.20.1.1:80', '-g', '-w', '7'],
    ['-A', '-f', '99', '-s', 'wlc'], ['-a', '-f', '99', '-r', '10.20.1.2:0', '-g', '-w', '1'],
  ];
  const states = startStates(desired, 3);
  const input: ReconcileInput = { desired, states, foreign };
  const { result: r } = await runInUml<ReconcileOutput>({ guest: resolve(__dirname, 'guest', 'reconcile-states.ts'), input, timeoutMs: 170_000 });
  t.ok(r.reference.length > 40, `desired table: ${r.reference.length} ipvsadm rules`);
  t.equal(r.foreignOnly.length, 4, 'the foreign services');
  t.ok(r.foreignOnly.every((l) => r.reference.includes(l)), 'the reference keeps the foreign services');
  t.equal(r.results.length, states.length);
  for (const s of r.results) {
    t.test(s.name, async (t) => {
      t.same(s.failed, [], 'no operation failed');
      t.same(s.listing, r.reference, `converged (${s.opCount} operations)`);
      t.equal(s.secondPlan, 0, 'a second plan is empty');
      if (s.name === 'converged') t.equal(s.opCount, 0, 'nothing to do when already converged');
      if (s.name !== 'converged') t.ok(s.opCount > 0, 'it had work to do');
    });
  }
});
