// How keepalived names virtual and real servers in its messages (FMT_VS / FMT_RS).
import type { RsDraft, VsDraft } from './drafts';
import { formatTrio, inetNtop } from './inet-address';

/** keepalived tests vs->vfwmark, so `fwmark 0` counts as an address service. */
export function usesFwmark(vs: VsDraft): boolean {
  return vs.kind === 'fwmark' && vs.fwmark !== 0;
}

/** `[GROUP]:N`, `FWM N` or `[ADDR]:proto:PORT`. */
export function fmtVs(vs: VsDraft): string {
  if (vs.kind === 'group') return `[${vs.group}]:${vs.groupMember}`;
  if (usesFwmark(vs)) return `FWM ${vs.fwmark}`;
  return formatTrio(vs.kind === 'address' ? inetNtop(vs.octets) : '0.0.0.0', vs.protocol, vs.port);
}

/** `[ADDR]:proto:PORT` with the virtual server's protocol. */
export function fmtRs(rs: Pick<RsDraft, 'octets' | 'port'>, vs: VsDraft): string {
  return formatTrio(inetNtop(rs.octets), vs.protocol, rs.port);
}
