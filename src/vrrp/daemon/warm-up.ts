// A backup's first takeover is the moment its speed matters most, and it is also the first time that process runs
// the takeover code: V8 would compile and profile those functions on the spot, adding a few hundred microseconds
// to the failover. So at start-up a throwaway copy of each instance goes through a whole life in virtual time —
// elected, hearing a lower and a higher priority, resigning, faulting, stopping — and its actions are dropped.
// Sans-IO makes this free of side effects: nothing here touches a socket, the kernel or a clock.
import { VrrpInstance } from '../instance/instance';
import type { InstanceSettings } from '../instance/settings';
import type { ReceivedAdvert } from '../instance/events';

const ROUNDS = 3;

function advert(s: InstanceSettings, priority: number, source: string): ReceivedAdvert {
  return {
    source, priority, advertIntervalUs: s.advertIntervalUs, addressCount: s.vips.length, missingVip: null,
    ahSequence: s.auth === 'ah' ? 1 : undefined,
  };
}

/** Runs a throwaway instance with these settings through election, preemption, resignation and fault. */
export function warmUpInstance(settings: InstanceSettings): void {
  const s = settings;
  const peer = s.family === 4 ? '0.0.0.1' : '::1';
  for (let round = 0; round < ROUNDS; round++) {
    const inst = new VrrpInstance(s);
    let now = 1;
    inst.start(now);
    for (let i = 0; i < 4; i++) {
      now += s.advertIntervalUs;
      inst.advertReceived(now, advert(s, 255, peer));
    }
    const next = (): void => {
      const d = inst.nextDeadline();
      if (d !== null) {
        now = Math.max(now, d);
        inst.timerFired(now);
      }
    };
    for (let i = 0; i < 6; i++) next(); // master-down timeout: MASTER, adverts, delayed GARPs
    inst.advertReceived(now, advert(s, 1, peer));
    inst.advertReceived(now, advert(s, 0, peer));
    inst.advertRejected(now);
    inst.advertReceived(now, advert(s, 255, peer)); // a higher priority: back to BACKUP
    next();
    inst.interfaceChanged(now, false);
    inst.interfaceChanged(now, true);
    next();
    inst.release(now);
    inst.stop();
  }
}
