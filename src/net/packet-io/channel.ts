// What every Channel does whatever its backend: keep the registered endpoints (in the demultiplexer), join a
// multicast group when its first instance arrives and leave it with its last, resolve the default source address,
// and count handler exceptions. Backends supply the sockets (or the fake wire).
import { ipBytes } from '../addon/addresses';
import { ChannelCounters } from './drop-counters';
import { Demux } from './demux';
import { Endpoint, EndpointHost } from './endpoint';
import type { Channel, EndpointHandlers, EndpointSpec, Family } from './packet-io';

/** Where exceptions thrown by the daemon's handlers go: by default re-thrown outside the receive batch. */
export type HandlerErrorSink = (err: unknown) => void;

export const rethrowLater: HandlerErrorSink = (err) => {
  process.nextTick(() => {
    throw err;
  });
};

export abstract class ChannelBase implements Channel, EndpointHost {
  readonly counters = new ChannelCounters();
  protected readonly demux: Demux;
  private readonly groups = new Map<string, number>();
  protected closed = false;

  constructor(
    readonly ifname: string,
    readonly family: Family,
    readonly ifindex: number,
    private readonly onHandlerError: HandlerErrorSink,
  ) {
    this.demux = new Demux(family, this.counters, `${ifname} (IPv${family})`);
  }

  get endpointCount(): number {
    return this.demux.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The endpoint registered here; the concrete class so backends and tests can reach its counters and state. */
  register(spec: EndpointSpec, handlers: EndpointHandlers): Endpoint {
    if (this.closed) throw new Error(`(${spec.name}) channel ${this.ifname} IPv${this.family} is closed`);
    if (spec.ifname !== this.ifname || spec.family !== this.family) {
      throw new Error(`(${spec.name}) is for ${spec.ifname} IPv${spec.family}, not ${this.ifname} IPv${this.family}`);
    }
    const src = this.sourceFor(spec);
    const ep = new Endpoint(spec, handlers, this, src);
    this.demux.add(ep);
    if (!ep.unicast) {
      try {
        this.joinCounted(ep.groupText);
      } catch (e) {
        this.demux.remove(ep);
        throw e;
      }
    }
    this.endpointAdded(ep);
    return ep;
  }

  unregister(ep: Endpoint): void {
    this.demux.remove(ep);
    if (!ep.unicast) this.leaveCounted(ep.groupText);
  }

  handlerError(err: unknown): void {
    this.counters.handlerErrors++;
    this.onHandlerError(err);
  }

  private joinCounted(group: string): void {
    const n = this.groups.get(group) ?? 0;
    if (n === 0) this.join(group);
    this.groups.set(group, n + 1);
  }

  private leaveCounted(group: string): void {
    const n = this.groups.get(group) ?? 0;
    if (n <= 1) {
      this.groups.delete(group);
      if (n === 1 && !this.closed) this.leave(group);
    } else {
      this.groups.set(group, n - 1);
    }
  }

  /** Groups joined on this channel (for tests and dumps). */
  joinedGroups(): string[] {
    return [...this.groups.keys()];
  }

  private sourceFor(spec: EndpointSpec): Uint8Array {
    const what = `(${spec.name})`;
    if (spec.srcIp !== undefined) {
      let b: Uint8Array;
      try {
        b = ipBytes(spec.srcIp);
      } catch {
        throw new Error(`${what} source address ${spec.srcIp} is not an IP address`);
      }
      if (b.length !== (this.family === 4 ? 4 : 16)) throw new Error(`${what} source ${spec.srcIp} is not IPv${this.family}`);
      return b;
    }
    const text = this.defaultSource();
    if (!text) {
      throw new Error(
        this.family === 4
          ? `${what} ${this.ifname} has no IPv4 address to send adverts from; set mcast_src_ip / unicast_src_ip`
          : `${what} ${this.ifname} has no link-local IPv6 address to send adverts from`,
      );
    }
    return ipBytes(text);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const ep of this.demux.endpoints()) ep.close();
    this.groups.clear();
    this.closeWire();
  }

  /** The interface's primary IPv4 or its link-local IPv6, or undefined. */
  protected abstract defaultSource(): string | undefined;
  protected abstract join(group: string): void;
  protected abstract leave(group: string): void;
  protected endpointAdded(_ep: Endpoint): void {}
  protected abstract closeWire(): void;
  abstract send4(packet: Buffer, dst: Uint8Array, owner: Endpoint): boolean;
  abstract send6(payload: Buffer, dst: Uint8Array, hops: number, src: Uint8Array, owner: Endpoint): boolean;
}
