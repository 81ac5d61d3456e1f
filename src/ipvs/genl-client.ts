// The real IPVS client: one generic-netlink socket to the kernel's "IPVS" family, whose id is dynamic and resolved
// when the client opens. Requests pipeline; a dump runs alone (RequestGate, as on the rtnetlink command channel).
// Replies are read with checkError:false and the errno taken from NLMSG_ERROR / NLMSG_DONE ourselves, so every
// failure is a NetlinkError naming the errno and the request ("add service TCP 10.0.0.1:80: EEXIST (File exists)").
import { createNetlink, FlagsGet, NetlinkMessage, NetlinkSocket, Protocol } from 'netlink';
import { fromKernelErrno, NetlinkError, toNetlinkError } from '../net/netlink/errors';
import { RequestGate } from '../net/netlink/request-gate';
import { describeDest, describeService } from './describe';
import { Cmd, InfoAttr, IPVS_GENL_NAME, IPVS_GENL_VERSION } from './ip-vs-abi';
import {
  daemonNest, daemonStateNest, decodeDaemon, decodeDest, decodeService, decodeTimeouts, destKeyNest, destNest,
  serviceKeyNest, serviceNest, timeoutAttrs,
} from './messages';
import { AttrMap, readHostU32, str } from './nlattr';
import type {
  DestEntry, DestKey, IpvsClient, IpvsDest, IpvsInfo, IpvsService, IpvsTimeouts, ServiceEntry, ServiceKey,
  SyncDaemonConfig, TableService,
} from './types';

const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const GENL_ID_CTRL = 16;
const CTRL_CMD_GETFAMILY = 3;
const CTRL_ATTR_FAMILY_ID = 1;
const CTRL_ATTR_FAMILY_NAME = 2;
const GENL_HEADER = 4;

export interface GenlIpvsOptions {
  /** Per request; default 5000 ms. */
  timeoutMs?: number;
  /** SO_RCVBUF; default 1 MiB, so a dump of a large table is not cut short. */
  recvBufferSize?: number;
}

/**
 * Opens the socket and resolves the IPVS family. Rejects with a NetlinkError: ENOENT when the kernel has no IPVS
 * (module not loaded).
 */
export async function openIpvsClient(options: GenlIpvsOptions = {}): Promise<IpvsClient> {
  const size = options.recvBufferSize ?? 1 << 20;
  let sock: NetlinkSocket;
  try {
    sock = createNetlink(Protocol.GENERIC, { recvBufferSize: size, sendBufferSize: size });
  } catch (e) {
    throw toNetlinkError(e, 'open generic netlink socket');
  }
  const client = new GenlIpvsClient(sock, options.timeoutMs ?? 5000);
  try {
    await client.resolveFamily();
  } catch (e) {
    client.close();
    throw e;
  }
  return client;
}

function genlHeader(cmd: number, version: number): Buffer {
  return Buffer.from([cmd, version, 0, 0]);
}

class GenlIpvsClient implements IpvsClient {
  private familyId = 0;
  private readonly gate = new RequestGate();
  private readonly inFlight = new Set<(code: string) => void>();
  private closed = false;

  constructor(private readonly sock: NetlinkSocket, private readonly timeoutMs: number) {
    // A receive error (ENOBUFS: replies lost) fails what is in flight now rather than after the timeout.
    sock.on('error', (e: unknown) => {
      const code = toNetlinkError(e, 'generic netlink socket').code;
      for (const reject of [...this.inFlight]) reject(code);
    });
  }

  async resolveFamily(): Promise<void> {
    const op = `resolve generic netlink family ${IPVS_GENL_NAME}`;
    const msgs = await this.talk(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, [str(CTRL_ATTR_FAMILY_NAME, IPVS_GENL_NAME)], 0, op);
    const id = msgs.length ? new AttrMap(msgs[0].subarray(GENL_HEADER)).u16(CTRL_ATTR_FAMILY_ID) : undefined;
    if (!id) throw new NetlinkError('EPROTO', `${op}: no family id in the reply`);
    this.familyId = id;
  }

