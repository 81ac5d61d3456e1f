// VRRP timer arithmetic in microseconds, exactly as keepalived 2.2.7 computes it (integer µs, truncating), so a
// simulated takeover lands on the same microsecond as the real daemon's.

/** Microseconds per second (keepalived's TIMER_HZ). */
export const US_PER_SECOND = 1_000_000;
/** Microseconds per centisecond, the VRRPv3 interval unit (TIMER_CENTI_HZ). */
export const US_PER_CENTISECOND = 10_000;

/**
 * Skew_Time for a priority.
 * v2 (RFC 3768 §6.1): (256 − Priority) / 256 seconds, independent of the advert interval.
 * v3 (RFC 5798 §6.1): ((256 − Priority) × Master_Adver_Interval) / 256, Master_Adver_Interval in centiseconds;
 * keepalived evaluates it as (256 − p) × centiseconds × 625 / 16 µs (625/16 = 10000/256), truncated.
 */
export function skewTimeUs(version: 2 | 3, priority: number, masterAdverIntUs: number): number {
  return skewCalc(version, 256 - priority, masterAdverIntUs);
}

/** The smallest skew (priority 255's), used when a sync group holds a member back (VRRP_TIMER_SKEW_MIN). */
export function minSkewTimeUs(version: 2 | 3, masterAdverIntUs: number): number {
  return skewCalc(version, 1, masterAdverIntUs);
}

function skewCalc(version: 2 | 3, factor: number, masterAdverIntUs: number): number {
  if (version === 3) return Math.floor((factor * Math.floor(masterAdverIntUs / US_PER_CENTISECOND) * 625) / 16);
  return Math.floor((factor * US_PER_SECOND) / 256);
}

/**
 * Master_Down_Interval (RFC 3768 §6.1 / RFC 5798 §6.1: 3 × Master_Adver_Interval + Skew_Time); keepalived makes
 * the 3 configurable as down_timer_adverts.
 */
export function masterDownIntervalUs(
  version: 2 | 3, priority: number, masterAdverIntUs: number, downTimerAdverts: number,
): number {
  return downTimerAdverts * masterAdverIntUs + skewTimeUs(version, priority, masterAdverIntUs);
}
