// How keepalived names a checked service in its log lines: FMT_RS "[addr]:proto:port" (the real server with the
// virtual server's protocol), FMT_VS (the same for the virtual server, "FWM n" or "[group]:port"), and the
// "[addr]:port" pair SMTP_CHECK uses for the host it talks to.
import type { RealServer, VirtualServer } from '../../config/model/virtual-server';

export type ServiceProtocol = 'TCP' | 'UDP' | 'SCTP' | undefined;

function protoWord(p: ServiceProtocol): string {
  return p === 'TCP' ? 'tcp' : p === 'UDP' ? 'udp' : p === 'SCTP' ? 'sctp' : 'none';
}

/** keepalived's inet_sockaddrtotrio(): "[addr]:tcp:port". */
export function formatTrio(address: string, protocol: ServiceProtocol, port: number): string {
  return `[${address}]:${protoWord(protocol)}:${port}`;
}

/** keepalived's inet_sockaddrtopair(): "[addr]:port". */
export function formatPair(address: string, port: number): string {
  return `[${address}]:${port}`;
}

/** FMT_RS / FMT_CHK: the real server with its virtual server's protocol. */
export function formatRs(rs: Pick<RealServer, 'address' | 'port'>, vs: Pick<VirtualServer, 'protocol'>): string {
  return formatTrio(rs.address, vs.protocol, rs.port);
}

/** FMT_VS. */
export function formatVs(vs: Pick<VirtualServer, 'group' | 'fwmark' | 'address' | 'port' | 'protocol'>): string {
  if (vs.group !== undefined) return `[${vs.group}]:${vs.port}`;
  if (vs.fwmark !== undefined) return `FWM ${vs.fwmark}`;
  return formatTrio(vs.address ?? '', vs.protocol, vs.port);
}

/** The names a checker's log lines use. */
export interface CheckerLabels {
  /** FMT_CHK: the real server, e.g. "[10.0.0.2]:tcp:80". */
  rs: string;
  /** FMT_VS: the virtual server. */
  vs: string;
}

/** The line keepalived logs as it schedules a checker (register_checkers_thread()). */
export function activationLine(labels: CheckerLabels, enabled: boolean): string {
  return `${enabled ? 'A' : 'Dea'}ctivating healthchecker for service ${labels.rs} for VS ${labels.vs}`;
}
