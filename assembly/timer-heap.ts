// A binary min-heap of (deadline, timer id) over static arrays, with an id → heap position index so a timer can be
// re-armed or cancelled in O(log n). Ids are small integers handed out by the facade; deadlines are f64 (the
// daemon uses microseconds, exact in an f64 far beyond any uptime). Equal deadlines pop first-armed first, as
// keepalived's timer tree orders them: re-arming a timer for the deadline it already has keeps its place, any
// other arming puts it behind the timers already due at the same instant. (Which member of a sync group times out
// first decides which one the group holds back, so this order is visible in keepalived's logs.)

export const TIMER_CAPACITY: i32 = 1 << 17;
const DEADLINE: usize = memory.data(TIMER_CAPACITY * 8, 16); // heap order
const HEAP_ID: usize = memory.data(TIMER_CAPACITY * 4, 16); // heap order
const POS: usize = memory.data(TIMER_CAPACITY * 4, 16); // by id: heap index + 1, 0 = not armed
const SEQ: usize = memory.data(TIMER_CAPACITY * 8, 16); // heap order: when the entry was armed
let size: i32 = 0;
let armed: f64 = 0;

// @ts-ignore: decorator
@inline function dl(i: i32): f64 { return load<f64>(DEADLINE + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function hid(i: i32): i32 { return load<i32>(HEAP_ID + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline function sq(i: i32): f64 { return load<f64>(SEQ + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function place(i: i32, d: f64, id: i32, seq: f64): void {
  store<f64>(DEADLINE + (<usize>i << 3), d);
  store<i32>(HEAP_ID + (<usize>i << 2), id);
  store<f64>(SEQ + (<usize>i << 3), seq);
  store<i32>(POS + (<usize>id << 2), i + 1);
}

/** (d1, s1) pops before (d2, s2). */
// @ts-ignore: decorator
@inline function before(d1: f64, s1: f64, d2: f64, s2: f64): bool {
  return d1 < d2 || (d1 == d2 && s1 < s2);
}

function siftUp(i: i32, d: f64, id: i32, seq: f64): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pd = dl(parent);
    const ps = sq(parent);
    if (!before(d, seq, pd, ps)) break;
    place(i, pd, hid(parent), ps);
    i = parent;
  }
  place(i, d, id, seq);
}

function siftDown(i: i32, d: f64, id: i32, seq: f64): void {
  const half = size >> 1;
  while (i < half) {
    let child = (i << 1) + 1;
    let cd = dl(child);
    let cs = sq(child);
    const right = child + 1;
    if (right < size) {
      const rd = dl(right);
      const rs = sq(right);
      if (before(rd, rs, cd, cs)) {
        child = right;
        cd = rd;
        cs = rs;
      }
    }
    if (!before(cd, cs, d, seq)) break;
    place(i, cd, hid(child), cs);
    i = child;
  }
  place(i, d, id, seq);
}

function removeAt(i: i32): void {
  const id = hid(i);
  store<i32>(POS + (<usize>id << 2), 0);
  size--;
  if (i == size) return;
  const lastD = dl(size);
  const lastId = hid(size);
  const lastS = sq(size);
  const parent = (i - 1) >> 1;
  if (i > 0 && before(lastD, lastS, dl(parent), sq(parent))) siftUp(i, lastD, lastId, lastS);
  else siftDown(i, lastD, lastId, lastS);
}

/** Arms (or re-arms) timer id for deadline. Returns 0, or -1 for an id out of range. */
export function timerSet(id: i32, deadline: f64): i32 {
  if (<u32>id >= <u32>TIMER_CAPACITY) return -1;
  const pos = load<i32>(POS + (<usize>id << 2));
  if (pos == 0) {
    size++;
    siftUp(size - 1, deadline, id, ++armed);
  } else {
    const i = pos - 1;
    if (deadline == dl(i)) return 0; // same deadline: keeps its place among equals
    if (deadline < dl(i)) siftUp(i, deadline, id, ++armed);
    else siftDown(i, deadline, id, ++armed);
  }
  return 0;
}

/** Disarms timer id; returns 1 if it was armed. */
export function timerCancel(id: i32): i32 {
  if (<u32>id >= <u32>TIMER_CAPACITY) return 0;
  const pos = load<i32>(POS + (<usize>id << 2));
  if (pos == 0) return 0;
  removeAt(pos - 1);
  return 1;
}

/** Earliest deadline, or +Infinity when nothing is armed. */
export function timerNext(): f64 {
  return size > 0 ? dl(0) : Infinity;
}

/** The id of the timer that pops next if its deadline is <= now (it stays armed), or -1. */
export function timerPeek(now: f64): i32 {
  if (size == 0 || dl(0) > now) return -1;
  return hid(0);
}

/** Removes and returns the id of a timer whose deadline is <= now (earliest first), or -1. */
export function timerPop(now: f64): i32 {
  if (size == 0 || dl(0) > now) return -1;
  const id = hid(0);
  removeAt(0);
  return id;
}

export function timerDeadline(id: i32): f64 {
  if (<u32>id >= <u32>TIMER_CAPACITY) return NaN;
  const pos = load<i32>(POS + (<usize>id << 2));
  return pos == 0 ? NaN : dl(pos - 1);
}

export function timerSize(): i32 {
  return size;
}

export function timerClear(): void {
  for (let i = 0; i < size; i++) store<i32>(POS + (<usize>hid(i) << 2), 0);
  size = 0;
}
