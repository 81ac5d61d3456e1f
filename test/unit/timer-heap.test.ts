// The wasm deadline heap (TimerHeap) against a plain reference model (a Map of id → deadline; the earliest found by
// scanning), over long random sequences of set / re-arm / cancel / pop with a fixed seed. Every pop must return an
// id whose deadline is the earliest one, so popped deadlines never decrease; ties pop first-armed first.
import t from 'tap';
import { TimerHeap } from '../../src/core/wasm/timer-heap';
import { mulberry32 } from '../helpers/prng';


class Model {
  readonly armed = new Map<number, number>();
  set(id: number, d: number): void { this.armed.set(id, d); }
  cancel(id: number): boolean { return this.armed.delete(id); }
  next(): number { let m = Infinity; for (const d of this.armed.values()) if (d < m) m = d; return m; }
  get size(): number { return this.armed.size; }
}

const heap = new TimerHeap();

t.beforeEach(() => heap.clear());

t.test('empty heap', async (t) => {
  t.equal(heap.size, 0);
  t.equal(heap.next(), Infinity);
  t.equal(heap.pop(Number.MAX_VALUE), -1);
  t.equal(heap.deadline(0), undefined);
  t.equal(heap.cancel(0), false);
  t.ok(heap.capacity >= 1024, `capacity ${heap.capacity}`);
});

t.test('equal deadlines pop first-armed first; re-arming the same deadline keeps the place', async (t) => {
  const rnd = mulberry32(7);
  for (let round = 0; round < 50; round++) {
    heap.clear();
    const ids = Array.from({ length: 40 }, (_, i) => i);
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [ids[i], ids[j]] = [ids[j], ids[i]];
    }
    for (const id of ids) heap.set(id, id % 2 === 0 ? 1000 : 2000 + rnd() * 10);
    const evens = ids.filter((i) => i % 2 === 0);
    // The same deadline again: no change of order.
    for (const id of evens.slice(0, 5)) heap.set(id, 1000);
    // Another deadline and back: now behind the others.
    const moved = evens.slice(0, 3);
    for (const id of moved) {
      heap.set(id, 5000);
      heap.set(id, 1000);
    }
    const expected = [...evens.filter((i) => !moved.includes(i)), ...moved];
    const popped: number[] = [];
    for (let id = heap.pop(1000); id >= 0; id = heap.pop(1000)) popped.push(id);
    t.same(popped, expected, `round ${round}`);
  }
});

t.test('basic ordering, re-arm, cancel, pop(now)', async (t) => {
  heap.set(1, 300);
  heap.set(2, 100);
  heap.set(3, 200);
  t.equal(heap.size, 3);
  t.equal(heap.next(), 100);
  t.equal(heap.deadline(3), 200);
  heap.set(2, 400); // re-arm later
  t.equal(heap.size, 3, 're-arming does not add');
  t.equal(heap.next(), 200);
  heap.set(1, 50); // re-arm earlier
  t.equal(heap.next(), 50);
  t.equal(heap.pop(49), -1, 'nothing expired before the earliest deadline');
  t.equal(heap.pop(50), 1, 'deadline == now is expired');
  t.equal(heap.cancel(3), true, 'cancel an armed timer');
  t.equal(heap.cancel(3), false, 'cancel it again');
  t.equal(heap.deadline(3), undefined);
  t.equal(heap.size, 1);
  t.equal(heap.pop(1e9), 2);
  t.equal(heap.pop(1e9), -1);
  t.equal(heap.size, 0);
});

t.test('ids out of range', async (t) => {
  t.throws(() => heap.set(-1, 1), RangeError, 'negative id');
  t.throws(() => heap.set(heap.capacity, 1), { name: 'RangeError', message: `timer id ${heap.capacity} out of range 0..${heap.capacity - 1}` });
  t.throws(() => heap.set(2 ** 31, 1), RangeError, '2^31');
  t.equal(heap.size, 0, 'nothing armed by the failed calls');
  t.equal(heap.cancel(-1), false);
  t.equal(heap.cancel(heap.capacity), false);
  t.equal(heap.deadline(-1), undefined);
  t.equal(heap.deadline(heap.capacity), undefined);
  heap.set(heap.capacity - 1, 7);
  t.equal(heap.pop(7), heap.capacity - 1, 'the last id works');
});

