// Running notify scripts and checks as keepalived does: ScriptRunner is the interface, ProcessScriptRunner the real
// one, FakeScriptRunner the in-memory one for unit tests.
export { chooseMode, execProblem, isExecutableBy } from './choose-mode';
export { FakeRun, FakeScriptRunner } from './fake-script-runner';
export { DEFAULT_PATH, findInPath } from './path-search';
export { ProcessScriptRunner } from './process-script-runner';
export type { ProcessScriptRunnerOptions } from './process-script-runner';
export { DEFAULT_KILL_GRACE_MS, within } from './script-runner';
export type { RunOptions, ScriptHandle, ScriptResult, ScriptRunner } from './script-runner';
export { shellCommand } from './script-spec';
export type { ScriptMode, ScriptSpec } from './script-spec';
