// track_file values (strtol base 0, keepalived's range check, weight arithmetic) and vrrp_track_process matching
// and quorum with fork/terminate delays (virtual time).
import t from 'tap';
import type { VrrpTrackProcess } from '../../src/config/model/trackers';
import { fileStatus, readTrackFile, strtol } from '../../src/vrrp/trackers/file-value';
import { maxProcessNameLength, processMatcher } from '../../src/vrrp/trackers/process-match';
import { ProcessQuorum } from '../../src/vrrp/trackers/process-quorum';
import { parseStat } from '../../src/vrrp/trackers/process-scanner';

t.test('strtol(…, 0) as C does it', async (t) => {
  const v = (s: string): string => String(strtol(s).value);
  t.equal(v('12\n'), '12');
  t.equal(v('  -7 apples'), '-7');
  t.equal(v('0x1f'), '31');
  t.equal(v('010'), '8', 'leading 0: octal');
  t.equal(v('09'), '0', 'octal stops at 9');
  t.equal(v('0x'), '0', '0x without digits is 0');
  t.equal(v('abc'), '0');
  t.equal(v('+5'), '5');
  t.same(strtol('99999999999999999999'), { value: 9223372036854775807n, range: true });
});

t.test('file contents → value', async (t) => {
  t.same(readTrackFile(undefined, '/x'), { ok: true, value: 0 }, 'missing file: 0');
  t.same(readTrackFile(Buffer.from(''), '/x'), { ok: true, value: 0 }, 'empty file: 0');
  t.same(readTrackFile(Buffer.from('5\n'), '/x'), { ok: true, value: 5 });
  t.same(readTrackFile(Buffer.from('2147483648'), '/x'), { ok: true, value: 2147483648 }, 'INT32_MAX+1 is accepted');
  t.same(readTrackFile(Buffer.from('2147483649'), '/f'), { ok: false, line: 'Invalid number 2147483649 read from /f - ignoring' });
  t.same(readTrackFile(Buffer.from('-2147483649'), '/f'), { ok: false, line: 'Invalid number -2147483649 read from /f - ignoring' });
});

t.test('file status: weight, reverse, weight 0, clamps', async (t) => {
  t.equal(fileStatus(3, 10, false), 30);
  t.equal(fileStatus(3, 10, true), -30);
  t.equal(fileStatus(-3, 10, false), -30);
  t.equal(fileStatus(100, 10, false), 253, 'at most 253');
  t.equal(fileStatus(-100, 10, false), -254, '≤ −254 is FAULT');
  t.equal(fileStatus(1, 0, false), -254, 'weight 0: non-zero faults');
  t.equal(fileStatus(0, 0, false), 0);
  t.equal(fileStatus(0, 0, true), -254, 'weight 0 reverse: zero faults');
  t.equal(fileStatus(7, 0, true), 0);
});

const proc = (o: Partial<VrrpTrackProcess>): VrrpTrackProcess => ({
  name: 'p', process: 'sleep', processParams: [], paramMatch: 'none', fullCommand: false, weight: 0, weightReverse: false,
  quorum: 1, quorumMax: 4294967295, terminateDelayUs: 0, forkDelayUs: 0, ...o,
});
const cmd = (...words: string[]): Buffer => Buffer.from(words.map((w) => `${w}\0`).join(''));

