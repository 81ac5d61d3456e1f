// How keepalived's checker process names services in its log lines, FIFO lines and mail subjects (FMT_VS / FMT_RS).
import type { VirtualServer } from '../../config/model/virtual-server';

/** `[ADDR]:proto:PORT`; a service without a protocol (fwmark) prints `none`. IPv6 stays inside the brackets. */
export function formatTrio(address: string, protocol: string | undefined, port: number): string {
  return `[${address}]:${protocol === undefined ? 'none' : protocol.toLowerCase()}:${port}`;
}

/**
 * `[GROUP]:N` (N = the virtual server's position among those naming the group: keepalived keeps it in the port),
 * `FWM N`, or the address trio.
 */
export function formatVirtualServer(vs: VirtualServer, groupMember: number): string {
  if (vs.group !== undefined) return `[${vs.group}]:${groupMember}`;
  if (vs.fwmark !== undefined && vs.fwmark !== 0) return `FWM ${vs.fwmark}`;
  return formatTrio(vs.address ?? '0.0.0.0', vs.protocol, vs.port);
}

/** A real (or sorry) server, with its virtual server's protocol. */
export function formatRealServer(address: string, port: number, vs: VirtualServer): string {
  return formatTrio(address, vs.protocol, port);
}

/** Position of each virtual server among those naming the same group (0 for the others). */
export function groupMembers(servers: readonly VirtualServer[]): number[] {
  const seen = new Map<string, number>();
  return servers.map((vs) => {
    if (vs.group === undefined) return 0;
    const n = seen.get(vs.group) ?? 0;
    seen.set(vs.group, n + 1);
    return n;
  });
}
