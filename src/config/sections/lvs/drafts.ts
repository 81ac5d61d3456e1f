// What the checker keyword handlers build before validation: keepalived's virtual_server_t / real_server_t /
// checker_t with their "not set" markers (keepalived's -1, UINT_MAX, FWD_MASK) kept as undefined, so that
// validate/check.ts can apply defaults exactly where keepalived does. One CheckState per configuration being built.
import type { Position } from '../../diagnostics';
import type { BuildContext } from '../../parser/build-context';
import type { ScriptRef } from '../../model/script';
import type { AddressFamily, Checker, DnsRecordType, HttpUrl, VirtualServer, VirtualServerGroup } from '../../model/virtual-server';
import type { ForwardingDraft } from './forwarding';
import type { Octets } from './inet-address';

export interface ConnDraft {
  /** Destination; family undefined once keepalived cleared it (AF_UNSPEC). */
  dstFamily: AddressFamily | undefined;
  dstOctets: Octets;
  dstPort: number;
  bindFamily: AddressFamily | undefined;
  bindOctets: Octets;
  bindPort: number;
  bindIf: string | undefined;
  /** undefined: inherited from the real server. */
  connectTimeoutUs: number | undefined;
  fwmark: number;
}

export interface UrlDraft extends Omit<HttpUrl, 'path' | 'statusCode'> {
  path: string | undefined;
  /** Bitmap of accepted codes 100..599 (index = code - 100). */
  statusCodes: boolean[];
  regexStackSet: boolean;
}

export interface HttpData {
  kind: 'http';
  virtualhost: string | undefined;
  httpProtocol: '1.0' | '1.0C' | '1.1';
  enableSni: boolean;
  fastRecovery: boolean;
  urls: UrlDraft[];
  /** regex/regex_options of the url being read (keepalived keeps them aside until the url closes). */
  pendingRegex: string | undefined;
  pendingRegexOptions: string[];
}

export interface SmtpData {
  kind: 'smtp';
  heloName: string | undefined;
}

export interface MiscData {
  kind: 'misc';
  /** Set once the block closes with a usable command and user. */
  script: ScriptRef | undefined;
  args: string[] | undefined;
  pathPos: Position | undefined;
  timeoutUs: number;
  dynamic: boolean;
  /** From `user`: keepalived keeps the ids whether `user` comes before or after misc_path. */
  user: { name: string; group: string | undefined; uid: number; gid: number } | undefined;
}

export interface DnsData {
  kind: 'dns';
  dnsType: DnsRecordType;
  name: string | undefined;
}

export interface UdpData {
  kind: 'udp';
  payload: string | undefined;
  requireReply: boolean;
  replyData: string | undefined;
  minReplyLength: number;
  maxReplyLength: number;
}

export interface FileData {
  kind: 'file';
  trackFile: string | undefined;
  /** undefined: the track_file's own weight. */
  weight: number | undefined;
  reverse: boolean;
  fileWeight: number;
  fileReverse: boolean;
}

export interface BfdData {
  kind: 'bfd';
  name: string | undefined;
}

export interface PlainData {
  kind: 'plain';
}

export type CheckerData = HttpData | SmtpData | MiscData | DnsData | UdpData | FileData | BfdData | PlainData;

export interface CheckerDraft {
  type: Checker['type'];
  pos: Position;
  vs: VsDraft;
  rs: RsDraft;
  /** keepalived schedules it (has a launch function): every type but FILE_CHECK and BFD_CHECK. */
  scheduled: boolean;
  alpha: boolean | undefined;
  retry: number | undefined;
  delayBeforeRetryUs: number | undefined;
  warmupUs: number | undefined;
  delayLoopUs: number | undefined;
  logAllFailures: boolean;
  defaultRetry: number;
  /** 0: the checker's delay_loop. */
  defaultDelayBeforeRetryUs: number;
  co: ConnDraft | undefined;
  data: CheckerData;
}

export interface SorryDraft {
  family: AddressFamily;
  octets: Octets;
  port: number;
  inhibit: boolean;
  fwd: ForwardingDraft;
}

