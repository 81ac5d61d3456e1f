// The plan of an oracle run (scenario-main.ts): which servers to start, when to take them down and bring them
// back, and where keepalived's and our checker logs go.

export type ServerKind = 'http' | 'https' | 'tcp' | 'smtp' | 'dns' | 'udp';

export interface ServerPlan {
  kind: ServerKind;
  address: string;
  port: number;
  /** Down while the others are up, and the other way round. */
  inverted?: boolean;
}

export interface OraclePlan {
  /** Directory for the logs and keepalived's pid files. */
  workdir: string;
  config: string;
  servers: ServerPlan[];
  /** Addresses (IPv4 /32 or IPv6 /128 on lo) PING_CHECK targets: removed while down. */
  pingAddresses: string[];
  /** Exists while "up": MISC_CHECK scripts test for it. */
  flagFile?: string;
  /** Seconds after start: switch everything down (up: false) or up again. */
  timeline: { at: number; up: boolean }[];
  /** Seconds after start to stop. */
  endAt: number;
  /** For SSL servers. */
  tlsKey?: string;
  tlsCert?: string;
  /** Run keepalived -C too (false: only ours). */
  keepalived: boolean;
}

export interface OracleOutcome {
  /** Checker lines of keepalived and of ours, each "<seconds> <line>". */
  keepalived: string[];
  ours: string[];
  /** Per server "kind address:port": the distinct requests (HTTP heads, SMTP lines) it received, as latin1. */
  requests: Record<string, string[]>;
  /** Per HTTPS server: the distinct SNI names it was sent ('' = none). */
  servernames: Record<string, string[]>;
  /** Per HTTPS server: the distinct client certificate CNs it was shown ('' = none). */
  clientCerts: Record<string, string[]>;
}
