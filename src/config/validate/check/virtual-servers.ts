// keepalived's validate_check_config() for each virtual server, in its order: drop servers without real servers,
// ha_suspend with fwmarks, the protocol (UDP when missing), one-packet scheduling, zero ports, the scheduler (wlc),
// smtp_alert, duplicate real servers, forwarding (NAT), inherited real server settings, the sorry server, quorum and
// hysteresis, and the real/sorry server ports. keepalived reports these without a line number.
import { ConfigErr } from '../../diagnostics';
import type { BuildContext } from '../../parser/build-context';
import {
  dropRealServer,
  dropVirtualServer,
  type CheckState,
  type RsDraft,
  type SorryDraft,
  type VsDraft,
} from '../../sections/lvs/drafts';
import { fmtRs, fmtVs, usesFwmark } from '../../sections/lvs/format';
import { octetsValue } from '../../sections/lvs/inet-address';
import { DEFAULT_PERSISTENCE_TIMEOUT } from '../../sections/lvs/virtual-server';
import type { ForwardingDraft } from '../../sections/lvs/forwarding';

/** global_defs smtp_alert_checker, else smtp_alert. */
function globalSmtpAlert(ctx: BuildContext): boolean | undefined {
  const g = ctx.config.globalDefs;
  return g.smtpAlertChecker ?? g.smtpAlert;
}

function sameAddress(a: { octets: number[]; port: number }, b: { octets: number[]; port: number }): boolean {
  return a.port === b.port && a.octets.length === b.octets.length && octetsValue(a.octets) === octetsValue(b.octets);
}

/** keepalived's vsge formatting: `ADDR,PORT` or `START-END,PORT`. */
function fmtVsge(r: { address: string; addressEnd: string; port: number }): string {
  return r.address === r.addressEnd ? `${r.address},${r.port}` : `${r.address}-${r.addressEnd},${r.port}`;
}

class VsValidator {
  constructor(
    private readonly ctx: BuildContext,
    private readonly state: CheckState,
    private readonly vs: VsDraft,
  ) {}

  private error(message: string): void {
    this.ctx.diags.error(ConfigErr.GeneralError, undefined, message);
  }

  private get groupRanges(): boolean {
    return (this.vs.vsg?.addressRanges.length ?? 0) > 0;
  }

  private get groupFwmarks(): boolean {
    return (this.vs.vsg?.fwmarks.length ?? 0) > 0;
  }

  run(): void {
    const vs = this.vs;
    if (vs.haSuspend && (usesFwmark(vs) || this.groupFwmarks)) {
      this.error(`Virtual server ${fmtVs(vs)}: cannot use ha_suspend with fwmarks - clearing ha_suspend`);
      vs.haSuspend = false;
    }
    this.checkService();
    if (vs.sched === '') {
      this.error(`Virtual server ${fmtVs(vs)}: no scheduler set, setting default 'wlc'`);
      vs.sched = 'wlc';
    }
    vs.smtpAlert ??= globalSmtpAlert(this.ctx) ?? false;
    const weightSum = this.realServers();
    if (vs.sorry !== undefined && vs.sorry.fwd.method === undefined) this.defaultForwarding(vs.sorry.fwd);
    if (vs.quorum > weightSum) {
      const total = `total weight of real servers ${weightSum}`;
      this.error(`Warning - quorum ${vs.quorum} for ${fmtVs(vs)} exceeds ${total}, reducing quorum to ${weightSum}`);
      vs.quorum = weightSum;
    }
    if (vs.hysteresis >= vs.quorum) {
      // keepalived's unsigned arithmetic: a quorum of 0 gives a hysteresis of 4294967295.
      const h = (vs.quorum - 1) >>> 0;
      this.error(`Virtual server ${fmtVs(vs)}: hysteresis ${vs.hysteresis} >= quorum ${vs.quorum}; setting hysteresis to ${h}`);
      vs.hysteresis = h;
    }
    if (vs.vsg !== undefined) this.checkGroupPorts();
    else this.fixPorts();
  }