export interface RsDraft {
  name: string;
  pos: Position;
  family: AddressFamily;
  octets: Octets;
  port: number;
  fwd: ForwardingDraft;
  /** undefined: the virtual server's weight. */
  weight: number | undefined;
  uthreshold: number;
  lthreshold: number;
  inhibit: boolean | undefined;
  notifyUp: ScriptRef | undefined;
  notifyDown: ScriptRef | undefined;
  alpha: boolean | undefined;
  retry: number | undefined;
  delayBeforeRetryUs: number | undefined;
  warmupUs: number | undefined;
  connectTimeoutUs: number | undefined;
  delayLoopUs: number | undefined;
  smtpAlert: boolean | undefined;
  virtualhost: string | undefined;
  snmpName: string | undefined;
  /** BFD instances a BFD_CHECK of this server already follows. */
  trackedBfds: string[];
  checkers: CheckerDraft[];
}

/** The virtual-server settings a draft holds just as the model does. */
type VsModelFields = Pick<
  VirtualServer,
  | 'delayLoopUs' | 'connectTimeoutUs' | 'retry' | 'delayBeforeRetryUs' | 'warmupUs'
  | 'persistenceEngine' | 'persistenceTimeout' | 'persistenceGranularity' | 'protocol' | 'haSuspend'
  | 'virtualhost' | 'snmpName' | 'alpha' | 'omega' | 'quorumUp' | 'quorumDown' | 'quorum' | 'hysteresis' | 'weight'
>;

export interface VsDraft extends VsModelFields {
  name: string;
  pos: Position;
  kind: 'address' | 'fwmark' | 'group';
  family: AddressFamily | undefined;
  octets: Octets;
  port: number;
  fwmark: number;
  group: string | undefined;
  /** The group once linked (keepalived's vs->vsg). */
  vsg: VirtualServerGroup | undefined;
  /** Position of the virtual server among those naming the same group (keepalived puts it in the port). */
  groupMember: number;
  inhibit: boolean;
  sched: string;
  flags: Set<string>;
  fwd: ForwardingDraft;
  smtpAlert: boolean | undefined;
  sorry: SorryDraft | undefined;
  rs: RsDraft[];
  /** Checkers of real servers skipped for their address family (keepalived leaves them queued). */
  stray: CheckerDraft[];
}

/** Everything the checker handlers share while one configuration is parsed. */
export interface CheckState {
  vs: VsDraft[];
  groups: VirtualServerGroup[];
  /** keepalived's checkers_queue: the scheduled checkers (and BFD_CHECK) in parse order. */
  queue: CheckerDraft[];
}

const states = new WeakMap<BuildContext, CheckState>();

export function checkState(ctx: BuildContext): CheckState {
  let s = states.get(ctx);
  if (s === undefined) {
    s = { vs: [], groups: [], queue: [] };
    states.set(ctx, s);
  }
  return s;
}

/** Takes the scripts of dropped items out of ctx.scripts (keepalived frees them before its security check). */
export function forgetScripts(ctx: BuildContext, scripts: ReadonlyArray<ScriptRef | undefined>): void {
  for (const script of scripts) {
    if (script === undefined) continue;
    for (let i = ctx.scripts.length - 1; i >= 0; i--) if (ctx.scripts[i]?.script === script) ctx.scripts.splice(i, 1);
  }
}

/** The scripts a checker holds. */
export function checkerScripts(c: CheckerDraft): Array<ScriptRef | undefined> {
  return c.data.kind === 'misc' ? [c.data.script] : [];
}

/** keepalived's free_rs(): the server, its scripts and its checkers go. */
export function dropRealServer(ctx: BuildContext, state: CheckState, vs: VsDraft, rs: RsDraft): void {
  const i = vs.rs.indexOf(rs);
  if (i >= 0) vs.rs.splice(i, 1);
  const checkers = state.queue.filter((c) => c.rs === rs);
  state.queue = state.queue.filter((c) => c.rs !== rs);
  forgetScripts(ctx, [rs.notifyUp, rs.notifyDown, ...rs.checkers.flatMap(checkerScripts), ...checkers.flatMap(checkerScripts)]);
}

/** keepalived's free_vs(): the server, its real servers, scripts and every checker queued for it go. */
export function dropVirtualServer(ctx: BuildContext, state: CheckState, vs: VsDraft): void {
  const i = state.vs.indexOf(vs);
  if (i >= 0) state.vs.splice(i, 1);
  const checkers = state.queue.filter((c) => c.vs === vs);
  state.queue = state.queue.filter((c) => c.vs !== vs);
  forgetScripts(ctx, [
    vs.quorumUp,
    vs.quorumDown,
    ...vs.rs.flatMap((r) => [r.notifyUp, r.notifyDown, ...r.checkers.flatMap(checkerScripts)]),
    ...vs.stray.flatMap(checkerScripts),
    ...checkers.flatMap(checkerScripts),
  ]);
}
