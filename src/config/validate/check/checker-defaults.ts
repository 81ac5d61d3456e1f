// The last step of keepalived's validate_check_config(): each queued checker takes what it did not set from its
// real server (which took it from the virtual server), else its own type's default: retry 1 (DNS_CHECK 3,
// MISC_CHECK 0), warmup = delay_loop, delay_before_retry 1 s (HTTP_GET/SSL_GET 3 s, DNS_CHECK = delay_loop).
import type { CheckState } from '../../sections/lvs/drafts';

export function applyCheckerDefaults(state: CheckState): void {
  for (const c of state.queue) {
    const rs = c.rs;
    c.alpha ??= rs.alpha;
    if (!c.scheduled) continue;
    c.retry ??= rs.retry ?? c.defaultRetry;
    if (c.co !== undefined) c.co.connectTimeoutUs ??= rs.connectTimeoutUs;
    c.delayLoopUs ??= rs.delayLoopUs;
    const delayLoop = c.delayLoopUs ?? 0;
    c.warmupUs ??= rs.warmupUs ?? delayLoop;
    c.delayBeforeRetryUs ??= rs.delayBeforeRetryUs ?? (c.defaultDelayBeforeRetryUs || delayLoop);
  }
}
