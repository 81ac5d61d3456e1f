// keepalived's process model: the parent (Supervisor) with its pid files, children, signals and respawn back-off,
// and the child side (initChild).
export { describeChildExit, KEEPALIVED_EXIT_CONFIG, KEEPALIVED_EXIT_FATAL, KEEPALIVED_EXIT_MISSING_PERMISSION, KEEPALIVED_EXIT_OK, RESPAWN_BANNER } from './child-exit';
export type { ChildExit } from './child-exit';
export { initChild } from './child-runtime';
export type { ChildLink } from './child-runtime';
export { checkerChild, FORWARDED_SIGNALS, vrrpChild } from './child-spec';
export type { ChildSpec } from './child-spec';
export { cpuUsageLine, stoppedLine } from './cpu-usage';
export type { ChildMessage } from './ipc';
export { daemonRunning, parsePid, PID_FILE_MODE, pidFileOwned, removePidFile, writePidFile } from './pid-file';
export { pidFilePaths, PID_DIR, PID_SUBDIR } from './pid-paths';
export type { PidFilePaths, PidPathOptions } from './pid-paths';
export { RESPAWN_MAX_DELAY_S, RESPAWN_RESET_MS, RespawnBackoff } from './respawn-backoff';
export type { RespawnDecision } from './respawn-backoff';
export { signalNumber, SIGRTMAX, SIGRTMIN, strsignal } from './strsignal';
export { DEFAULT_CHILD_WAIT_TIME_MS, DEFAULT_UMASK, Supervisor } from './supervisor';
export type { SupervisorHooks, SupervisorOptions } from './supervisor';
