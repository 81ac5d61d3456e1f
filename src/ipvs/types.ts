// The IPVS table as the rest of the program sees it: services, their destinations, timeouts and sync daemons, in
// plain values (addresses as text, flags as the kernel's bit numbers). One interface, IpvsClient, talks to the
// kernel (genl-client.ts) or to memory (fake-ipvs.ts).
export type IpvsFamily = 'inet' | 'inet6';
export type IpvsProtocol = 'TCP' | 'UDP' | 'SCTP';
export type ForwardMethod = 'masq' | 'local' | 'tunnel' | 'route' | 'bypass';
export type TunnelType = 'ipip' | 'gue' | 'gre';
export type TunnelChecksum = 'nocsum' | 'csum' | 'remcsum';

/**
 * What names a service: family + fwmark for a firewall-mark service (fwmark > 0, protocol/address/port unused),
 * else family + protocol + address + port.
 */
export interface ServiceKey {
  family: IpvsFamily;
  fwmark: number;
  protocol: IpvsProtocol | undefined;
  /** '' for a fwmark service. */
  address: string;
  port: number;
}

export interface ServiceSettings {
  /** rr wrr lc wlc lblc lblcr dh sh sed nq mh fo ovf … */
  scheduler: string;
  /** IP_VS_SVC_F_* bits (persistent, one-packet, scheduler flags 1-3); the kernel's HASHED bit is never shown. */
  flags: number;
  /** Persistence timeout in seconds. */
  timeout: number;
  /** IPv4: the persistence netmask as a 32-bit number (0xffffffff = /32); IPv6: a prefix length (128). */
  netmask: number;
  /** Persistence engine ('sip'); '' for none. */
  peName: string;
}

export type IpvsService = ServiceKey & ServiceSettings;

/** What names a destination within its service. */
export interface DestKey {
  family: IpvsFamily;
  address: string;
  port: number;
}

export interface DestSettings {
  forward: ForwardMethod;
  weight: number;
  upperThreshold: number;
  lowerThreshold: number;
  tunnelType: TunnelType;
  /** GUE port; 0 otherwise. */
  tunnelPort: number;
  tunnelChecksum: TunnelChecksum;
}

export type IpvsDest = DestKey & DestSettings;

/** Read-only counters a GET returns alongside a destination. */
export interface DestCounters {
  activeConns: number;
  inactiveConns: number;
  persistentConns: number;
}

export interface TrafficStats {
  conns: bigint;
  inPackets: bigint;
  outPackets: bigint;
  inBytes: bigint;
  outBytes: bigint;
}

export interface ServiceEntry extends IpvsService {
  stats: TrafficStats | undefined;
}

export interface DestEntry extends IpvsDest, DestCounters {
  stats: TrafficStats | undefined;
}

/** A service with its destinations, as a table dump reads it. */
export interface TableService {
  service: IpvsService;
  dests: IpvsDest[];
}

/** Connection timeouts in seconds; 0 in a set leaves that timeout unchanged. */
export interface IpvsTimeouts {
  tcp: number;
  tcpFin: number;
  udp: number;
}

export interface SyncDaemonConfig {
  state: 'master' | 'backup';
  interface: string;
  syncId: number;
  /** UDP payload size; 0 = the kernel's default. */
  maxLen: number;
  /** IPv4 or IPv6 multicast group; '' = the kernel's default (224.0.0.81). */
  mcastGroup: string;
  /** 0 = the kernel's default (8848). */
  mcastPort: number;
  /** 0 = the kernel's default (1). */
  mcastTtl: number;
}

export interface IpvsInfo {
  /** e.g. '1.2.1'. */
  version: string;
  connTableSize: number;
}

/**
 * The one interface to the kernel's IPVS table. Every method rejects with a NetlinkError naming the errno and the
 * request (e.g. `add service TCP 10.0.0.1:80: EEXIST (File exists)`).
 */
export interface IpvsClient {
  info(): Promise<IpvsInfo>;
  listServices(): Promise<ServiceEntry[]>;
  getService(key: ServiceKey): Promise<ServiceEntry>;
  listDests(service: ServiceKey): Promise<DestEntry[]>;
  /** Every service with its destinations. */
  readTable(): Promise<TableService[]>;
  addService(service: IpvsService): Promise<void>;
  editService(service: IpvsService): Promise<void>;
  deleteService(key: ServiceKey): Promise<void>;
  addDest(service: ServiceKey, dest: IpvsDest): Promise<void>;
  editDest(service: ServiceKey, dest: IpvsDest): Promise<void>;
  deleteDest(service: ServiceKey, dest: DestKey): Promise<void>;
  /** Removes every service. */
  flush(): Promise<void>;
  /** Zeroes the counters of one service, or of all when none is given. */
  zero(service?: ServiceKey): Promise<void>;
  getTimeouts(): Promise<IpvsTimeouts>;
  setTimeouts(timeouts: IpvsTimeouts): Promise<void>;
  startSyncDaemon(config: SyncDaemonConfig): Promise<void>;
  stopSyncDaemon(state: 'master' | 'backup'): Promise<void>;
  listSyncDaemons(): Promise<SyncDaemonConfig[]>;
  close(): void;
}
