// Runs every checker of a loaded configuration with createChecker(), the way the checker process will, logging
// keepalived's checker lines. Used by the oracle scenario and by tests that run checkers against real servers.
import type { KeepalivedConfig } from '../../config/model/keepalived-config';
import { createChecker, type HealthChecker } from '../../check/checkers';
import type { ScriptRunner } from '../../core/process';

export interface RunningCheckers {
  checkers: HealthChecker[];
  stop(): void;
}

export function runCheckers(
  config: KeepalivedConfig,
  log: (line: string) => void,
  scripts?: ScriptRunner,
  onResult?: (rs: string, up: boolean, weight?: number) => void,
): RunningCheckers {
  const checkers: HealthChecker[] = [];
  for (const vs of config.virtualServers) {
    for (const rs of vs.realServers) {
      for (const checker of rs.checkers) {
        if (checker.type === 'BFD_CHECK') continue;
        const trackFile = checker.type === 'FILE_CHECK' ? config.trackFiles.find((f) => f.name === checker.trackFile) : undefined;
        const c = createChecker(
          { checker, rs, vs, ssl: config.ssl, logAllFailures: config.globalDefs.checkerLogAllFailures, trackFile },
          { log, scripts },
        );
        c.onResult((up, weight) => onResult?.(c.labels.rs, up, weight));
        checkers.push(c);
      }
    }
  }
  for (const c of checkers) c.start();
  return {
    checkers,
    stop() {
      for (const c of checkers) c.stop();
    },
  };
}
