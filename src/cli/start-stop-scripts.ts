// global_defs startup_script / shutdown_script, run by the parent as keepalived's does: the startup script before
// the first child starts (the children start when it has ended, however it ended), the shutdown script once the
// children have stopped. Each is bounded by its timeout (SIGTERM to its process group, SIGKILL 2 s later). The
// lines are keepalived's, including its doubled word ("startup script script failed, status 3").
import type { Logger } from '../core/logging';
import type { ScriptRunner } from '../core/process';
import type { ScriptRef } from '../config/model/script';

/** timeoutUs: the configuration's (it sets keepalived's 10 s default along with the script). */
export async function runStartStopScript(
  kind: 'startup' | 'shutdown', script: ScriptRef | undefined, timeoutUs: number | undefined, runner: ScriptRunner, log: Logger, detail: boolean,
): Promise<void> {
  if (!script) return;
  const type = `${kind} script`;
  if (detail) log.info(`Running ${type} ${script.args[0]}`);
  const r = await runner.run(script, { timeoutMs: timeoutUs === undefined ? undefined : timeoutUs / 1000 }).exited;
  if (r.timedOut) log.info(`${type} timed out`);
  else if (r.code !== null && r.code !== 0) log.info(`${type} script failed, status ${r.code}`);
  else if (r.code === 0 && detail) log.info(`${type} script succeeded`);
}
