// Every vrrp_track_process of the configuration: one ProcessScanner polled every POLL_MS feeds each tracker's
// ProcessQuorum, whose delay timers are armed here. The latency of a start or exit is therefore up to POLL_MS plus
// the scan (keepalived's proc connector reports at once); a process that starts and ends between two polls is
// not seen. The initial scan is awaited at start, so the instances see the quorum from their first state, as
// keepalived counts the processes before it initialises the instances.
import type { VrrpTrackProcess } from '../../config/model/trackers';
import type { Logger } from '../../core/logging/logger';
import { maxProcessNameLength, processMatcher } from './process-match';
import { ProcessQuorum } from './process-quorum';
import { ProcessScanner } from './process-scanner';

/** How often /proc is scanned. */
export const POLL_MS = 200;

export type ProcessListener = (name: string, haveQuorum: boolean) => void;

export class ProcessTrackers {
  readonly quorums = new Map<string, ProcessQuorum>();
  private readonly scanner: ProcessScanner;
  private poll: NodeJS.Timeout | undefined;
  private delay: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly t0 = performance.now();

  constructor(
    readonly configs: readonly VrrpTrackProcess[],
    private readonly log: Logger,
    private readonly onChange: ProcessListener,
  ) {
    this.scanner = new ProcessScanner(configs.map(processMatcher), maxProcessNameLength(configs));
  }

  private nowUs(): number {
    return Math.round((performance.now() - this.t0) * 1000);
  }

  /** The first scan; `previous` carries quorum verdicts over a reload (a kept tracker keeps its state). */
  async start(previous?: ReadonlyMap<string, ProcessQuorum>): Promise<void> {
    const counts = await this.scanner.scan(performance.now());
    const now = this.nowUs();
    this.configs.forEach((c, i) => {
      const params = {
        name: c.name, quorum: c.quorum, quorumMax: c.quorumMax, forkDelayUs: c.forkDelayUs, terminateDelayUs: c.terminateDelayUs,
      };
      const old = previous?.get(c.name);
      if (!old) {
        this.quorums.set(c.name, new ProcessQuorum(params, counts[i].count));
        return;
      }
      // A kept tracker keeps its verdict; a count that moved across the (new) quorum is reported now.
      const q = new ProcessQuorum(params, old.count);
      q.haveQuorum = old.haveQuorum;
      this.quorums.set(c.name, q);
      this.apply(q.counted(now, counts[i].count, false), q);
    });
    this.armDelay();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.poll) clearTimeout(this.poll);
    if (this.delay) clearTimeout(this.delay);
  }

  private schedule(): void {
    if (this.stopped || this.configs.length === 0) return;
    this.poll = setTimeout(() => void this.tick(), POLL_MS);
  }

  private async tick(): Promise<void> {
    const counts = await this.scanner.scan(performance.now());
    if (this.stopped) return;
    const now = this.nowUs();
    this.configs.forEach((c, i) => {
      const q = this.quorums.get(c.name);
      if (q) this.apply(q.counted(now, counts[i].count, counts[i].forked), q);
    });
    this.armDelay();
    this.schedule();
  }

  private apply(step: { line?: string; changed?: boolean }, q: ProcessQuorum): void {
    if (step.line) this.log.info(step.line);
    if (step.changed !== undefined) this.onChange(q.p.name, step.changed);
  }

  private armDelay(): void {
    if (this.delay) clearTimeout(this.delay);
    this.delay = undefined;
    let next: number | null = null;
    for (const q of this.quorums.values()) {
      const d = q.nextDeadline();
      if (d !== null && (next === null || d < next)) next = d;
    }
    if (next === null) return;
    this.delay = setTimeout(() => {
      const now = this.nowUs();
      for (const q of this.quorums.values()) this.apply(q.timerFired(now), q);
      this.armDelay();
    }, Math.max(0, (next - this.nowUs()) / 1000));
  }
}