  /** Protocol, one-packet scheduling, zero ports, and protocols given to fwmark services. */
  private checkService(): void {
    const vs = this.vs;
    if (this.groupRanges || (vs.vsg === undefined && !usesFwmark(vs))) {
      if (vs.protocol === undefined) {
        this.error(`Virtual server ${fmtVs(vs)}: no protocol set - defaulting to UDP`);
        vs.protocol = 'UDP';
      }
      if (vs.flags.has('ops') && vs.protocol !== 'UDP') {
        this.error(`Virtual server ${fmtVs(vs)}: one packet scheduling requires UDP - resetting`);
        vs.flags.delete('ops');
      }
      if (vs.persistenceTimeout === 0 && vs.vsg === undefined && !usesFwmark(vs) && vs.port === 0) {
        this.error(`Virtual server ${fmtVs(vs)}: zero port only valid for persistent services - setting`);
        vs.persistenceTimeout = DEFAULT_PERSISTENCE_TIMEOUT;
      }
    }
    if (vs.persistenceTimeout === 0 && vs.vsg !== undefined && vs.vsg.addressRanges.some((r) => r.port === 0)) {
      this.error(`Virtual server ${fmtVs(vs)}: zero port only valid for persistent services - setting`);
      vs.persistenceTimeout = DEFAULT_PERSISTENCE_TIMEOUT;
    }
    const fwmarkOnly = vs.vsg !== undefined ? !this.groupRanges && this.groupFwmarks : usesFwmark(vs);
    if (vs.protocol !== undefined && fwmarkOnly) {
      this.error(`Warning: Virtual server ${fmtVs(vs)}: protocol specified for fwmark - protocol will be ignored`);
      vs.protocol = undefined;
    }
  }

  private defaultForwarding(fwd: ForwardingDraft): void {
    const vs = this.vs;
    if (vs.fwd.method === undefined) {
      this.error(`Virtual server ${fmtVs(vs)}: no forwarding method set, setting default NAT`);
      vs.fwd.method = 'NAT';
    }
    Object.assign(fwd, vs.fwd);
  }

  /** Duplicates, forwarding and inherited settings of each real server; returns the sum of their weights. */
  private realServers(): number {
    const vs = this.vs;
    let weightSum = 0;
    for (const rs of [...vs.rs]) {
      const index = vs.rs.indexOf(rs);
      if (vs.rs.slice(0, index).some((earlier) => sameAddress(earlier, rs))) {
        this.error(`VS ${fmtVs(vs)}: real server ${fmtRs(rs, vs)} is duplicated - removing second rs`);
        dropRealServer(this.ctx, this.state, vs, rs);
        continue;
      }
      if (rs.fwd.method === undefined) this.defaultForwarding(rs.fwd);
      this.inherit(rs);
      weightSum = (weightSum + (rs.weight as number)) >>> 0;
      if (vs.sorry !== undefined && sameAddress(vs.sorry, rs)) this.matchSorryInhibit(vs.sorry, rs);
    }
    return weightSum;
  }

  private inherit(rs: RsDraft): void {
    const vs = this.vs;
    rs.alpha ??= vs.alpha;
    rs.inhibit ??= vs.inhibit;
    rs.retry ??= vs.retry;
    rs.connectTimeoutUs ??= vs.connectTimeoutUs;
    rs.delayLoopUs ??= vs.delayLoopUs;
    rs.warmupUs ??= vs.warmupUs;
    rs.delayBeforeRetryUs ??= vs.delayBeforeRetryUs;
    rs.weight ??= vs.weight;
    // Unlike every other smtp_alert, a real server's defaults to on (keepalived keeps this for compatibility).
    rs.smtpAlert ??= globalSmtpAlert(this.ctx) ?? true;
  }

