// Takeover time, measured on the wire: from the last advert of the old master to the first advert of the new one.
//
// Both are timestamps of the same observer, so no process clock enters the figure. A new master sends its first
// advert before it adds the VIPs (keepalived's order, and the RFC's), so this is the moment the segment learns of
// it; the first GARP / unsolicited NA for a VIP is reported alongside. It is also exactly what the protocol bounds:
// a backup restarts its master-down timer on the last advert it accepts, so after a crash the gap is at most
// Master_Down_Interval = 3 × interval + Skew_Time, and after an orderly stop (a priority-0 advert) at most
// Skew_Time.
import type { AdvertEvent, AnnounceEvent, WireEvent } from './wire-events';

export interface Takeover {
  /** The old master's last advert before the takeover (its priority-0 advert after a SIGTERM). */
  lastOld: AdvertEvent;
  /** The new master's first advert. */
  firstNew: AdvertEvent;
  /** firstNew - lastOld, ms. */
  gapMs: number;
  /** The new master's first GARP / NA for one of the VIPs, ms after lastOld. */
  announceMs?: number;
}

/**
 * The takeover by the node with MAC newMac from the one with oldMac: the new master's first advert after sinceUs
 * (when the old master was stopped), and the old master's last advert before it. Undefined until both are seen.
 */
export function findTakeover(events: WireEvent[], oldMac: string, newMac: string, sinceUs: number, vips: string[] = []): Takeover | undefined {
  const adverts = events.filter((e): e is AdvertEvent => e.kind === 'advert');
  const firstNew = adverts.find((e) => e.srcMac === newMac && e.timeUs > sinceUs && e.priority > 0);
  if (!firstNew) return undefined;
  let lastOld: AdvertEvent | undefined;
  for (const e of adverts) {
    if (e.timeUs > firstNew.timeUs) break;
    if (e.srcMac === oldMac) lastOld = e;
  }
  if (!lastOld) return undefined;
  const announce = events.find((e): e is AnnounceEvent =>
    e.kind !== 'advert' && e.srcMac === newMac && e.timeUs >= firstNew.timeUs && vips.includes(e.address));
  return {
    lastOld,
    firstNew,
    gapMs: (firstNew.timeUs - lastOld.timeUs) / 1000,
    announceMs: announce ? (announce.timeUs - lastOld.timeUs) / 1000 : undefined,
  };
}

/**
 * Skew_Time in ms for a backup of this priority: v2 (256 − p) / 256 s whatever the interval (RFC 3768); v3
 * (256 − p) × Master_Adver_Interval / 256 (RFC 5798), in keepalived's integer microseconds.
 */
export function skewMs(version: 2 | 3, priority: number, intervalS: number): number {
  const us = version === 2 ? Math.floor(((256 - priority) * 1e6) / 256) : Math.floor(((256 - priority) * Math.round(intervalS * 1e6)) / 256);
  return us / 1000;
}

/** The protocol's bound on the gap: crash 3 × interval + skew, orderly stop the skew alone. */
export function protocolBoundMs(kind: 'crash' | 'stop', version: 2 | 3, priority: number, intervalS: number): number {
  const skew = skewMs(version, priority, intervalS);
  return kind === 'stop' ? skew : 3 * intervalS * 1000 + skew;
}