  /** Sends one request; returns the payloads (genl header included) of the reply messages of the family. */
  private talk(type: number, cmd: number, version: number, attrs: Buffer[], flags: number, op: string, timeoutMs = this.timeoutMs): Promise<Buffer[]> {
    const dump = (flags & FlagsGet.DUMP) === FlagsGet.DUMP;
    return this.gate.run(dump, () => this.send(type, [genlHeader(cmd, version), ...attrs], flags, op, timeoutMs));
  }

  private async send(type: number, data: Buffer[], flags: number, op: string, timeoutMs: number): Promise<Buffer[]> {
    if (this.closed) throw new NetlinkError('ECANCELED', op);
    let abort!: (code: string) => void;
    const aborted = new Promise<never>((_, reject) => (abort = (code) => reject(new NetlinkError(code, op))));
    this.inFlight.add(abort);
    try {
      const reply = this.sock.request(type, data, { flags, checkError: false, timeout: timeoutMs });
      const [msgs] = await Promise.race([reply, aborted]);
      return unpack(msgs, type, op);
    } catch (e) {
      throw toNetlinkError(e, op);
    } finally {
      this.inFlight.delete(abort);
    }
  }

  /** A request to the IPVS family; the attribute streams (genl header stripped) of its replies. */
  private async ipvs(cmd: number, attrs: Buffer[], flags: number, op: string, timeoutMs?: number): Promise<Buffer[]> {
    const msgs = await this.talk(this.familyId, cmd, IPVS_GENL_VERSION, attrs, flags, op, timeoutMs);
    return msgs.map((m) => m.subarray(GENL_HEADER));
  }

  /** Builds a request (a TypeError from a malformed value becomes EINVAL naming the request) and sends it. */
  private async command(cmd: number, build: () => Buffer[], op: string, flags = 0, timeoutMs?: number): Promise<Buffer[]> {
    let attrs: Buffer[];
    try {
      attrs = build();
    } catch (e) {
      throw new NetlinkError('EINVAL', `${op}: ${(e as Error).message}`);
    }
    return this.ipvs(cmd, attrs, flags, op, timeoutMs);
  }

  async info(): Promise<IpvsInfo> {
    const op = 'get IPVS info';
    const [p] = await this.ipvs(Cmd.GET_INFO, [], 0, op);
    const m = p ? new AttrMap(p) : undefined;
    const v = m?.u32(InfoAttr.VERSION);
    const size = m?.u32(InfoAttr.CONN_TAB_SIZE);
    if (v === undefined || size === undefined) throw new NetlinkError('EPROTO', `${op}: unreadable reply`);
    return { version: `${(v >> 16) & 0xff}.${(v >> 8) & 0xff}.${v & 0xff}`, connTableSize: size };
  }

  async listServices(): Promise<ServiceEntry[]> {
    const op = 'list services';
    return decodeAll(await this.ipvs(Cmd.GET_SERVICE, [], FlagsGet.DUMP, op), decodeService, op);
  }

  async getService(key: ServiceKey): Promise<ServiceEntry> {
    const op = `get service ${describeService(key)}`;
    const [p] = await this.command(Cmd.GET_SERVICE, () => [serviceKeyNest(key)], op);
    const s = p ? decodeService(p) : undefined;
    if (!s) throw new NetlinkError('EPROTO', `${op}: unreadable reply`);
    return s;
  }

  async listDests(service: ServiceKey): Promise<DestEntry[]> {
    const op = `list destinations of ${describeService(service)}`;
    const replies = await this.command(Cmd.GET_DEST, () => [serviceKeyNest(service)], op, FlagsGet.DUMP);
    return decodeAll(replies, (p) => decodeDest(p, service.family), op);
  }

  async readTable(): Promise<TableService[]> {
    const out: TableService[] = [];
    for (const entry of await this.listServices()) {
      const { stats: _s, ...service } = entry;
      const dests = (await this.listDests(service)).map(({ stats: _d, activeConns: _a, inactiveConns: _i, persistentConns: _p, ...d }) => d);
      out.push({ service, dests });
    }
    return out;
  }

  async addService(s: IpvsService): Promise<void> {
    await this.command(Cmd.NEW_SERVICE, () => [serviceNest(s)], `add service ${describeService(s)}`);
  }