  private matchSorryInhibit(sorry: SorryDraft, rs: RsDraft): void {
    if (sorry.inhibit === rs.inhibit) return;
    const action = rs.inhibit ? 'setting' : 'clearing';
    const server = `Virtual server ${fmtVs(this.vs)}: real server ${fmtRs(rs, this.vs)}`;
    this.error(`${server} matches sorry server, but inhibit setting differs, ${action} on sorry server`);
    sorry.inhibit = rs.inhibit as boolean;
  }

  /** Groups: non-NAT servers must use the group's ports (fwmark groups: no port); only reported. */
  private checkGroupPorts(): void {
    const vs = this.vs;
    const vsg = vs.vsg;
    if (vsg === undefined) return;
    const s = vs.sorry;
    if (vsg.fwmarks.length > 0) {
      for (const rs of vs.rs) {
        if (rs.fwd.method !== 'NAT' && rs.port !== 0) {
          const server = `fwmark virtual server ${fmtVs(vs)}, real server ${fmtRs(rs, vs)}`;
          this.error(`WARNING - ${server} has port specified - port will be ignored`);
        }
      }
      if (s !== undefined && s.fwd.method !== 'NAT' && s.port !== 0) {
        this.error(`WARNING - fwmark virtual server ${fmtVs(vs)}, sorry server has port specified - port will be ignored`);
      }
    }
    for (const r of vsg.addressRanges) {
      for (const rs of vs.rs) {
        if (rs.fwd.method !== 'NAT' && rs.port !== 0 && r.port !== rs.port) {
          this.error(`virtual server ${fmtVs(vs)}:[${fmtVsge(r)}] and real server ${fmtRs(rs, vs)} ports don't match`);
        }
      }
      if (s !== undefined && s.fwd.method !== 'NAT' && s.port !== 0 && r.port !== s.port) {
        this.error(`WARNING - virtual server ${fmtVs(vs)}, sorry server has port specified - port will be ignored`);
      }
    }
  }

  /** Address and fwmark services: NAT servers inherit the port, DR/TUN ones are given the service's (fwmark: none). */
  private fixPorts(): void {
    const vs = this.vs;
    const fw = usesFwmark(vs);
    for (const rs of vs.rs) {
      if (rs.fwd.method === 'NAT') {
        if (!fw && rs.port === 0) rs.port = vs.port;
      } else if (fw) {
        if (rs.port !== 0) {
          this.error(`WARNING - fwmark virtual server ${fmtVs(vs)}, real server ${fmtRs(rs, vs)} has port specified - clearing`);
          rs.port = 0;
        }
      } else if (rs.port === 0) rs.port = vs.port;
      else if (rs.port !== vs.port) {
        this.error(`WARNING - virtual server ${fmtVs(vs)} and real server ${fmtRs(rs, vs)} ports don't match - resetting`);
        rs.port = vs.port;
      }
    }
    const s = vs.sorry;
    if (s === undefined || s.fwd.method === 'NAT') return;
    if (fw) {
      if (s.port !== 0) {
        this.error(`WARNING - virtual server ${fmtVs(vs)}, sorry server has port specified - clearing`);
        s.port = 0;
      }
    } else if (s.port === 0) s.port = vs.port;
    else if (s.port !== vs.port) {
      this.error(`WARNING - virtual server ${fmtVs(vs)} and sorry server ports don't match - resetting`);
      s.port = vs.port;
    }
  }
}

export function validateVirtualServers(ctx: BuildContext, state: CheckState): void {
  for (const vs of [...state.vs]) {
    if (vs.rs.length === 0) {
      ctx.diags.error(ConfigErr.GeneralError, undefined, `Virtual server ${fmtVs(vs)} has no real servers - ignoring`);
      dropVirtualServer(ctx, state, vs);
      continue;
    }
    new VsValidator(ctx, state, vs).run();
  }
}
