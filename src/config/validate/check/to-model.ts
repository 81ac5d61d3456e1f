// Drafts → the model (model/virtual-server.ts), once every default is in place.
import type {
  Checker,
  CheckerConnection,
  HttpUrl,
  RealServer,
  ScheduledCheckerBase,
  SorryServer,
  VirtualServer,
} from '../../model/virtual-server';
import type { CheckerDraft, ConnDraft, RsDraft, SorryDraft, UrlDraft, VsDraft } from '../../sections/lvs/drafts';
import { toForwardingMethod } from '../../sections/lvs/forwarding';
import { inetNtop } from '../../sections/lvs/inet-address';

/** Accepted codes as merged ranges: ['200-299'], ['200', '301-302']. */
function statusRanges(bits: readonly boolean[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < bits.length; i++) {
    if (!bits[i]) continue;
    let j = i;
    while (j + 1 < bits.length && bits[j + 1]) j++;
    out.push(i === j ? `${100 + i}` : `${100 + i}-${100 + j}`);
    i = j;
  }
  return out;
}

function url(u: UrlDraft): HttpUrl {
  return {
    path: u.path as string,
    digest: u.digest,
    statusCode: statusRanges(u.statusCodes),
    virtualhost: u.virtualhost,
    regex: u.regex,
    regexNoMatch: u.regexNoMatch,
    regexOptions: u.regexOptions,
    regexMinOffset: u.regexMinOffset,
    regexMaxOffset: u.regexMaxOffset,
    regexStack: u.regexStack,
  };
}

function connection(co: ConnDraft): CheckerConnection {
  return {
    connectIp: co.dstFamily === undefined ? undefined : inetNtop(co.dstOctets),
    connectPort: co.dstPort,
    bindto: co.bindFamily === undefined ? undefined : inetNtop(co.bindOctets),
    bindPort: co.bindPort === 0 ? undefined : co.bindPort,
    bindIf: co.bindIf,
    connectTimeoutUs: co.connectTimeoutUs ?? 0,
    fwmark: co.fwmark,
  };
}

function scheduled(c: CheckerDraft): ScheduledCheckerBase {
  return {
    alpha: c.alpha ?? false,
    retry: c.retry ?? 0,
    delayBeforeRetryUs: c.delayBeforeRetryUs ?? 0,
    warmupUs: c.warmupUs ?? 0,
    delayLoopUs: c.delayLoopUs ?? 0,
    logAllFailures: c.logAllFailures,
  };
}

function checker(c: CheckerDraft): Checker | undefined {
  const d = c.data;
  const base = (): ScheduledCheckerBase & CheckerConnection => ({ ...scheduled(c), ...connection(c.co as ConnDraft) });
  switch (d.kind) {
    case 'http': {
      const common = {
        ...base(),
        virtualhost: d.virtualhost,
        httpProtocol: d.httpProtocol,
        enableSni: d.enableSni,
        fastRecovery: d.fastRecovery,
        url: d.urls.map(url),
      };
      return c.type === 'SSL_GET' ? { type: 'SSL_GET', ...common } : { type: 'HTTP_GET', ...common };
    }
    case 'smtp':
      return { type: 'SMTP_CHECK', ...base(), heloName: d.heloName as string };
    case 'misc':
      if (d.script === undefined) return undefined;
      return {
        type: 'MISC_CHECK',
        ...scheduled(c),
        miscPath: d.script,
        miscTimeoutUs: d.timeoutUs || c.vs.delayLoopUs,
        miscDynamic: d.dynamic,
      };
    case 'dns':
      return { type: 'DNS_CHECK', ...base(), dnsType: d.dnsType, name: d.name as string };
    case 'udp':
      return {
        type: 'UDP_CHECK',
        ...base(),
        payload: d.payload,
        requireReply: d.requireReply,
        replyData: d.replyData,
        minReplyLength: d.minReplyLength,
        maxReplyLength: d.maxReplyLength,
      };
    case 'file':
      return { type: 'FILE_CHECK', trackFile: d.trackFile as string, weight: d.weight ?? 0, reverse: d.reverse };
    case 'bfd':
      return { type: 'BFD_CHECK', name: d.name as string, alpha: c.alpha ?? false };
    case 'plain':
      return c.type === 'PING_CHECK' ? { type: 'PING_CHECK', ...base() } : { type: 'TCP_CHECK', ...base() };
  }
}

function realServer(rs: RsDraft): RealServer {
  return {
    name: rs.name,
    family: rs.family,
    address: inetNtop(rs.octets),
    port: rs.port,
    weight: rs.weight ?? 1,
    lvsMethod: toForwardingMethod(rs.fwd) ?? { method: 'NAT', type: 'ipip', port: 0, checksum: 'nocsum' },
    uthreshold: rs.uthreshold,
    lthreshold: rs.lthreshold,
    inhibitOnFailure: rs.inhibit ?? false,
    notifyUp: rs.notifyUp,
    notifyDown: rs.notifyDown,
    alpha: rs.alpha ?? false,
    retry: rs.retry,
    delayBeforeRetryUs: rs.delayBeforeRetryUs,
    warmupUs: rs.warmupUs,
    connectTimeoutUs: rs.connectTimeoutUs ?? 0,
    delayLoopUs: rs.delayLoopUs ?? 0,
    smtpAlert: rs.smtpAlert ?? true,
    virtualhost: rs.virtualhost,
    snmpName: rs.snmpName,
    checkers: rs.checkers.map(checker).filter((x): x is Checker => x !== undefined),
  };
}

function sorryServer(s: SorryDraft): SorryServer {
  return {
    family: s.family,
    address: inetNtop(s.octets),
    port: s.port,
    inhibit: s.inhibit,
    lvsMethod: toForwardingMethod(s.fwd),
  };
}

export function virtualServer(vs: VsDraft): VirtualServer {
  return {
    name: vs.name,
    address: vs.kind === 'address' ? inetNtop(vs.octets) : undefined,
    port: vs.port,
    fwmark: vs.kind === 'fwmark' ? vs.fwmark : undefined,
    group: vs.group,
    ipFamily: vs.family,
    delayLoopUs: vs.delayLoopUs,
    connectTimeoutUs: vs.connectTimeoutUs,
    retry: vs.retry,
    delayBeforeRetryUs: vs.delayBeforeRetryUs,
    warmupUs: vs.warmupUs,
    inhibitOnFailure: vs.inhibit,
    lbAlgo: vs.sched,
    schedulerFlags: [...vs.flags],
    lbKind: toForwardingMethod(vs.fwd),
    persistenceEngine: vs.persistenceEngine,
    persistenceTimeout: vs.persistenceTimeout,
    persistenceGranularity: vs.persistenceGranularity,
    protocol: vs.protocol,
    haSuspend: vs.haSuspend,
    smtpAlert: vs.smtpAlert ?? false,
    virtualhost: vs.virtualhost,
    snmpName: vs.snmpName,
    alpha: vs.alpha,
    omega: vs.omega,
    quorumUp: vs.quorumUp,
    quorumDown: vs.quorumDown,
    quorum: vs.quorum,
    hysteresis: vs.hysteresis,
    weight: vs.weight,
    sorryServer: vs.sorry && sorryServer(vs.sorry),
    realServers: vs.rs.map(realServer),
    strayCheckers: vs.stray.map(checker).filter((x): x is Checker => x !== undefined),
  };
}