  async editService(s: IpvsService): Promise<void> {
    await this.command(Cmd.SET_SERVICE, () => [serviceNest(s)], `edit service ${describeService(s)}`);
  }

  async deleteService(key: ServiceKey): Promise<void> {
    await this.command(Cmd.DEL_SERVICE, () => [serviceKeyNest(key)], `delete service ${describeService(key)}`);
  }

  async addDest(service: ServiceKey, d: IpvsDest): Promise<void> {
    const op = `add destination ${describeDest(d)} to ${describeService(service)}`;
    await this.command(Cmd.NEW_DEST, () => [serviceKeyNest(service), destNest(d)], op);
  }

  async editDest(service: ServiceKey, d: IpvsDest): Promise<void> {
    const op = `edit destination ${describeDest(d)} of ${describeService(service)}`;
    await this.command(Cmd.SET_DEST, () => [serviceKeyNest(service), destNest(d)], op);
  }

  async deleteDest(service: ServiceKey, d: DestKey): Promise<void> {
    const op = `delete destination ${describeDest(d)} from ${describeService(service)}`;
    await this.command(Cmd.DEL_DEST, () => [serviceKeyNest(service), destKeyNest(d)], op);
  }

  async flush(): Promise<void> {
    await this.ipvs(Cmd.FLUSH, [], 0, 'flush services');
  }

  async zero(service?: ServiceKey): Promise<void> {
    const op = service ? `zero counters of ${describeService(service)}` : 'zero all counters';
    await this.command(Cmd.ZERO, () => (service ? [serviceKeyNest(service)] : []), op);
  }

  async getTimeouts(): Promise<IpvsTimeouts> {
    const op = 'get timeouts';
    const [p] = await this.ipvs(Cmd.GET_CONFIG, [], 0, op);
    const t = p ? decodeTimeouts(p) : undefined;
    if (!t) throw new NetlinkError('EPROTO', `${op}: unreadable reply`);
    return t;
  }

  async setTimeouts(t: IpvsTimeouts): Promise<void> {
    await this.command(Cmd.SET_CONFIG, () => timeoutAttrs(t), `set timeouts tcp ${t.tcp} tcpfin ${t.tcpFin} udp ${t.udp}`);
  }

  async startSyncDaemon(c: SyncDaemonConfig): Promise<void> {
    const op = `start sync daemon ${c.state} on ${c.interface} syncid ${c.syncId}`;
    await this.command(Cmd.NEW_DAEMON, () => [daemonNest(c)], op);
  }

  async stopSyncDaemon(state: 'master' | 'backup'): Promise<void> {
    // The kernel answers only once the daemon's threads have ended, which can take seconds.
    await this.command(Cmd.DEL_DAEMON, () => [daemonStateNest(state)], `stop sync daemon ${state}`, 0, Math.max(this.timeoutMs, 30_000));
  }

  async listSyncDaemons(): Promise<SyncDaemonConfig[]> {
    const op = 'list sync daemons';
    return decodeAll(await this.ipvs(Cmd.GET_DAEMON, [], FlagsGet.DUMP, op), decodeDaemon, op);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const reject of [...this.inFlight]) reject('ECANCELED');
    this.sock.close();
  }
}

/** The kernel's answer: an errno from NLMSG_ERROR (or a dump's NLMSG_DONE) as a NetlinkError, else the payloads. */
function unpack(msgs: NetlinkMessage[], family: number, op: string): Buffer[] {
  const out: Buffer[] = [];
  for (const m of msgs) {
    if (m.type === NLMSG_ERROR || m.type === NLMSG_DONE) {
      const errno = m.data.length >= 4 ? readHostU32(m.data, 0) | 0 : 0;
      if (errno < 0) throw fromKernelErrno(errno, op);
    } else if (m.type === family) out.push(m.data);
  }
  return out;
}

function decodeAll<T>(payloads: Buffer[], decode: (p: Buffer) => T | undefined, op: string): T[] {
  const out: T[] = [];
  for (const p of payloads) {
    const v = decode(p);
    if (v === undefined) throw new NetlinkError('EPROTO', `${op}: unreadable reply`);
    out.push(v);
  }
  return out;
}