t.test('process matching: comm, full command, parameters', async (t) => {
  const byComm = processMatcher(proc({}));
  t.ok(byComm.matches('sleep', undefined));
  t.notOk(byComm.matches('sleeper', undefined));
  const full = processMatcher(proc({ process: '/bin/sleep', fullCommand: true }));
  t.ok(full.matches(undefined, cmd('/bin/sleep', '100')), 'argv[0] only');
  t.notOk(full.matches(undefined, cmd('sleep', '100')));
  const exact = processMatcher(proc({ processParams: ['100'], paramMatch: 'exact', fullCommand: true }));
  t.ok(exact.matches(undefined, cmd('sleep', '100')));
  t.notOk(exact.matches(undefined, cmd('sleep', '1000')));
  t.notOk(exact.matches(undefined, cmd('sleep', '100', 'x')));
  const partial = processMatcher(proc({ processParams: ['100'], paramMatch: 'partial', fullCommand: true }));
  t.ok(partial.matches(undefined, cmd('sleep', '100', 'x')));
  t.notOk(partial.matches(undefined, cmd('sleep', '1000')));
  const initial = processMatcher(proc({ processParams: ['100'], paramMatch: 'initial', fullCommand: true }));
  t.ok(initial.matches(undefined, cmd('sleep', '1000')), 'the last word may be a prefix');
  t.notOk(initial.matches(undefined, cmd('sleep', '200')));
  const noParams = processMatcher(proc({ paramMatch: 'exact', fullCommand: true }));
  t.ok(noParams.matches(undefined, cmd('sleep')));
  t.notOk(noParams.matches(undefined, cmd('sleep', '1')));
  t.equal(maxProcessNameLength([proc({ processParams: ['100'] }), proc({ process: 'x' })]), 10);
});

t.test('/proc/PID/stat parsing', async (t) => {
  t.same(parseStat('123 (my (odd) name) S 45 123 123 0'), { comm: 'my (odd) name', state: 'S', ppid: 45 });
  t.same(parseStat('9 (sleep) Z 1 9'), { comm: 'sleep', state: 'Z', ppid: 1 });
  t.equal(parseStat('garbage'), undefined);
});

const S = 1_000_000;

t.test('quorum: immediate without delays, quorum_max', async (t) => {
  const q = new ProcessQuorum({ name: 'p', quorum: 2, quorumMax: 3, forkDelayUs: 0, terminateDelayUs: 0 }, 0);
  t.equal(q.haveQuorum, false);
  t.same(q.counted(0, 1, false), {});
  t.same(q.counted(0, 2, false), { line: 'Quorum gained for tracked process p', changed: true });
  t.same(q.counted(0, 3, false), {});
  t.same(q.counted(0, 4, false), { line: 'Quorum lost for tracked process p', changed: false });
  t.same(q.counted(0, 1, false), {});
  t.same(q.counted(0, 2, false).changed, true);
});

t.test('quorum: terminate_delay holds a loss; a return cancels it', async (t) => {
  const q = new ProcessQuorum({ name: 'p', quorum: 1, quorumMax: 10, forkDelayUs: 0, terminateDelayUs: 2 * S }, 1);
  t.same(q.counted(0, 0, false), {});
  t.equal(q.nextDeadline(), 2 * S);
  t.same(q.timerFired(S), {}, 'not due yet');
  t.same(q.counted(S, 1, false), {}, 'back before the delay: nothing happened');
  t.equal(q.nextDeadline(), null);
  q.counted(3 * S, 0, false);
  t.same(q.timerFired(5 * S), { line: 'Quorum lost for tracked process p', changed: false });
});

t.test('quorum: fork_delay only for forks; exec is immediate', async (t) => {
  const q = new ProcessQuorum({ name: 'p', quorum: 2, quorumMax: 10, forkDelayUs: S, terminateDelayUs: 0 }, 1);
  t.same(q.counted(0, 2, true), {}, 'a fork waits');
  t.same(q.timerFired(S), { line: 'Quorum gained for tracked process p', changed: true });
  const e = new ProcessQuorum({ name: 'p', quorum: 2, quorumMax: 10, forkDelayUs: S, terminateDelayUs: 0 }, 1);
  t.same(e.counted(0, 2, false).changed, true, 'an exec counts at once');
  const c = new ProcessQuorum({ name: 'p', quorum: 2, quorumMax: 10, forkDelayUs: S, terminateDelayUs: 5 * S }, 1);
  c.counted(0, 2, true);
  t.same(c.counted(100, 1, false), {}, 'a fall during the fork delay cancels it; no change');
  t.equal(c.nextDeadline(), null);
});
