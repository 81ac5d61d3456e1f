// The environment a lab or test gives the daemons and tools it spawns: this process's own, without a test runner's
// hooks (tap puts its module loaders into NODE_OPTIONS and its state into TAP*/_TAPJS* variables; a node child would
// load the daemon differently and report to the runner as if it were a test).
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'NODE_OPTIONS' || k === 'NODE_V8_COVERAGE' || k.startsWith('TAP') || k.startsWith('_TAPJS')) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}
