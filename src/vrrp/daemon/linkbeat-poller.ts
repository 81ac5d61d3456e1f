// Carries out linkbeat (linkbeat.ts): one timer per polled interface, a probe a second, and a report to the daemon
// when the answer flips, in keepalived's words ("Linkbeat reports eth0 down"). The probe is a few short ioctls
// through the addon; a test gives a scripted one.
import type { Logger } from '../../core/logging';
import { chooseLinkbeatMethod, LINKBEAT_INTERVAL_MS, linkbeatUp, LinkbeatTarget, LinkProbeAnswer } from './linkbeat';
import type { LinkbeatType } from '../../config/model/interface-groups';

export type LinkProber = (ifname: string) => LinkProbeAnswer;

interface Polled {
  readonly target: LinkbeatTarget;
  /** The settled method; undefined until the interface has existed at one probe. */
  type: LinkbeatType | undefined;
  up: boolean;
  timer: NodeJS.Timeout | undefined;
}

export interface LinkbeatPollerDeps {
  probe: LinkProber;
  log: Logger;
  /** Whether the interface exists now (keepalived polls a missing one as down, and settles its method later). */
  exists: (ifname: string) => boolean;
  /** The polled state flipped. */
  onChange: (ifname: string, up: boolean) => void;
}

export class LinkbeatPoller {
  private readonly polled = new Map<string, Polled>();

  constructor(private readonly deps: LinkbeatPollerDeps) {}

  /** Whether netlink link events for this interface are to be ignored. */
  has(ifname: string): boolean {
    return this.polled.has(ifname);
  }

  /** The method settled for a polled interface (undefined: not polled, or not settled yet). */
  method(ifname: string): LinkbeatType | undefined {
    return this.polled.get(ifname)?.type;
  }

  /** The polled state (only meaningful when has(ifname)). */
  isUp(ifname: string): boolean {
    return this.polled.get(ifname)?.up ?? false;
  }

  /**
   * Starts polling these interfaces, each probed once now so the instances start from the polled state; a
   * reload calls it again with the new list (keepalived re-probes every interface at a reload too).
   */
  start(targets: readonly LinkbeatTarget[]): void {
    this.close();
    for (const target of targets) {
      const p: Polled = { target, type: undefined, up: false, timer: undefined };
      if (this.deps.exists(target.name)) this.settle(p);
      this.polled.set(target.name, p);
      this.arm(p);
    }
    if (targets.length > 0) this.deps.log.info('Using MII-BMSR/ETHTOOL NIC polling thread(s)...');
  }

  private settle(p: Polled): boolean {
    const m = chooseLinkbeatMethod(p.target.name, p.target.type, this.probe(p.target.name));
    p.type = m.type;
    if (m.note) this.deps.log.info(m.note);
    p.up = m.up;
    return m.up;
  }

  private probe(ifname: string): LinkProbeAnswer {
    try {
      return this.deps.probe(ifname);
    } catch (e) {
      // No socket for the ioctls: keepalived would not poll at all; report the interface as keeping its state.
      this.deps.log.error(`Linkbeat probe of ${ifname} failed: ${(e as Error).message}`);
      return { mii: -1, ethtool: -1, flags: -1 };
    }
  }

  private arm(p: Polled): void {
    p.timer = setTimeout(() => this.poll(p), LINKBEAT_INTERVAL_MS);
  }

  private poll(p: Polled): void {
    if (this.polled.get(p.target.name) !== p) return;
    const was = p.up;
    let up: boolean;
    if (!this.deps.exists(p.target.name)) up = false;
    else if (p.type === undefined) up = this.settle(p);
    else up = linkbeatUp(p.type, this.probe(p.target.name));
    p.up = up;
    if (up !== was) {
      this.deps.log.info(`Linkbeat reports ${p.target.name} ${up ? 'up' : 'down'}`);
      this.deps.onChange(p.target.name, up);
    }
    this.arm(p);
  }

  close(): void {
    for (const p of this.polled.values()) if (p.timer) clearTimeout(p.timer);
    this.polled.clear();
  }
}
