// Priority arithmetic with trackers, as keepalived 2.2.7 does it (vrrp_track.c).
//
// Each tracked object either faults the instance (weight 0) or adds to total_priority = base + Σ contributions;
// the effective priority is total clamped to 1..254, and a base of 255 (the address owner, RFC 3768 §5.3.4 /
// RFC 5798 §5.2.4) is never changed. keepalived keeps total_priority as a running sum updated on every
// transition; computing it afresh from the current values gives the same number.
import type { TrackerValue } from './events';
import type { TrackerSetting } from './settings';

/** Base priority of the address owner. */
export const OWNER_PRIORITY = 255;

export interface TrackerEffect {
  /** The object puts the instance in FAULT. */
  readonly fault: boolean;
  /** A weight-0 script that has not reported yet: the instance waits for it before leaving INIT. */
  readonly waiting: boolean;
  /** Contribution to total_priority. */
  readonly weight: number;
}

const NO_EFFECT: TrackerEffect = { fault: false, waiting: false, weight: 0 };
const FAULT: TrackerEffect = { fault: true, waiting: false, weight: 0 };
const WAITING: TrackerEffect = { fault: false, waiting: true, weight: 0 };

/**
 * What one tracked object does to the instance, given its current value (undefined = not reported yet).
 *
 * Up/down objects (script, interface, process, BFD) with weight W and m = reverse ? −1 : 1:
 *   W = 0: FAULT while down (reverse: while up);
 *   W > 0: adds W·m while up;  W < 0: adds W·m while down (so reverse turns "subtract" into "add").
 * track_file with value v: W = 0 ⇒ FAULT while v ≠ 0 (reverse: while v = 0); otherwise v·W·m, FAULT when that
 * is ≤ −254, at most 253 added.
 * A script that has not run yet adds nothing; one with weight 0 holds the instance until it reports.
 */
export function trackerEffect(t: TrackerSetting, value: TrackerValue | undefined): TrackerEffect {
  const m = t.reverse ? -1 : 1;
  if (t.kind === 'file') {
    const v = typeof value === 'number' ? value : value === undefined ? 0 : value ? 1 : 0;
    if (t.weight === 0) return (v !== 0) === (m === 1) ? FAULT : NO_EFFECT;
    const status = v * t.weight * m;
    if (status <= -254) return FAULT;
    return { fault: false, waiting: false, weight: Math.min(status, 253) };
  }
  if (value === undefined) return t.kind === 'script' && t.weight === 0 ? WAITING : NO_EFFECT;
  const up = typeof value === 'number' ? value !== 0 : value;
  if (t.weight === 0) return up !== (m === 1) ? FAULT : NO_EFFECT;
  if (up) return t.weight > 0 ? { fault: false, waiting: false, weight: t.weight * m } : NO_EFFECT;
  return t.weight < 0 ? { fault: false, waiting: false, weight: t.weight * m } : NO_EFFECT;
}

/** keepalived's vrrp_set_effective_priority clamp: owner stays 255, everyone else 1..254. */
export function effectivePriority(base: number, total: number): number {
  if (base === OWNER_PRIORITY) return OWNER_PRIORITY;
  if (total < 1) return 1;
  if (total >= OWNER_PRIORITY) return OWNER_PRIORITY - 1;
  return total;
}

export interface TrackerSummary {
  readonly total: number;
  readonly faults: number;
  readonly waiting: number;
}

/** Sum of every tracker's effect on a base priority. */
export function summarizeTrackers(
  base: number, trackers: readonly TrackerSetting[], values: ReadonlyMap<string, TrackerValue>,
): TrackerSummary {
  let total = base;
  let faults = 0;
  let waiting = 0;
  for (const t of trackers) {
    const e = trackerEffect(t, values.get(t.id));
    total += e.weight;
    if (e.fault) faults++;
    if (e.waiting) waiting++;
  }
  return { total, faults, waiting };
}
