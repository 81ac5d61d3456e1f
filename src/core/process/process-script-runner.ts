// Runs scripts as keepalived 2.2.7 does (observed with strace):
// - as the script's user: setgid, setgroups, setuid in the child (spawn's uid/gid; only when they differ from ours);
// - in a process group of its own (setpgid; here spawn's detached, i.e. setsid) so that a timeout can signal the
//   script and everything it started;
// - stdin, stdout and stderr on /dev/null; the daemon's environment unchanged; the daemon's umask (0177 unless -u);
// - exec mode: execve(program, [program, args...]) with PR_SET_PDEATHSIG = SIGTERM (see pdeathsig.ts), argv[0]
//   being the path found by the configuration's PATH search / symlink resolution;
// - shell mode: /bin/sh -c '<cmd_str>' (system()); keepalived's wrapper turns sh's 127 (not found) and 126 (not
//   executable) into exit 0 with a LOG_ALERT line, and a signal into the same signal;
// - timeout (vrrp_script/MISC_CHECK): kill(-pgid, SIGTERM), then kill(-pgid, SIGKILL) 2 s later if the script has
//   not exited. A script that exits on the SIGTERM reports its own exit code (keepalived logs "failed (exited with
//   status N)" then), one killed by SIGKILL reports the signal ("timed_out").
// Nothing here blocks: mode choice and PATH search are asynchronous stats, the process is watched by its events.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Logger } from '../logging/logger';
import { execProblem } from './choose-mode';
import { findInPath } from './path-search';
import { SETPRIV, withPdeathsig } from './pdeathsig';
import {
  DEFAULT_KILL_GRACE_MS,
  within,
  type RunOptions,
  type ScriptHandle,
  type ScriptResult,
  type ScriptRunner,
} from './script-runner';
import { shellCommand, type ScriptMode, type ScriptSpec } from './script-spec';

export interface ProcessScriptRunnerOptions {
  /** Receives keepalived's script error lines (LOG_ALERT). */
  logger?: Logger;
  /** Set PR_SET_PDEATHSIG on exec'd scripts (default: when setpriv is installed). */
  pdeathsig?: boolean;
  /** The environment scripts get (default: the daemon's). */
  env?: NodeJS.ProcessEnv;
  /** The shell of shell mode (default /bin/sh, as system()). */
  shell?: string;
}

interface Launch {
  file: string;
  args: string[];
  argv0?: string;
  mode: ScriptMode;
  /** How the command is named in log lines. */
  text: string;
}

export class ProcessScriptRunner implements ScriptRunner {
  private readonly live = new Set<RunningScript>();
  private readonly pdeathsig: boolean;

  constructor(private readonly options: ProcessScriptRunnerOptions = {}) {
    // One stat at construction (daemon start), never on the path of a script run.
    this.pdeathsig = options.pdeathsig ?? existsSync(SETPRIV);
  }

  get running(): number {
    return this.live.size;
  }

  run(spec: ScriptSpec, options: RunOptions = {}): ScriptHandle {
    const script = new RunningScript(options, this.options.logger);
    this.live.add(script);
    void script.exited.then(() => this.live.delete(script));
    void this.launch(spec).then(
      (launch) => script.start(launch, this.spawnOptions(spec)),
      (err: NodeJS.ErrnoException) => script.fail(err, String(spec.resolvedPath ?? spec.args[0])),
    );
    return script;
  }

  killAll(signal: NodeJS.Signals): void {
    for (const s of this.live) s.kill(signal);
  }

  private async launch(spec: ScriptSpec): Promise<Launch> {
    if (spec.args.length === 0) throw Object.assign(new Error('empty script command'), { code: 'ENOENT' });
    const { uid, gid } = ids(spec);
    let program = spec.resolvedPath ?? spec.args[0];
    if (!program.includes('/') && !program.trimStart().startsWith('<')) {
      program = (await findInPath(program, uid, gid, (this.options.env ?? process.env).PATH)) ?? program;
    }
    const shellTest = program.trimStart().startsWith('<');
    // One stat decides both the mode and, for exec, whether the start can work at all: setpriv would otherwise
    // report a missing program as its own exit 127, indistinguishable from the script's.
    const problem = shellTest || spec.mode === 'shell' ? undefined : await execProblem(program, uid, gid);
    const mode = spec.mode ?? (shellTest || problem !== undefined ? 'shell' : 'exec');
    if (mode === 'exec' && problem !== undefined) {
      throw Object.assign(new Error(`${problem}: ${program}`), { code: problem, errno: problem === 'ENOENT' ? -2 : -13 });
    }
    if (mode === 'shell') {
      const cmd = shellCommand(spec.args);
      const shell = this.options.shell ?? '/bin/sh';
      return { file: shell, args: ['-c', cmd], argv0: 'sh', mode, text: cmd };
    }
    const rest = spec.args.slice(1);
    if (this.pdeathsig) return { ...withPdeathsig(program, rest), mode, text: program };
    return { file: program, args: rest, mode, text: program };
  }

