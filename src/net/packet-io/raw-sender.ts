// The send side of a real channel. Uncorked, each advert copy goes straight from its zero-copy wasm view to the
// kernel (one sendmsg). Corked (PacketIO.cork, e.g. around a timer tick that sends many adverts), copies are
// collected in one preallocated SendBatch and leave in sendmmsg calls; a full batch is sent at once. So there is
// never a queue in user space that can grow (platform-notes §7: raw-socket's unbounded send queue collapses):
// a copy the kernel refuses (EAGAIN / ENOBUFS when the socket buffer is full) is counted and dropped.
import { RawSocket, SendBatch } from '../addon';
import type { Endpoint } from './endpoint';

export class RawSender {
  private batch: SendBatch | undefined;
  private readonly owners: (Endpoint | undefined)[];
  private corked = false;

  constructor(
    private readonly socket: RawSocket,
    private readonly capacity: number,
    /** The largest packet this socket sends (sizes the batch so the packet count is always the limit). */
    private readonly maxPacket: number,
  ) {
    this.owners = new Array<Endpoint | undefined>(capacity).fill(undefined);
  }

  /** Hands one copy to the kernel, or to the batch while corked; failures go to owner.sendFailed. */
  send(data: Buffer, dst: Uint8Array, ifindex: number, hops: number, src: Uint8Array | null, owner: Endpoint): boolean {
    if (this.corked) {
      let b = this.batch;
      if (!b) b = this.batch = new SendBatch(this.capacity, this.capacity * this.maxPacket);
      else if (b.count >= this.capacity) this.flush();
      const off = b.reserve(data.length, dst, ifindex, hops, src ?? undefined);
      b.data.set(data, off);
      this.owners[b.count - 1] = owner;
      return true;
    }
    try {
      this.socket.sendTo(data, 0, data.length, dst, ifindex, hops, src);
      owner.counters.sent++;
      return true;
    } catch (e) {
      owner.sendFailed(e as NodeJS.ErrnoException);
      return false;
    }
  }

  setCorked(corked: boolean): void {
    if (this.corked && !corked) this.flush();
    this.corked = corked;
  }

  /** Sends what the batch holds (sendmmsg); a refused copy is counted on its owner and the rest go on. */
  flush(): void {
    const b = this.batch;
    if (!b || b.count === 0) return;
    const count = b.count;
    let start = 0;
    while (start < count) {
      try {
        const n = this.socket.sendBatch(b, start, count - start);
        for (let i = start; i < start + n; i++) (this.owners[i] as Endpoint).counters.sent++;
        start += n;
      } catch (e) {
        // sendBatch throws for the first packet it could not send: count it and go on with the next
        (this.owners[start] as Endpoint).sendFailed(e as NodeJS.ErrnoException);
        start++;
      }
    }
    b.clear();
    this.owners.fill(undefined);
  }
}
