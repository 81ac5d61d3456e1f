// RTA_METRICS: nested RTAX_* attributes, all u32 but the congestion control name (a C string); `lock` sets the
// metric's bit in RTAX_LOCK, as iproute2 does.
import { rtattr, u32 } from './host-order';
import type { RouteMetricsSpec } from './types';

const RTAX = {
  lock: 1, mtu: 2, window: 3, rtt: 4, rttvar: 5, ssthresh: 6, cwnd: 7, advmss: 8, reordering: 9, hoplimit: 10,
  initcwnd: 11, features: 12, rtoMin: 13, initrwnd: 14, quickack: 15, congctl: 16, fastopenNoCookie: 17,
} as const;
const RTAX_FEATURE_ECN = 1;

const NUMERIC = [
  'mtu', 'window', 'rtt', 'rttvar', 'ssthresh', 'cwnd', 'advmss', 'reordering', 'hoplimit', 'initcwnd', 'rtoMin',
  'initrwnd', 'quickack', 'fastopenNoCookie',
] as const;

/** The nested attributes; empty when no metric is set. */
export function metricsAttr(m: RouteMetricsSpec): Buffer {
  const out: Buffer[] = [];
  let lock = 0;
  for (const name of m.locked ?? []) lock |= 1 << RTAX[name];
  if (lock) out.push(rtattr(RTAX.lock, u32(lock)));
  for (const name of NUMERIC) {
    const v = m[name];
    if (v !== undefined) out.push(rtattr(RTAX[name], u32(v)));
  }
  if (m.featuresEcn) out.push(rtattr(RTAX.features, u32(RTAX_FEATURE_ECN)));
  if (m.congctl !== undefined) out.push(rtattr(RTAX.congctl, Buffer.from(`${m.congctl}\0`)));
  return Buffer.concat(out);
}
