// Health checkers of the checker process. createChecker() builds one real server's checker from its configuration
// (one entry of RealServer.checkers) and returns { start, stop, onResult, setEnabled, up, labels }; it logs
// keepalived's checker lines through deps.log. Layout: check-state.ts + epilogs/ (keepalived's retry accounting,
// pure), checker-machine.ts (when to run, pure), http/ smtp/ dns/ udp/ ping/ file-status.ts (protocol pieces,
// pure), io/ (the Node sockets, TLS, raw ICMP), runners/ (one kind = its I/O + its epilog).
export { createChecker } from './create-checker';
export type { CheckerDeps, CheckerSpec, HealthChecker, ResultListener } from './create-checker';
export { activationLine, formatPair, formatRs, formatTrio, formatVs } from './labels';
export type { CheckerLabels } from './labels';
