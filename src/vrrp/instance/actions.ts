// What an instance asks the daemon to do, in the order keepalived does it. An event returns a list of these;
// the daemon carries them out front to back.

export type InstanceState = 'INIT' | 'BACKUP' | 'MASTER' | 'FAULT' | 'STOP';

/** States a notification can report (keepalived's notify states; DELETED for an instance removed by reload). */
export type NotifyState = 'MASTER' | 'BACKUP' | 'FAULT' | 'STOP' | 'DELETED';

/** FIFO-only events (notify_fifo / vrrp_notify_fifo), not state changes. */
export type NotifyEvent = 'MASTER_RX_LOWER_PRI' | 'MASTER_PRIORITY' | 'BACKUP_PRIORITY';

/** Instance-level scripts: notify_master … notify_deleted and notify_master_rx_lower_pri. */
export type NotifyScript =
  | 'notify_master' | 'notify_backup' | 'notify_fault' | 'notify_stop' | 'notify_deleted'
  | 'notify_master_rx_lower_pri';

/** What an address-like action applies to: VIPs, eVIPs (virtual_ipaddress_excluded), virtual routes, rules. */
export type AddressKind = 'vips' | 'evips' | 'routes' | 'rules';

/** Why a GARP/NA burst is sent (the daemon logs "Sending/queueing gratuitous ARPs on IF for ADDR" for it). */
export type GarpReason = 'master' | 'master-delayed' | 'refresh' | 'lower-prio' | 'lower-prio-delayed' | 'reload';

export type Action =
  /** Send one advert at this priority (0 = resigning). ahSequence is set for auth_type AH. */
  | { readonly kind: 'sendAdvert'; readonly priority: number; readonly ahSequence?: number }
  /** Install VIPs / eVIPs / routes / rules (items are the instance's identifiers from its settings). */
  | { readonly kind: 'add'; readonly what: AddressKind; readonly items: readonly string[] }
  /** Remove them; force = also when we did not install them (startup clean-up). */
  | { readonly kind: 'remove'; readonly what: AddressKind; readonly items: readonly string[]; readonly force: boolean }
  /** no_accept: install / remove the firewall DROP rules for the VIPs and eVIPs. */
  | { readonly kind: 'firewallDrop'; readonly install: boolean }
  /** A burst of `count` GARPs / unsolicited NAs for every VIP and eVIP, back to back (or queued by garp_interval). */
  | { readonly kind: 'sendGarps'; readonly count: number; readonly reason: GarpReason }
  /** Forget GARPs/NAs still queued behind a garp_interval / vrrp_garp_interval limit. */
  | { readonly kind: 'cancelQueuedGarps' }
  /** Unicast instance leaving FAULT: one GARP/NA for its own source address so the master re-learns it. */
  | { readonly kind: 'sendSourceGarp' }
  /** LVS sync daemon tied to this instance switches role. */
  | { readonly kind: 'lvsSyncDaemon'; readonly role: 'master' | 'backup' }
  /** A log line in keepalived's words; detail lines are only logged with -D. */
  | { readonly kind: 'log'; readonly line: string; readonly detail: boolean }
  | { readonly kind: 'stateChanged'; readonly from: InstanceState; readonly to: InstanceState }
  /** Step 1 of a notification: the state-specific script, if configured. */
  | { readonly kind: 'runNotify'; readonly step: 'script'; readonly script: NotifyScript }
  /** Step 2: the generic `notify` script with INSTANCE NAME STATE PRIORITY appended, if configured. */
  | { readonly kind: 'runNotify'; readonly step: 'generic'; readonly args: readonly [string, string, string, string] }
  /** Step 3: the line for notify_fifo and vrrp_notify_fifo, if open. */
  | { readonly kind: 'runNotify'; readonly step: 'fifo'; readonly line: string }
  /** Step 4: DBus signal, SNMP traps, SMTP alert for this state (each only if enabled). */
  | { readonly kind: 'runNotify'; readonly step: 'alerts'; readonly state: NotifyState; readonly priority: number };

export type ActionKind = Action['kind'];
