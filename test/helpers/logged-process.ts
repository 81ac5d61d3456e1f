// A process whose stderr is read as keepalived -l log lines: the tests wait for messages and look at the message
// part (after the "Tue Nov 24 20:55:37 2026: " prefix). runTs() starts a TypeScript file with the ts-node register.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface LoggedProcess {
  child: ChildProcess;
  pid: number;
  /** Log messages so far (console prefix removed). */
  messages(): string[];
  /** Resolves with the index of the first message at or after `from` that matches. */
  waitFor(pattern: RegExp, from?: number, timeoutMs?: number): Promise<number>;
  exited: Promise<number | null>;
  /** SIGKILL by pid if still running. */
  kill(): void;
}

const PREFIX = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}: /;

export function runLogged(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): LoggedProcess {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'inherit', 'pipe'], cwd: resolve(__dirname, '..', '..') });
  let buf = '';
  const lines: string[] = [];
  const pokes = new Set<() => void>();
  child.stderr?.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      lines.push(buf.slice(0, nl).replace(PREFIX, ''));
      buf = buf.slice(nl + 1);
    }
    for (const p of pokes) p();
  });
  let done = false;
  const exited = new Promise<number | null>((res) =>
    child.on('exit', (code, sig) => {
      done = true;
      for (const p of pokes) p();
      res(code ?? (sig ? -1 : null));
    }),
  );
  return {
    child,
    pid: child.pid as number,
    messages: () => lines.slice(),
    exited,
    kill() {
      if (!done) child.kill('SIGKILL');
    },
    waitFor(pattern, from = 0, timeoutMs = 30000) {
      return new Promise((res, rej) => {
        const check = (): void => {
          for (let i = from; i < lines.length; i++) {
            if (pattern.test(lines[i])) return finish(() => res(i));
          }
          if (done) finish(() => rej(new Error(`exited before ${pattern}:\n${lines.join('\n')}`)));
        };
        const timer = setTimeout(() => finish(() => rej(new Error(`timeout waiting for ${pattern}:\n${lines.join('\n')}`))), timeoutMs);
        const finish = (f: () => void): void => {
          clearTimeout(timer);
          pokes.delete(check);
          f();
        };
        pokes.add(check);
        check();
      });
    },
  };
}

/**
 * node -r ts-node/register file args. `env -u NODE_OPTIONS` (env execs node, so the pid stays node's): the test
 * runner adds its ESM hooks to NODE_OPTIONS of every child it sees spawned, and those make node load a .ts main
 * file as ESM.
 */
export function runTs(file: string, args: string[]): LoggedProcess {
  const register = require.resolve('@isaacs/ts-node-temp-fork-for-pr-2009/register');
  const env: NodeJS.ProcessEnv = { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' };
  return runLogged('env', ['-u', 'NODE_OPTIONS', process.execPath, '-r', register, file, ...args], env);
}

/** A process that exists and is not a zombie. */
export function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
