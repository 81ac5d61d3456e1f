// The checker process: CheckerDaemon (the loop: state, checkers, IPVS), checker-process.ts (the forked process:
// configuration, signals, start-up and stop), checker-child-main.ts (its entry point).
export { CheckerDaemon, type CheckerDaemonDeps, type CheckerDaemonOptions } from './checker-daemon';
export { CheckerSet, type CheckerEntry, type MakeChecker } from './checker-set';
export { IpvsWriter } from './ipvs-writer';
export { CHECKER_OPTIONS_ENV, runCheckerProcess, type CheckerProcessOptions } from './checker-process';
