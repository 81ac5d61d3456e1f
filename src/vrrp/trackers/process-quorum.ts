// Quorum of one vrrp_track_process, as keepalived 2.2.7 keeps it (track_process.c): the tracker has quorum while
// quorum ≤ count ≤ quorum_max. A change of count that changes the verdict is reported at once, except:
// - a rise caused by a fork of a counted process waits fork_delay (a rise by exec is immediate);
// - a fall waits terminate_delay;
// - the opposite movement while such a timer runs cancels it (a fall during a fork delay then reports at once,
//   as keepalived does). When a timer expires the verdict is taken from the count at that moment.
// Pure: counts and the time (µs) are fed in, reports come out; the caller arms a timer for nextDeadline().

export interface QuorumParams {
  readonly name: string;
  readonly quorum: number;
  readonly quorumMax: number;
  readonly forkDelayUs: number;
  readonly terminateDelayUs: number;
}

export interface QuorumStep {
  readonly line?: string;
  /** The new verdict when it changed. */
  readonly changed?: boolean;
}

const NONE: QuorumStep = {};

export class ProcessQuorum {
  count: number;
  haveQuorum: boolean;
  private forkTimer: number | null = null;
  private terminateTimer: number | null = null;

  constructor(readonly p: QuorumParams, initialCount: number) {
    this.count = initialCount;
    this.haveQuorum = this.inQuorum(initialCount);
  }

  private inQuorum(n: number): boolean {
    return n >= this.p.quorum && n <= this.p.quorumMax;
  }

  /** Whether the fork / terminate delay is running (the data dump). */
  get forkDelayRunning(): boolean {
    return this.forkTimer !== null;
  }

  get terminateDelayRunning(): boolean {
    return this.terminateTimer !== null;
  }

  /** The next time a delay expires (µs), or null. */
  nextDeadline(): number | null {
    if (this.forkTimer === null) return this.terminateTimer;
    if (this.terminateTimer === null) return this.forkTimer;
    return Math.min(this.forkTimer, this.terminateTimer);
  }

  /** A new count; `forked` when the rise came from a counted process forking. */
  counted(now: number, count: number, forked: boolean): QuorumStep {
    const before = this.count;
    this.count = count;
    if (count === before) return NONE;
    if (count > before) {
      if (this.terminateTimer !== null) {
        this.terminateTimer = null;
        return this.update(this.inQuorum(count));
      }
      if (this.inQuorum(count) === this.haveQuorum) return NONE;
      if (forked && this.p.forkDelayUs > 0) {
        if (this.forkTimer === null) this.forkTimer = now + this.p.forkDelayUs;
        return NONE;
      }
      return this.update(this.inQuorum(count));
    }
    if (this.forkTimer !== null) {
      this.forkTimer = null;
      return this.update(this.inQuorum(count));
    }
    if (this.inQuorum(count) === this.haveQuorum) return NONE;
    if (this.p.terminateDelayUs > 0) {
      if (this.terminateTimer === null) this.terminateTimer = now + this.p.terminateDelayUs;
      return NONE;
    }
    return this.update(this.inQuorum(count));
  }

  /** Timer expiry: a delay that has run out reports the verdict of the current count. */
  timerFired(now: number): QuorumStep {
    let due = false;
    if (this.forkTimer !== null && this.forkTimer <= now) {
      this.forkTimer = null;
      due = true;
    }
    if (this.terminateTimer !== null && this.terminateTimer <= now) {
      this.terminateTimer = null;
      due = true;
    }
    return due ? this.update(this.inQuorum(this.count)) : NONE;
  }

  private update(now: boolean): QuorumStep {
    if (now === this.haveQuorum) return NONE;
    this.haveQuorum = now;
    return { line: `Quorum ${now ? 'gained' : 'lost'} for tracked process ${this.p.name}`, changed: now };
  }
}
