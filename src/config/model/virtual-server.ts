// The checker side of a configuration: the SSL context, virtual_server_group, virtual_server with its real servers
// and their health checkers, as keepalived 2.2.7 resolves them (defaults applied by validate/check.ts).
import type { ScriptRef } from './script';

/** `SSL { … }`: the context SSL_GET checkers use; keepalived generates one when the block is absent. */
export interface SslContext {
  password: string | undefined;
  ca: string | undefined;
  certificate: string | undefined;
  key: string | undefined;
}

export type AddressFamily = 'inet' | 'inet6';

/** One `A.B.C.D[-E|-A.B.C.D|/NN] [PORT]` line of a virtual_server_group. */
export interface VsgAddressRange {
  family: AddressFamily;
  /** First address of the range. */
  address: string;
  /** Last address of the range (same as `address` for a single address). */
  addressEnd: string;
  /** 0 when the line has no port (or port 0). */
  port: number;
}

/** One `fwmark N [inet|inet6]` line of a virtual_server_group. */
export interface VsgFwmark {
  fwmark: number;
  family: AddressFamily | undefined;
}

export interface VirtualServerGroup {
  name: string;
  addressRanges: VsgAddressRange[];
  fwmarks: VsgFwmark[];
}

export type TunnelType = 'ipip' | 'gue' | 'gre';
export type TunnelChecksum = 'nocsum' | 'csum' | 'remcsum';

/** `lb_kind`/`lvs_method NAT|DR|TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum]`. */
export interface ForwardingMethod {
  method: 'NAT' | 'DR' | 'TUN';
  /** Tunnel encapsulation (keepalived keeps ipip unless told otherwise). */
  type: TunnelType;
  /** GUE destination port; 0 for other tunnel types. */
  port: number;
  checksum: TunnelChecksum;
}

/** Settings every checker that keepalived schedules (all but FILE_CHECK and BFD_CHECK) resolves. */
export interface ScheduledCheckerBase {
  alpha: boolean;
  retry: number;
  delayBeforeRetryUs: number;
  warmupUs: number;
  delayLoopUs: number;
  logAllFailures: boolean;
}

/** Connection options of the checkers that open a socket. */
export interface CheckerConnection {
  /**
   * Destination address: the real server unless `connect_ip` says otherwise; undefined once keepalived cleared it
   * (a refused connect_ip).
   */
  connectIp: string | undefined;
  /** Destination port: the real server's port as parsed unless `connect_port` says otherwise (0 = none). */
  connectPort: number;
  bindto: string | undefined;
  bindPort: number | undefined;
  bindIf: string | undefined;
  connectTimeoutUs: number;
  /** SO_MARK for the checker's socket; 0 = none. */
  fwmark: number;
}

export interface HttpUrl {
  path: string;
  /** Lower-case 32 hex digits (MD5 of the body). */
  digest: string | undefined;
  /** Accepted status codes as merged ranges, e.g. ['200-299'] (the default) or ['200', '301-302']. */
  statusCode: string[];
  virtualhost: string | undefined;
  regex: string | undefined;
  regexNoMatch: boolean;
  regexOptions: string[];
  regexMinOffset: number;
  /** Last acceptable offset; undefined when not limited. */
  regexMaxOffset: number | undefined;
  /** JIT stack [start, max] when `regex_stack` is given. */
  regexStack: number[] | undefined;
}

export interface HttpGetCheck extends ScheduledCheckerBase, CheckerConnection {
  type: 'HTTP_GET';
  virtualhost: string | undefined;
  httpProtocol: '1.0' | '1.0C' | '1.1';
  enableSni: boolean;
  fastRecovery: boolean;
  url: HttpUrl[];
}

export interface SslGetCheck extends Omit<HttpGetCheck, 'type'> {
  type: 'SSL_GET';
}

export interface TcpCheck extends ScheduledCheckerBase, CheckerConnection {
  type: 'TCP_CHECK';
}

export interface SmtpCheck extends ScheduledCheckerBase, CheckerConnection {
  type: 'SMTP_CHECK';
  heloName: string;
}

export interface MiscCheck extends ScheduledCheckerBase {
  type: 'MISC_CHECK';
  miscPath: ScriptRef;
  /** How long the script may run: `misc_timeout`, else the virtual server's delay_loop. */
  miscTimeoutUs: number;
  miscDynamic: boolean;
}

export type DnsRecordType = 'A' | 'NS' | 'CNAME' | 'SOA' | 'MX' | 'TXT' | 'AAAA' | 'RRSIG' | 'DNSKEY';

export interface DnsCheck extends ScheduledCheckerBase, CheckerConnection {
  type: 'DNS_CHECK';
  /** The `type` keyword (the discriminant already uses the name). */
  dnsType: DnsRecordType;
  name: string;
}

