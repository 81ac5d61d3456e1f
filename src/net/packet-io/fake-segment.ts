// An in-memory L2 segment for FakePacketIO: what one attached port sends reaches the other ports after a delay the
// test chooses, in virtual time the test advances (deterministic: one ordered queue, no timers). Multicast reaches
// the ports whose channel joined the group (never the sender: multicast loop is off), unicast the port that owns
// the destination address. Every frame is logged in `sent` for assertions.
import { ipString } from '../addon/addresses';
import type { Family } from './packet-io';

/** One advert copy on the segment. Bytes are a copy (IPv4: whole packet; IPv6: the VRRP payload). */
export interface FakeFrame {
  /** Virtual time it was sent. */
  readonly at: number;
  readonly from: FakePortLike;
  readonly family: Family;
  readonly bytes: Buffer;
  /** 4 or 16 bytes. */
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
  /** IPv4 TTL / IPv6 hop limit it carries. */
  readonly hops: number;
  readonly multicast: boolean;
  /** The sender's fields, for the plain (no wasm decode) receive mode. */
  readonly plain?: PlainAdvert;
}

/** What the plain mode hands over without decoding (the sender's own view of its advert). */
export interface PlainAdvert {
  version: number;
  vrid: number;
  priority: number;
  authType: number;
  wireInterval: number;
  ahSeq: number;
  /** The VIPs, 4 or 16 bytes each. */
  addrs: Uint8Array;
}

/** A neighbour burst a port sent (GARP / unsolicited NA). */
export interface FakeNeighbourBurst {
  readonly at: number;
  readonly from: FakePortLike;
  readonly kind: 'garp' | 'na';
  readonly vip: string;
  readonly count: number;
}

/** The port side the segment needs (implemented in fake-packet-io.ts). */
export interface FakePortLike {
  readonly name: string;
  /** Whether this port takes a frame of family to dst now (channel open; group joined or address owned). */
  accepts(family: Family, dst: Uint8Array, multicast: boolean): boolean;
  receive(frame: FakeFrame): void;
}

export interface FakeSegmentOptions {
  /** Delay of each copy, in the unit of `now`; null drops the copy. Default 0. */
  delay?: number | ((frame: FakeFrame, to: FakePortLike) => number | null);
  /** Receive through the real wasm decoder (default true); false hands over the sender's fields (faster). */
  decode?: boolean;
}

interface Pending {
  due: number;
  seq: number;
  frame: FakeFrame;
  to: FakePortLike;
}

export class FakeSegment {
  /** Virtual time, in whatever unit the test uses (delays are in the same unit). */
  now = 0;
  readonly decode: boolean;
  delay: NonNullable<FakeSegmentOptions['delay']>;
  /** Every frame sent on the segment, in order. */
  readonly sent: FakeFrame[] = [];
  readonly neighbourBursts: FakeNeighbourBurst[] = [];
  private readonly ports: FakePortLike[] = [];
  private queue: Pending[] = [];
  private seq = 0;

  constructor(options: FakeSegmentOptions = {}) {
    this.decode = options.decode ?? true;
    this.delay = options.delay ?? 0;
  }

  attach(port: FakePortLike): void {
    if (!this.ports.includes(port)) this.ports.push(port);
  }

  detach(port: FakePortLike): void {
    const i = this.ports.indexOf(port);
    if (i >= 0) this.ports.splice(i, 1);
    this.queue = this.queue.filter((p) => p.to !== port);
  }

  /** Puts a frame on the segment: queued for every port that takes it now. */
  transmit(frame: FakeFrame): void {
    this.sent.push(frame);
    for (const to of this.ports) {
      if (to === frame.from || !to.accepts(frame.family, frame.dst, frame.multicast)) continue;
      const d = typeof this.delay === 'number' ? this.delay : this.delay(frame, to);
      if (d === null) continue;
      this.enqueue({ due: this.now + Math.max(0, d), seq: this.seq++, frame, to });
    }
  }

  private enqueue(p: Pending): void {
    // ordered by (due, seq): binary search for the insertion point
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const q = this.queue[mid];
      if (q.due < p.due || (q.due === p.due && q.seq < p.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, p);
  }

  /** Copies not yet delivered. */
  get pending(): number {
    return this.queue.length;
  }

  /** The time the next copy is due, or undefined. */
  nextDue(): number | undefined {
    return this.queue[0]?.due;
  }

  /** Delivers every copy due by `now` (including those sent by receivers meanwhile); returns how many. */
  deliverDue(): number {
    let n = 0;
    while (this.queue.length > 0 && this.queue[0].due <= this.now) {
      const p = this.queue.shift() as Pending;
      p.to.receive(p.frame);
      n++;
    }
    return n;
  }

  /** Moves virtual time forward by dt, delivering in order what falls due on the way. */
  advance(dt: number): number {
    const end = this.now + dt;
    let n = 0;
    for (let due = this.nextDue(); due !== undefined && due <= end; due = this.nextDue()) {
      this.now = Math.max(this.now, due);
      n += this.deliverDue();
    }
    this.now = end;
    return n;
  }

  /** Delivers everything queued (moving time to each due time); returns how many. */
  flush(): number {
    let n = 0;
    for (let due = this.nextDue(); due !== undefined; due = this.nextDue()) {
      this.now = Math.max(this.now, due);
      n += this.deliverDue();
    }
    return n;
  }

  /** Records a neighbour burst (the fake sends no frames for them). */
  recordNeighbours(burst: Omit<FakeNeighbourBurst, 'at'>): void {
    this.neighbourBursts.push({ at: this.now, ...burst });
  }

  /** Frames sent so far as readable lines (allocates; for test messages). */
  describe(): string[] {
    return this.sent.map((f) => `${f.at} ${f.from.name} ${ipString(f.src)} > ${ipString(f.dst)} ${f.bytes.length}B`);
  }
}