// Ids that are out of range but wrap to a valid i32 id on their way into wasm (ToInt32: 2^32 + 5 → 5, ±Infinity → 0)
// must be refused too, and must not touch the timer they wrap to.
t.test('ids out of range that wrap around 32 bits', async (t) => {
  for (const [id, wrapsTo] of [[2 ** 32 + 5, 5], [-(2 ** 32) + 5, 5], [Infinity, 0], [-Infinity, 0]] as const) {
    heap.clear();
    t.throws(() => heap.set(id, 1), RangeError, `set(${id}) throws RangeError`);
    t.equal(heap.size, 0, `set(${id}) arms nothing (not timer ${wrapsTo})`);
    heap.clear();
    heap.set(wrapsTo, 1);
    t.equal(heap.deadline(id), undefined, `deadline(${id}) is not timer ${wrapsTo}'s`);
    t.equal(heap.cancel(id), false, `cancel(${id}) does not cancel timer ${wrapsTo}`);
    t.equal(heap.size, 1, `timer ${wrapsTo} still armed`);
  }
});

t.test('clear() disarms everything', async (t) => {
  for (let id = 0; id < 100; id++) heap.set(id, id);
  heap.clear();
  t.equal(heap.size, 0);
  t.equal(heap.next(), Infinity);
  t.equal(heap.deadline(5), undefined);
  t.equal(heap.cancel(5), false, 'cleared ids are not armed');
  heap.set(5, 1);
  t.equal(heap.size, 1, 'and can be armed again');
});

t.test('random operation sequences against the reference model', async (t) => {
  for (const [seed, ids, steps, deadlines] of [
    [1, 16, 20000, 10], // few ids, few distinct deadlines: lots of ties and re-arms
    [2, 500, 50000, 1e6],
    [3, 5000, 50000, 100],
    [4, 64, 20000, 1e12], // large microsecond-style deadlines
  ] as const) {
    const rnd = mulberry32(seed);
    const model = new Model();
    const errors: string[] = [];
    let now = 0;
    let lastPopped = -Infinity;
    let pops = 0;
    const fail = (step: number, msg: string) => { if (errors.length < 10) errors.push(`seed ${seed} step ${step}: ${msg}`); };
    for (let step = 0; step < steps; step++) {
      const op = rnd();
      const id = Math.floor(rnd() * ids);
      if (op < 0.45) {
        const d = now + Math.floor(rnd() * deadlines);
        heap.set(id, d);
        model.set(id, d);
      } else if (op < 0.6) {
        const got = heap.cancel(id);
        const want = model.cancel(id);
        if (got !== want) fail(step, `cancel(${id}) = ${got}, model ${want}`);
      } else if (op < 0.95) {
        // Advance time a little and pop everything due, as the scheduler does.
        now += Math.floor(rnd() * deadlines * 0.3);
        lastPopped = -Infinity;
        for (;;) {
          const popped = heap.pop(now);
          const earliest = model.next();
          if (popped === -1) {
            if (earliest <= now) fail(step, `pop(${now}) = -1 but ${earliest} is due`);
            break;
          }
          const d = model.armed.get(popped);
          if (d === undefined) { fail(step, `popped ${popped}, which is not armed`); break; }
          if (d !== earliest) fail(step, `popped ${popped} (deadline ${d}) but the earliest is ${earliest}`);
          if (d > now) fail(step, `popped ${popped} (deadline ${d}) before it is due (${now})`);
          if (d < lastPopped) fail(step, `deadline ${d} popped after ${lastPopped}`);
          lastPopped = d;
          model.cancel(popped);
          pops++;
        }
      } else {
        const got = heap.deadline(id);
        const want = model.armed.get(id);
        if (got !== want) fail(step, `deadline(${id}) = ${got}, model ${want}`);
      }
      if (heap.size !== model.size) fail(step, `size ${heap.size}, model ${model.size}`);
      if (heap.next() !== model.next()) fail(step, `next() ${heap.next()}, model ${model.next()}`);
    }
    // Drain: everything comes out in non-decreasing deadline order.
    let prev = -Infinity;
    while (heap.size > 0) {
      const d = heap.next();
      const id = heap.pop(Infinity);
      if (model.armed.get(id) !== d) fail(steps, `drain popped ${id} with deadline ${model.armed.get(id)}, next() said ${d}`);
      if (d < prev) fail(steps, `drain: ${d} after ${prev}`);
      prev = d;
      model.cancel(id);
    }
    if (model.size !== 0) fail(steps, `${model.size} timers never came out`);
    t.same(errors, [], `seed ${seed}: ${steps} operations over ${ids} ids, ${pops} pops`);
  }
});

t.test('many timers at once: full ordering', async (t) => {
  const rnd = mulberry32(99);
  const n = 20000;
  const want: number[] = [];
  for (let id = 0; id < n; id++) {
    const d = Math.floor(rnd() * 1000); // many ties
    heap.set(id, d);
    want.push(d);
  }
  t.equal(heap.size, n);
  const got: number[] = [];
  const seen = new Set<number>();
  for (let id = heap.pop(Infinity); id !== -1; id = heap.pop(Infinity)) {
    got.push(want[id]);
    seen.add(id);
  }
  t.equal(seen.size, n, 'every id popped once');
  t.same(got, [...want].sort((a, b) => a - b), 'deadlines come out sorted');
});
