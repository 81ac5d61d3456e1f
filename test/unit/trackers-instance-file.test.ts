// The state machine's side of keepalived's track_file rule (track_file.c process_update_vrrp_track_file_status):
// a weighted file that faults the instance leaves the effective priority as it was, and one that leaves FAULT sets
// it without "Changing effective priority" (with -D: "Setting effective priority to N").
import t from 'tap';
import { Harness, logs, S } from './vrrp-instance-harness';

t.test('a weighted track_file into and out of FAULT', async (t) => {
  const h = new Harness({ trackers: [{ id: 'tf', kind: 'file', weight: 10, reverse: false }] });
  h.start(0);
  t.same(logs(h.tracker('tf', 2, 1 * S)), ['(VI_1) Changing effective priority from 100 to 120']);
  const down = h.tracker('tf', -30, 2 * S);
  t.same(logs(down, false), ['(VI_1) Entering FAULT STATE'], 'no priority line entering FAULT');
  t.equal(h.inst.effectivePriority, 120, 'the effective priority stays');
  const up = h.tracker('tf', 1, 3 * S);
  t.same(logs(up), ['(VI_1) Setting effective priority to 110', '(VI_1) Entering BACKUP STATE'], 'set quietly, then up');
  t.equal(h.inst.effectivePriority, 110);
  t.same(logs(h.tracker('tf', 0, 4 * S)), ['(VI_1) Changing effective priority from 110 to 100'], 'ordinary changes log');
});

t.test('weight 0 and non-file trackers keep the ordinary rule', async (t) => {
  const h = new Harness({ trackers: [{ id: 'chk', kind: 'script', weight: -20, reverse: false }] });
  h.start(0);
  t.same(logs(h.tracker('chk', false, S)), ['(VI_1) Changing effective priority from 100 to 80']);
});
