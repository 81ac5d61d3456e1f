// Drives a checker's sans-IO core (CheckerMachine + a kind's epilog) in virtual time: the caller says how each
// attempt ends at a given time; the simulation records when attempts ran, the log lines and the verdicts.
import { CheckerMachine, type CheckerAction } from '../../src/check/checkers/checker-machine';
import type { Verdict } from '../../src/check/checkers/check-state';

export interface SimEvent {
  /** Seconds of virtual time. */
  at: number;
  kind: 'attempt' | 'log' | 'up' | 'down' | 'weight';
  text?: string;
}

/**
 * conclude(atSeconds) runs the kind's epilog for an attempt made at that time. Attempts take `attemptSeconds`.
 * Runs until `untilSeconds`.
 */
export function simulate(
  warmupUs: number,
  random01: number,
  conclude: (atSeconds: number) => Verdict,
  untilSeconds: number,
  attemptSeconds = 0,
): SimEvent[] {
  const m = new CheckerMachine(warmupUs);
  const events: SimEvent[] = [];
  let nowUs = 0;
  let timerAt: number | undefined;
  const apply = (actions: CheckerAction[]): void => {
    for (const a of actions) {
      if (a.type === 'arm') timerAt = nowUs + a.delayUs;
      else if (a.type === 'attempt') {
        const started = nowUs;
        events.push({ at: started / 1e6, kind: 'attempt' });
        nowUs += attemptSeconds * 1e6;
        apply(m.conclude(nowUs, conclude(started / 1e6)));
      } else if (a.type === 'log') events.push({ at: nowUs / 1e6, kind: 'log', text: a.line });
      else if (a.type === 'update') events.push({ at: nowUs / 1e6, kind: a.up ? 'up' : 'down' });
      else events.push({ at: nowUs / 1e6, kind: 'weight', text: String(a.weight) });
    }
  };
  apply(m.start(random01));
  while (timerAt !== undefined && timerAt <= untilSeconds * 1e6) {
    nowUs = timerAt;
    timerAt = undefined;
    apply(m.timerFired(nowUs));
  }
  return events;
}

export const attemptsOf = (ev: SimEvent[]): number[] => ev.filter((e) => e.kind === 'attempt').map((e) => e.at);
export const logsOf = (ev: SimEvent[]): string[] => ev.filter((e) => e.kind === 'log').map((e) => `${e.at} ${e.text}`);
export const verdictsOf = (ev: SimEvent[]): string[] => ev.filter((e) => e.kind === 'up' || e.kind === 'down').map((e) => `${e.at} ${e.kind}`);
