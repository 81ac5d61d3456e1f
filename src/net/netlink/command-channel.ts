// The real command channel: one rtnetlink socket that only sends requests and reads their replies. It joins no
// multicast group (platform-notes §5: the package matches replies by seq, so a notification caused by our own
// request would be taken for the reply and never reach a listener) — the monitor channel has its own socket.
//
// Requests go out as soon as they are called, so callers pipeline simply by having several in flight (the
// executor does); only a dump waits until it can run alone (request-gate.ts). Replies are read with
// checkError:false and the kernel's errno is taken from the NLMSG_ERROR header itself, so nothing depends on the
// package's error strings; a missing reply ends as ETIMEDOUT, a socket error or close() ends what is in flight.
import { endianness } from 'node:os';
import { AttrStream, createRtNetlink, FlagsGet, FlagsNew, NetlinkMessage, rt, RtNetlinkSocket } from 'netlink';
import { addAddressRequest, deleteAddressRequest, describeAddress } from './address-attrs';
import { fromKernelErrno, NetlinkError, toNetlinkError } from './errors';
import { afOf } from './ip-text';
import { afSpec, describeLinkSettings, describeMacvlan, macBytes, macvlanLinkInfo } from './link-attrs';
import { u32 } from './host-order';
import { parseAddress, parseLink, parseRoute, parseRule } from './parse-messages';
import { RequestGate } from './request-gate';
import { describeRoute, routeRequest } from './route-attrs';
import { describeRule, ruleRequest } from './rule-attrs';
import {
  AddressFilter, AddressSpec, IpFamily, KernelAddress, KernelRoute, KernelRule, LinkInfo, LinkSettings, MacvlanSpec,
  NetlinkCommands, RouteFilter, RouteSpec, RuleSpec,
} from './types';

export interface CommandChannelOptions {
  /** Per request; default 5000 ms. */
  timeoutMs?: number;
  /**
   * SO_RCVBUF; default 1 MiB (the kernel caps it at net.core.rmem_max). Replies to a batch of requests in flight
   * queue here: if it overflows, the kernel drops them and the requests end as ENOBUFS.
   */
  recvBufferSize?: number;
}

const NLMSG_ERROR = 2;
const LE = endianness() === 'LE';
const CREATE_EXCL = FlagsNew.CREATE | FlagsNew.EXCL;

/** Opens the command socket in the calling process's network namespace. Throws a NetlinkError on failure. */
export function createCommandChannel(options: CommandChannelOptions = {}): NetlinkCommands {
  return new CommandChannel(options);
}

class CommandChannel implements NetlinkCommands {
  private readonly sock: RtNetlinkSocket;
  private readonly timeoutMs: number;
  /** Rejecters of the requests in flight (by errno name), to fail them at once on a socket error or close(). */
  private readonly inFlight = new Set<(code: string) => void>();
  private readonly gate = new RequestGate();
  private closed = false;

  constructor(options: CommandChannelOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    const size = options.recvBufferSize ?? 1 << 20;
    try {
      this.sock = createRtNetlink({ recvBufferSize: size, sendBufferSize: size });
    } catch (e) {
      throw toNetlinkError(e, 'open rtnetlink command socket');
    }
    // Without a listener an 'error' event would throw from the event loop. A receive error (ENOBUFS) means
    // replies were lost: fail what is in flight now rather than after the timeout.
    this.sock.socket.on('error', (e) => this.failAll(toNetlinkError(e, 'rtnetlink command socket').code));
  }

  private failAll(code: string): void {
    for (const reject of [...this.inFlight]) reject(code);
  }

  /** Sends one request (a dump alone, see request-gate.ts) and returns the parsed replies; fails with NetlinkErrors. */
  private talk(type: rt.MessageType, flags: number, payload: AttrStream, operation: string): Promise<rt.Message[]> {
    const dump = (flags & FlagsGet.DUMP) === FlagsGet.DUMP;
    return this.gate.run(dump, () => this.send(type, flags, payload, operation));
  }

