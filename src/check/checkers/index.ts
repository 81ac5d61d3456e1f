// Health checkers of the checker process: createChecker() builds one real server's checker from its configuration.
export { createChecker } from './create-checker';
export type { CheckerDeps, CheckerSpec, HealthChecker, ResultListener } from './create-checker';
export { formatPair, formatRs, formatTrio, formatVs } from './labels';
export type { CheckerLabels } from './labels';