  private spawnOptions(spec: ScriptSpec): { uid?: number; gid?: number; env?: NodeJS.ProcessEnv } {
    const { uid, gid } = ids(spec);
    const o: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv } = { env: this.options.env };
    if (gid !== process.getgid?.()) o.gid = gid;
    if (uid !== process.getuid?.()) o.uid = uid;
    return o;
  }
}

function ids(spec: ScriptSpec): { uid: number; gid: number } {
  return { uid: spec.uid ?? process.getuid?.() ?? 0, gid: spec.gid ?? process.getgid?.() ?? 0 };
}

/** One script from start to end: its timers, its result. */
class RunningScript implements ScriptHandle {
  pid: number | undefined;
  readonly started: Promise<number | undefined>;
  readonly exited: Promise<ScriptResult>;
  private resolveStarted!: (pid: number | undefined) => void;
  private resolveExited!: (r: ScriptResult) => void;
  private child: ChildProcess | undefined;
  private done = false;
  private timedOut = false;
  private readonly t0 = performance.now();
  private termTimer: NodeJS.Timeout | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private pendingSignal: NodeJS.Signals | undefined;

  constructor(
    private readonly options: RunOptions,
    private readonly logger: Logger | undefined,
  ) {
    this.started = new Promise((res) => (this.resolveStarted = res));
    this.exited = new Promise((res) => (this.resolveExited = res));
  }

  start(launch: Launch, o: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv }): void {
    let child: ChildProcess;
    try {
      child = spawn(launch.file, launch.args, { ...o, argv0: launch.argv0, detached: true, stdio: 'ignore' });
    } catch (e) {
      this.fail(e as NodeJS.ErrnoException, launch.text);
      return;
    }
    this.child = child;
    child.once('error', (err: NodeJS.ErrnoException) => {
      if (child.pid === undefined) this.fail(err, launch.text);
    });
    if (child.pid === undefined) return; // 'error' follows
    this.pid = child.pid;
    this.resolveStarted(child.pid);
    child.once('exit', (code, signal) => this.onExit(launch, code, signal));
    if (this.pendingSignal) this.kill(this.pendingSignal);
    if (this.options.timeoutMs !== undefined) {
      this.termTimer = setTimeout(() => this.onTimeout(), this.options.timeoutMs);
    }
  }

  /** The program could not be started: keepalived logs it and its script child exits 0. */
  fail(err: NodeJS.ErrnoException, text: string): void {
    if (this.done) return;
    this.logger?.alert(`Error exec-ing command '${text}', error ${-(err.errno ?? 0)}: ${describe(err)}`);
    this.resolveStarted(undefined);
    this.finish({ code: 0, signal: null, timedOut: false, error: err, durationMs: performance.now() - this.t0 });
  }

  wait(ms: number): Promise<ScriptResult | undefined> {
    return within(this.exited, ms);
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.done) return;
    if (this.pid === undefined) {
      this.pendingSignal = signal; // still being prepared: signal it as soon as it exists
      return;
    }
    try {
      process.kill(-this.pid, signal);
    } catch {
      // the group is gone already
    }
  }

  private onTimeout(): void {
    this.timedOut = true;
    this.kill('SIGTERM');
    this.killTimer = setTimeout(() => this.kill('SIGKILL'), this.options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
  }

  private onExit(launch: Launch, code: number | null, signal: NodeJS.Signals | null): void {
    if (launch.mode === 'shell' && (code === 127 || code === 126)) {
      this.logger?.alert(`${code === 127 ? "Couldn't find" : "Couldn't execute"} command: ${launch.text}`);
      code = 0;
    }
    this.finish({ code, signal, timedOut: this.timedOut, durationMs: performance.now() - this.t0 });
  }

  private finish(r: ScriptResult): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.termTimer);
    clearTimeout(this.killTimer);
    this.child?.removeAllListeners();
    this.resolveExited(r);
  }
}

function describe(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
      return 'Permission denied';
    case 'EPERM':
      return 'Operation not permitted';
    default:
      return err.message;
  }
}