  private async send(type: rt.MessageType, flags: number, payload: AttrStream, operation: string): Promise<rt.Message[]> {
    if (this.closed) throw new NetlinkError('ECANCELED', operation);
    let abort!: (code: string) => void;
    const aborted = new Promise<never>((_, reject) => (abort = (code) => reject(new NetlinkError(code, operation))));
    this.inFlight.add(abort);
    try {
      const reply = this.sock.socket.request(type, payload.bufs, { flags, checkError: false, timeout: this.timeoutMs });
      const [msgs] = await Promise.race([reply, aborted]);
      return this.unpack(msgs, operation);
    } catch (e) {
      throw toNetlinkError(e, operation);
    } finally {
      this.inFlight.delete(abort);
    }
  }

  private unpack(msgs: NetlinkMessage[], operation: string): rt.Message[] {
    const first = msgs[0];
    if (first && first.type === NLMSG_ERROR) {
      const errno = LE ? first.data.readInt32LE(0) : first.data.readInt32BE(0);
      if (errno !== 0) throw fromKernelErrno(errno, operation);
      return [];
    }
    return msgs.map((m) => rt.parseMessage(m.type, m.data));
  }

  private static stream(format: (out: AttrStream) => void): AttrStream {
    const out = new AttrStream();
    format(out);
    return out;
  }

  async listLinks(): Promise<LinkInfo[]> {
    const payload = CommandChannel.stream((o) => rt.formatLinkMessage({ kind: 'link', data: {}, attrs: {} }, o));
    const msgs = await this.talk(rt.MessageType.GETLINK, FlagsGet.DUMP, payload, 'list links');
    return msgs.flatMap((m) => (m.kind === 'link' ? [parseLink(m)] : []));
  }

  async listAddresses(filter: AddressFilter = {}): Promise<KernelAddress[]> {
    const data: rt.Address = filter.family ? { family: afOf(filter.family) } : {};
    const payload = CommandChannel.stream((o) => rt.formatAddressMessage({ kind: 'address', data, attrs: {} }, o));
    const msgs = await this.talk(rt.MessageType.GETADDR, FlagsGet.DUMP, payload, 'list addresses');
    const out: KernelAddress[] = [];
    for (const m of msgs) {
      const a = m.kind === 'address' ? parseAddress(m) : undefined;
      // The kernel ignores the index in a dump request, so filter here.
      if (a && (filter.index === undefined || a.index === filter.index)) out.push(a);
    }
    return out;
  }

  async addAddress(spec: AddressSpec): Promise<void> {
    const op = `add address ${describeAddress(spec)}`;
    const req = build(() => addAddressRequest(spec), op);
    const payload = CommandChannel.stream((o) => rt.formatAddressMessage({ kind: 'address', ...req }, o));
    await this.talk(rt.MessageType.NEWADDR, CREATE_EXCL, payload, op);
  }

  async deleteAddress(spec: AddressSpec): Promise<void> {
    const op = `delete address ${describeAddress(spec)}`;
    const req = build(() => deleteAddressRequest(spec), op);
    const payload = CommandChannel.stream((o) => rt.formatAddressMessage({ kind: 'address', ...req }, o));
    await this.talk(rt.MessageType.DELADDR, 0, payload, op);
  }

  async listRoutes(filter: RouteFilter = {}): Promise<KernelRoute[]> {
    const data: rt.Route = filter.family ? { family: afOf(filter.family) } : {};
    const payload = CommandChannel.stream((o) => rt.formatRouteMessage({ kind: 'route', data, attrs: {} }, o));
    const msgs = await this.talk(rt.MessageType.GETROUTE, FlagsGet.DUMP, payload, 'list routes');
    const out: KernelRoute[] = [];
    for (const m of msgs) {
      const r = m.kind === 'route' ? parseRoute(m) : undefined;
      if (!r) continue;
      if (filter.table !== undefined && r.table !== filter.table) continue;
      if (filter.protocol !== undefined && r.protocol !== filter.protocol) continue;
      out.push(r);
    }
    return out;
  }

  async addRoute(spec: RouteSpec): Promise<void> {
    const op = `add route ${describeRoute(spec)}`;
    const req = build(() => routeRequest(spec, 'add'), op);
    const payload = CommandChannel.stream((o) => rt.formatRouteMessage({ kind: 'route', ...req }, o));
    await this.talk(rt.MessageType.NEWROUTE, CREATE_EXCL, payload, op);
  }

