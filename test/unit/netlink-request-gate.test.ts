// src/net/netlink/request-gate.ts: a dump runs alone on the command socket, other requests pipeline, and
// everything starts in the order it was asked for.
import t from 'tap';
import { RequestGate } from '../../src/net/netlink/request-gate';

t.test('dumps run alone, first come first served', async (t) => {
  const gate = new RequestGate();
  const log: string[] = [];
  const pending = new Map<string, () => void>();
  const task = (name: string) => (): Promise<string> => {
    log.push(`start ${name}`);
    return new Promise((resolve) => pending.set(name, () => {
      log.push(`end ${name}`);
      resolve(name);
    }));
  };
  const finish = async (name: string): Promise<void> => {
    pending.get(name)?.();
    pending.delete(name);
    await new Promise((r) => setImmediate(r));
  };

  const all = [
    gate.run(false, task('add1')),
    gate.run(false, task('add2')),
    gate.run(true, task('dump1')),
    gate.run(false, task('add3')), // must not overtake the waiting dump
    gate.run(true, task('dump2')),
  ];
  t.same(log, ['start add1', 'start add2'], 'requests pipeline; the dump waits for them');
  await finish('add2');
  t.same(log.slice(2), ['end add2'], 'still waiting for add1');
  await finish('add1');
  t.same(log.slice(3), ['end add1', 'start dump1'], 'the dump runs once nothing else is in flight');
  await finish('dump1');
  t.same(log.slice(5), ['end dump1', 'start add3'], 'then the next in line');
  await finish('add3');
  t.same(log.slice(7), ['end add3', 'start dump2']);
  await finish('dump2');
  t.same(await Promise.all(all), ['add1', 'add2', 'dump1', 'add3', 'dump2'], 'every result delivered');

  const failing = gate.run(true, () => Promise.reject(new Error('EBUSY')));
  await t.rejects(failing, /EBUSY/, 'a failure is passed on');
  t.equal(await gate.run(false, async () => 'next'), 'next', 'and releases the gate');
});
