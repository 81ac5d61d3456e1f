// The IPsec AH sequence counter of one instance (RFC 2402 §3.3.2 framing, keepalived's use of it). One counter
// serves both directions, as in keepalived: a received advert must carry a sequence number above it (replay
// protection) and raises it; each sent advert increments it. It never wraps: past 0xFFFFFFFD it stops and marks
// the cycle, so our adverts start failing the peers' replay check and they take over; the counter restarts from 0
// the next time this instance becomes master.

export const AH_SEQUENCE_LIMIT = 0xfffffffd;

export class AhSequence {
  seq = 0;
  cycle = false;

  /** The number for the next sent advert. */
  next(): number {
    if (this.seq > AH_SEQUENCE_LIMIT) this.cycle = true;
    else this.seq++;
    return this.seq;
  }

  /** Replay check for a received advert; raises the counter when accepted. */
  accept(received: number): boolean {
    if (received > this.seq) {
      this.seq = received;
      return true;
    }
    return false;
  }

  /** Becoming master after a cycle: start again from 0. */
  resetIfCycled(): void {
    if (this.cycle) {
      this.cycle = false;
      this.seq = 0;
    }
  }

  /** A master heard a lower-priority AH advert: continue above the sender's number. */
  resyncAbove(received: number): void {
    this.seq = (received + 1) >>> 0; // uint32, as in keepalived
    this.cycle = false;
  }
}