  async deleteRoute(spec: RouteSpec): Promise<void> {
    const op = `delete route ${describeRoute(spec)}`;
    const req = build(() => routeRequest(spec, 'delete'), op);
    const payload = CommandChannel.stream((o) => rt.formatRouteMessage({ kind: 'route', ...req }, o));
    await this.talk(rt.MessageType.DELROUTE, 0, payload, op);
  }

  async listRules(family?: IpFamily): Promise<KernelRule[]> {
    const data: rt.Rule = family ? { family: afOf(family) } : {};
    const payload = CommandChannel.stream((o) => rt.formatRuleMessage({ kind: 'rule', data, attrs: {} }, o));
    const msgs = await this.talk(rt.MessageType.GETRULE, FlagsGet.DUMP, payload, 'list rules');
    return msgs.flatMap((m) => {
      const r = m.kind === 'rule' ? parseRule(m) : undefined;
      return r ? [r] : [];
    });
  }

  async addRule(spec: RuleSpec): Promise<void> {
    const op = `add rule ${describeRule(spec)}`;
    const req = build(() => ruleRequest(spec, 'add'), op);
    const payload = CommandChannel.stream((o) => rt.formatRuleMessage({ kind: 'rule', ...req }, o));
    await this.talk(rt.MessageType.NEWRULE, CREATE_EXCL, payload, op);
  }

  async deleteRule(spec: RuleSpec): Promise<void> {
    const op = `delete rule ${describeRule(spec)}`;
    const req = build(() => ruleRequest(spec, 'delete'), op);
    const payload = CommandChannel.stream((o) => rt.formatRuleMessage({ kind: 'rule', ...req }, o));
    await this.talk(rt.MessageType.DELRULE, 0, payload, op);
  }

  async addMacvlan(spec: MacvlanSpec): Promise<number> {
    const op = `add link ${describeMacvlan(spec)}`;
    const attrs = build(() => ({
      ifname: spec.name, address: macBytes(spec.mac), link: u32(spec.parent), linkinfo: macvlanLinkInfo(spec.mode),
    }), op);
    const payload = CommandChannel.stream((o) => rt.formatLinkMessage({ kind: 'link', data: { family: 0 }, attrs }, o));
    await this.talk(rt.MessageType.NEWLINK, CREATE_EXCL, payload, op);
    // The acknowledgement carries no index: ask for the link by name.
    const query = CommandChannel.stream((o) => rt.formatLinkMessage({ kind: 'link', data: {}, attrs: { ifname: spec.name } }, o));
    const msgs = await this.talk(rt.MessageType.GETLINK, 0, query, `get link ${spec.name}`);
    const link = msgs.find((m) => m.kind === 'link');
    if (!link || link.kind !== 'link') throw new NetlinkError('ENODEV', `get link ${spec.name}`);
    return parseLink(link).index;
  }

  async setLink(settings: LinkSettings): Promise<void> {
    const op = `set link ${describeLinkSettings(settings)}`;
    const data: rt.Link = { family: 0, index: settings.index };
    if (settings.up !== undefined) {
      data.flags = settings.up ? { up: true } : {};
      data.change = { up: true };
    }
    const spec = afSpec(settings);
    const payload = CommandChannel.stream((o) => rt.formatLinkMessage({ kind: 'link', data, attrs: spec ? { afSpec: spec } : {} }, o));
    await this.talk(rt.MessageType.NEWLINK, 0, payload, op);
  }

  async deleteLink(index: number): Promise<void> {
    const op = `delete link index ${index}`;
    const payload = CommandChannel.stream((o) => rt.formatLinkMessage({ kind: 'link', data: { family: 0, index }, attrs: {} }, o));
    await this.talk(rt.MessageType.DELLINK, 0, payload, op);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.failAll('ECANCELED');
    this.sock.socket.close();
  }
}

/** Runs a request builder, turning a malformed spec (TypeError) into an EINVAL NetlinkError. */
function build<T>(make: () => T, operation: string): T {
  try {
    return make();
  } catch (e) {
    throw new NetlinkError('EINVAL', `${operation}: ${(e as Error).message}`);
  }
}
