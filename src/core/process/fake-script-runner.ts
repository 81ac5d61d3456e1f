// An in-memory ScriptRunner for unit tests: nothing is executed. Each run is recorded; the test ends it with
// exit()/signal()/timeOut(), or a `respond` function ends runs as they start.
import { within, type RunOptions, type ScriptHandle, type ScriptResult, type ScriptRunner } from './script-runner';
import type { ScriptSpec } from './script-spec';

export class FakeRun implements ScriptHandle {
  readonly started: Promise<number | undefined>;
  readonly exited: Promise<ScriptResult>;
  /** Signals sent with kill()/killAll(). */
  readonly signals: NodeJS.Signals[] = [];
  ended = false;
  private resolve!: (r: ScriptResult) => void;

  constructor(
    readonly spec: ScriptSpec,
    readonly options: RunOptions,
    readonly pid: number,
  ) {
    this.started = Promise.resolve(pid);
    this.exited = new Promise((res) => (this.resolve = res));
  }

  /** The argv the script would get. */
  get argv(): readonly string[] {
    return this.spec.args;
  }

  exit(code: number, extra: Partial<ScriptResult> = {}): void {
    this.end({ code, signal: null, timedOut: false, durationMs: 0, ...extra });
  }

  signal(signal: NodeJS.Signals, extra: Partial<ScriptResult> = {}): void {
    this.end({ code: null, signal, timedOut: false, durationMs: 0, ...extra });
  }

  /** What a script that ignored the timeout's SIGTERM reports. */
  timeOut(): void {
    this.signal('SIGKILL', { timedOut: true });
  }

  wait(ms: number): Promise<ScriptResult | undefined> {
    return within(this.exited, ms);
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (!this.ended) this.signals.push(signal);
  }

  private end(r: ScriptResult): void {
    if (this.ended) return;
    this.ended = true;
    this.resolve(r);
  }
}

export class FakeScriptRunner implements ScriptRunner {
  readonly runs: FakeRun[] = [];
  private nextPid = 10000;

  /** Called for every run as it starts; may end it at once (e.g. run.exit(0)). */
  constructor(private readonly respond?: (run: FakeRun) => void) {}

  get running(): number {
    return this.runs.filter((r) => !r.ended).length;
  }

  run(spec: ScriptSpec, options: RunOptions = {}): ScriptHandle {
    const run = new FakeRun(spec, options, this.nextPid++);
    this.runs.push(run);
    this.respond?.(run);
    return run;
  }

  killAll(signal: NodeJS.Signals): void {
    for (const r of this.runs) r.kill(signal);
  }

  /** The argv of every run so far. */
  argvs(): string[][] {
    return this.runs.map((r) => [...r.spec.args]);
  }
}