export interface UdpCheck extends ScheduledCheckerBase, CheckerConnection {
  type: 'UDP_CHECK';
  /** Lower-case hex octets; undefined = random payload. */
  payload: string | undefined;
  requireReply: boolean;
  /** Expected reply as hex octets, `x` marking wildcard nibbles. */
  replyData: string | undefined;
  minReplyLength: number;
  maxReplyLength: number;
}

export interface PingCheck extends ScheduledCheckerBase, CheckerConnection {
  type: 'PING_CHECK';
}

export interface FileCheck {
  type: 'FILE_CHECK';
  trackFile: string;
  weight: number;
  reverse: boolean;
}

export interface BfdCheck {
  type: 'BFD_CHECK';
  name: string;
  alpha: boolean;
}

export type Checker =
  | HttpGetCheck
  | SslGetCheck
  | TcpCheck
  | SmtpCheck
  | MiscCheck
  | DnsCheck
  | UdpCheck
  | PingCheck
  | FileCheck
  | BfdCheck;

export interface RealServer {
  /** As written: `IP [PORT]`. */
  name: string;
  family: AddressFamily;
  address: string;
  /** Resolved port (NAT inherits the virtual server's port, DR/TUN are forced to it, fwmark services use 0). */
  port: number;
  weight: number;
  lvsMethod: ForwardingMethod;
  uthreshold: number;
  lthreshold: number;
  inhibitOnFailure: boolean;
  notifyUp: ScriptRef | undefined;
  notifyDown: ScriptRef | undefined;
  alpha: boolean;
  /** undefined: each checker uses its own default. */
  retry: number | undefined;
  delayBeforeRetryUs: number | undefined;
  warmupUs: number | undefined;
  connectTimeoutUs: number;
  delayLoopUs: number;
  smtpAlert: boolean;
  virtualhost: string | undefined;
  snmpName: string | undefined;
  checkers: Checker[];
}

export interface SorryServer {
  family: AddressFamily;
  address: string;
  port: number;
  /** `sorry_server_inhibit`. */
  inhibit: boolean;
  /** `sorry_server_lvs_method`, else the virtual server's. */
  lvsMethod: ForwardingMethod | undefined;
}

export interface VirtualServer {
  /** The words after `virtual_server`: `IP PORT`, `fwmark N` or `group NAME`. */
  name: string;
  address: string | undefined;
  port: number;
  fwmark: number | undefined;
  group: string | undefined;
  /** Resolved address family; undefined only for a group mixing IPv4 and IPv6. */
  ipFamily: AddressFamily | undefined;
  delayLoopUs: number;
  connectTimeoutUs: number;
  /** undefined: each checker uses its own default. */
  retry: number | undefined;
  delayBeforeRetryUs: number | undefined;
  warmupUs: number | undefined;
  inhibitOnFailure: boolean;
  lbAlgo: string;
  /** Scheduler flag keywords in effect: ops, flag-1, flag-2, flag-3, sh-port, sh-fallback, mh-port, mh-fallback. */
  schedulerFlags: string[];
  /** undefined when only the real servers name a method. */
  lbKind: ForwardingMethod | undefined;
  persistenceEngine: string | undefined;
  /** Seconds; 0 = not persistent. */
  persistenceTimeout: number;
  /** A netmask (IPv4) or prefix length (IPv6) as given; undefined = none. */
  persistenceGranularity: string | undefined;
  /** undefined for fwmark services (keepalived ignores a protocol there). */
  protocol: 'TCP' | 'UDP' | 'SCTP' | undefined;
  haSuspend: boolean;
  smtpAlert: boolean;
  virtualhost: string | undefined;
  snmpName: string | undefined;
  alpha: boolean;
  omega: boolean;
  quorumUp: ScriptRef | undefined;
  quorumDown: ScriptRef | undefined;
  quorum: number;
  hysteresis: number;
  /** Default real server weight. */
  weight: number;
  sorryServer: SorryServer | undefined;
  realServers: RealServer[];
  /**
   * Checkers of real servers keepalived skipped for their address family: keepalived 2.2.7 frees the server but
   * leaves its checkers queued, so their scripts still count for script security. Nothing should run them.
   */
  strayCheckers: Checker[];
}

/** Whether `code` is accepted by a url's `statusCode` ranges. */
export function statusCodeAccepted(url: Pick<HttpUrl, 'statusCode'>, code: number): boolean {
  return url.statusCode.some((r) => {
    const [lo, hi = lo] = r.split('-').map(Number) as [number, number?];
    return code >= lo && code <= hi;
  });
}
