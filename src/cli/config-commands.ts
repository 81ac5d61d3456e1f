// The command-line modes that only read the configuration: `-t` (keepalived's config test, with its exit codes),
// `-d` (dump the resolved configuration) and `--dump-json` (the typed model for tools).
import { appendFileSync } from 'node:fs';
import { formatDiagnostic } from '../config/diagnostics';
import { dumpConfigJson } from '../config/dump/dump-json';
import { dumpConfigText } from '../config/dump/dump-text';
import { configTestExitCode, loadConfig, LoadResult } from '../config/load';
import type { CliIo } from './io';

/** keepalived's compiled-in default (built with sysconfdir=/etc). */
export const DEFAULT_CONFIG_FILE = '/etc/keepalived/keepalived.conf';

export interface ConfigCommandOptions {
  readonly file: string;
  readonly configId: string | undefined;
  readonly allConfig: boolean;
  readonly configTest: boolean;
  /** `-t FILE`: diagnostics go to this file instead of stderr. */
  readonly testLogFile: string | undefined;
  readonly dumpText: boolean;
  readonly dumpJson: boolean;
}

function report(result: LoadResult, o: ConfigCommandOptions, io: CliIo): void {
  const text = result.diags.list.map((d) => `${formatDiagnostic(d)}\n`).join('');
  if (text === '') return;
  if (o.testLogFile !== undefined) {
    try {
      appendFileSync(o.testLogFile, text);
      return;
    } catch (err) {
      io.stderr(`Unable to open config-test log file ${o.testLogFile}: ${(err as Error).message}\n`);
    }
  }
  io.stderr(text);
}

/** Loads the configuration, prints what was asked, and returns the exit code (`-t`'s when testing). */
export function runConfigCommand(o: ConfigCommandOptions, io: CliIo): number {
  const result = loadConfig(o.file, { configId: o.configId, allConfig: o.allConfig, configTest: o.configTest });
  report(result, o, io);
  if (!result.abort) {
    if (o.dumpText) io.stdout(dumpConfigText(result.config));
    if (o.dumpJson) io.stdout(dumpConfigJson(result.config));
  }
  return configTestExitCode(result);
}
