// One vrrp_script, run as keepalived runs it: at once when started, then every `interval` counted from the start
// of the previous run (keepalived re-arms its timer before it starts the script); the script is killed at
// `timeout` (SIGTERM to its process group, SIGKILL 2 s later: the runner's timeout). keepalived 2.2.7 logs when the
// previous run is still going and then starts the next run all the same (its "skipping run" does not return), so
// this does too. Runs never block the loop: the runner starts the process and reports its exit.
import type { VrrpScript } from '../../config/model/trackers';
import type { Logger } from '../../core/logging/logger';
import type { ScriptHandle, ScriptRunner } from '../../core/process/script-runner';
import { classifyResult, ScriptState } from './script-state';

export type ScriptListener = (ok: boolean) => void;

export class ScriptTracker {
  private timer: NodeJS.Timeout | undefined;
  private running: ScriptHandle | undefined;
  private timingOut = false;
  private stopped = false;

  constructor(
    public config: VrrpScript,
    public state: ScriptState,
    private readonly runner: ScriptRunner,
    private readonly log: Logger,
    private readonly onChange: ScriptListener,
  ) {}

  get name(): string {
    return this.config.name;
  }

  /** keepalived's script state words (the data dump): a run past its timeout is being terminated. */
  get runState(): 'idle' | 'running' | 'requested termination' {
    return !this.running ? 'idle' : this.timingOut ? 'requested termination' : 'running';
  }

  start(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => this.tick(), 0);
  }

  /** Stops the timer; a run in progress is left to end (kill: killed) and its result ignored. */
  stop(kill = true): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (kill) this.running?.kill('SIGKILL');
    this.running = undefined;
  }

  private tick(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.tick(), Math.max(1, this.config.intervalUs / 1000));
    if (this.running) {
      this.log.info(`Track script ${this.name} is ${this.timingOut ? 'being timed out' : 'already running'}, expect idle - skipping run`);
    }
    const ref = this.config.script;
    const timeoutMs = (this.config.timeoutUs || this.config.intervalUs) / 1000;
    const handle = this.runner.run(ref, { timeoutMs });
    this.running = handle;
    this.timingOut = false;
    const timeoutTimer = setTimeout(() => {
      if (this.running === handle) this.timingOut = true;
    }, timeoutMs);
    void handle.exited.then((r) => {
      clearTimeout(timeoutTimer);
      if (this.running === handle) {
        this.running = undefined;
        this.timingOut = false;
      }
      if (this.stopped) return;
      const step = this.state.exited(classifyResult(r));
      for (const l of step.lines) this.log.info(l);
      if (step.changed !== undefined) this.onChange(step.changed);
    });
  }
}
