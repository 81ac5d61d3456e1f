// vrrp_script results as keepalived 2.2.7 counts them (vrrp_scheduler.c vrrp_script_child_thread): rise/fall,
// the first-run rule, init_fail, log lines, and the carry-over on reload (vrrp.c clear_diff_script).
import t from 'tap';
import { classifyResult, ScriptState, type ScriptOutcome } from '../../src/vrrp/trackers/script-state';

const ok: ScriptOutcome = { kind: 'exited', status: 0 };
const fail = (status = 1): ScriptOutcome => ({ kind: 'exited', status });

t.test('first run: one success is enough, one failure fails (rise 2, fall 2)', async (t) => {
  const a = new ScriptState({ name: 'chk', rise: 2, fall: 2, initFail: false });
  t.equal(a.value, undefined, 'not reported before the first run');
  t.same(a.exited(ok), { lines: ['VRRP_Script(chk) succeeded'], changed: true });
  t.equal(a.value, true);
  const b = new ScriptState({ name: 'chk', rise: 2, fall: 2, initFail: false });
  t.same(b.exited(fail(3)), { lines: ['Script `chk` now returning 3', 'VRRP_Script(chk) failed (exited with status 3)'], changed: false });
  t.equal(b.value, false);
});

t.test('fall consecutive failures to fail, rise consecutive successes to recover', async (t) => {
  const s = new ScriptState({ name: 'chk', rise: 2, fall: 3, initFail: false });
  s.exited(ok);
  t.same(s.exited(fail()), { lines: ['Script `chk` now returning 1'] }, 'first failure: counted only');
  t.same(s.exited(fail()), { lines: [] });
  t.same(s.exited(fail()), { lines: ['VRRP_Script(chk) failed (exited with status 1)'], changed: false });
  t.same(s.exited(fail()), { lines: [] }, 'already failed: nothing more');
  t.same(s.exited(ok), { lines: ['Script `chk` now returning 0'] }, 'one success of two');
  t.same(s.exited(fail()), { lines: ['Script `chk` now returning 1'] }, 'a failure restarts the climb');
  s.exited(ok);
  t.same(s.exited(ok), { lines: ['VRRP_Script(chk) succeeded'], changed: true });
  t.same(s.exited(ok), { lines: [] });
});

t.test('a success in the middle of a fall resets it', async (t) => {
  const s = new ScriptState({ name: 'c', rise: 1, fall: 2, initFail: false });
  s.exited(ok);
  s.exited(fail());
  s.exited(ok);
  t.same(s.exited(fail()), { lines: ['Script `c` now returning 1'] }, 'counted from the top again');
  t.same(s.exited(fail()).changed, false);
});

t.test('init_fail: failed from the start; a first failure logs nothing', async (t) => {
  const s = new ScriptState({ name: 'c', rise: 1, fall: 1, initFail: true });
  t.equal(s.value, false);
  t.same(s.exited(fail()), { lines: ['Script `c` now returning 1'] });
  t.same(s.exited(ok), { lines: ['Script `c` now returning 0', 'VRRP_Script(c) succeeded'], changed: true });
});

t.test('signals and timeouts', async (t) => {
  const base = { code: null, durationMs: 5 };
  t.same(classifyResult({ ...base, signal: 'SIGTERM', timedOut: true }), { kind: 'timed-out' });
  t.same(classifyResult({ ...base, signal: 'SIGKILL', timedOut: true }), { kind: 'timed-out' });
  t.same(classifyResult({ ...base, signal: 'SIGSEGV', timedOut: false }), { kind: 'signalled', signal: 11 });
  t.same(classifyResult({ code: 2, signal: null, timedOut: true, durationMs: 1 }), { kind: 'exited', status: 2 },
    'a script that exits on our SIGTERM reports its own status');
  const s = new ScriptState({ name: 'hang', rise: 1, fall: 1, initFail: false });
  t.same(s.exited({ kind: 'timed-out' }), { lines: ['VRRP_Script(hang) timed_out'], changed: false },
    'no "now returning" line: only exits have a status');
  const k = new ScriptState({ name: 'k', rise: 1, fall: 1, initFail: false });
  t.same(k.exited({ kind: 'signalled', signal: 9 }).lines, ['VRRP_Script(k) failed (due to signal 9)']);
});

t.test('reload carries the counter into the new rise/fall (matched by name)', async (t) => {
  const old = new ScriptState({ name: 'c', rise: 2, fall: 2, initFail: false });
  old.exited(ok); // OK, at the top (3)
  const a = ScriptState.carriedOver(old, { name: 'c', rise: 3, fall: 3, initFail: true });
  t.equal(a.line, 'VRRP_Script(c) considered successful on reload');
  t.equal(a.state.result, 5, 'top of the new range');
  t.equal(a.state.value, true, 'init_fail of the new config is ignored for a kept script');
  old.exited(fail());
  old.exited(fail()); // failed
  const b = ScriptState.carriedOver(old, { name: 'c', rise: 2, fall: 2, initFail: false });
  t.equal(b.line, 'VRRP_Script(c) considered unsuccessful on reload');
  t.equal(b.state.value, false);
  const fresh = new ScriptState({ name: 'n', rise: 2, fall: 2, initFail: false });
  const c = ScriptState.carriedOver(fresh, { name: 'n', rise: 4, fall: 1, initFail: false });
  t.equal(c.line, undefined, 'a script that never ran keeps its first state');
  t.equal(c.state.value, undefined);
  t.equal(c.state.result, 3);
});
