// MISC_CHECK: run misc_path (as its user) with misc_timeout; the exit code, signal or timeout goes to the epilog.
import { constants } from 'node:os';
import type { MiscCheck } from '../../../config/model/virtual-server';
import type { ScriptHandle, ScriptRunner } from '../../../core/process';
import { CheckState, type CheckerTiming } from '../check-state';
import { miscEpilog, type MiscOutcome, type MiscSettings, type MiscState } from '../epilogs/misc-epilog';
import type { CheckerLabels } from '../labels';
import type { AttemptRunner } from './runner';

export function miscRunner(
  t: CheckerTiming,
  labels: CheckerLabels,
  c: MiscCheck,
  configuredWeight: number,
  scripts: ScriptRunner,
): AttemptRunner {
  const st = new CheckState(t);
  const ms: MiscState = { lastExitCode: t.migrated?.lastExitCode ?? 0 };
  const settings: MiscSettings = { program: c.miscPath.args[0] ?? '', dynamic: c.miscDynamic, configuredWeight };
  let running: ScriptHandle | undefined;
  let generation = 0;
  let lastRanUs = t.migrated?.lastRanUs ?? 0;
  return {
    state: st,
    details: () => ({ lastExitCode: ms.lastExitCode, lastRanUs }),
    attempt(done) {
      const mine = ++generation;
      lastRanUs = Date.now() * 1000;
      const handle = scripts.run(c.miscPath, { timeoutMs: Math.max(1, Math.round(c.miscTimeoutUs / 1000)) });
      running = handle;
      void handle.exited.then((r) => {
        if (mine !== generation) return;
        running = undefined;
        let outcome: MiscOutcome;
        if (r.timedOut) outcome = { kind: 'signal', signal: constants.signals[r.signal ?? 'SIGTERM'] ?? 15, timedOut: true };
        else if (r.signal !== null) outcome = { kind: 'signal', signal: constants.signals[r.signal] ?? 0, timedOut: false };
        else outcome = { kind: 'exit', code: r.code ?? 0 };
        done(miscEpilog(st, ms, t, settings, labels, outcome));
      });
    },
    cancel() {
      generation++;
      running?.kill('SIGKILL');
      running = undefined;
    },
  };
}
