// What the VRRP and checker children share: keepalived's exit codes and the configuration read that logs what is
// wrong with it.
import { formatDiagnostic } from '../../config/diagnostics';
import { loadConfig, type LoadResult } from '../../config/load';
import { processParseLog } from '../../config/parse-log';
import type { Logger } from '../logging';

/** keepalived's exit codes (reference §2). */
export const EXIT_OK = 0;
export const EXIT_FATAL = 1;
export const EXIT_CONFIG = 2;
/** A crash (uncaught exception): not one of the "permanent" codes, so the parent respawns the process. */
export const EXIT_PROGRAM_ERROR = 70;

export interface ChildConfigSource {
  configFile: string;
  configId: string | undefined;
  allConfig: boolean;
}

/**
 * Reads the configuration and logs what is wrong with it. At a reload a file that cannot be opened at all is left
 * to the parent to report, as keepalived's parent does ("Config files missing …", "Failed to open …"). Only what
 * keepalived's process `kind` reports is logged (see processParseLog), in its order.
 */
export function readChildConfig(o: ChildConfigSource, log: Logger, kind: 'vrrp' | 'check', reload = false): LoadResult {
  const r = loadConfig(o.configFile, { configId: o.configId, allConfig: o.allConfig, configTest: false });
  if (reload && r.verdict !== undefined) return r;
  for (const d of processParseLog(r.diags, kind, reload)) {
    if (typeof d === 'string') log.info(d);
    else log.error(formatDiagnostic(d));
  }
  return r;
}
