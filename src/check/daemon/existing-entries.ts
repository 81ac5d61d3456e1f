// keepalived's checker programs IPVS with plain adds, so when its services are already there (a checker process
// respawned after a crash, or entries left behind) each add fails and is logged; the reconciler here takes such
// entries over without an error, so these are the lines keepalived would have logged, to log in their place.
import type { KeepalivedConfig } from '../../config/model/keepalived-config';
import { destId, serviceId } from '../../ipvs/describe';
import { ipvsTableOf } from '../../ipvs/desired-table';
import type { IpvsDest, IpvsService, TableService } from '../../ipvs/types';
import { canonicalIp } from '../../net/netlink/ip-text';
import { LvsState } from '../real-server/lvs-state';

/** keepalived's format_srule(): "10.0.0.1:tcp:80", "Fwm 5", "Fwm 5 inet6". */
function serviceText(s: IpvsService): string {
  if (s.fwmark) return `Fwm ${s.fwmark}${s.family === 'inet6' ? ' inet6' : ''}`;
  return `${s.address}:${(s.protocol ?? 'TCP').toLowerCase()}:${s.port}`;
}

function destText(s: IpvsService, d: IpvsDest): string {
  return `${serviceText(s)} -> ${d.address}:${d.port}`;
}

/**
 * Per virtual server (by index), the "already exists" lines keepalived logs when it programs the start-up table
 * over `current`. The sorry server is not included (keepalived adds it later, with its quorum lines).
 */
export function alreadyExistLines(config: KeepalivedConfig, current: readonly TableService[]): Map<number, string[]> {
  const have = new Map(current.map((t) => [serviceId(t.service), new Set(t.dests.map((d) => destId(d)))]));
  const probe = new LvsState(config);
  probe.start();
  const table = probe.table();
  const out = new Map<number, string[]>();
  config.virtualServers.forEach((vs, i) => {
    const sorry = vs.sorryServer;
    const sorryOnly = sorry && !vs.realServers.some((rs) => rs.address === sorry.address && rs.port === sorry.port) ? sorry : undefined;
    const lines: string[] = [];
    for (const t of ipvsTableOf(config, table.filter((s) => s.vsIndex === i))) {
      const dests = have.get(serviceId(t.service));
      if (!dests) continue;
      lines.push(`IPVS cmd IP_VS_SO_SET_ADD(1154) error: Service already exists(17) (${serviceText(t.service)})`);
      for (const d of t.dests) {
        if (sorryOnly && d.address === canonicalIp(sorryOnly.address)) continue;
        if (dests.has(destId(d))) lines.push(`IPVS cmd IP_VS_SO_SET_ADDDEST(1159) error: Destination already exists(17) (${destText(t.service, d)})`);
      }
    }
    if (lines.length) out.set(i, lines);
  });
  return out;
}
