// A unix datagram socket that records what it receives, standing in for /dev/log in tests. Node cannot bind one,
// so a few lines of Python (/usr/bin/python3) do it and report each datagram as a base64 line on stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PYTHON = '/usr/bin/python3';

const SCRIPT = `
import base64, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("ready", flush=True)
while True:
    print(base64.b64encode(s.recv(65536)).decode(), flush=True)
`;

export interface DgramListener {
  /** Datagrams received so far. */
  received: Buffer[];
  /** Resolves once n datagrams have arrived (rejects after timeoutMs). */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function canListen(): boolean {
  return existsSync(PYTHON);
}

/**
 * `netns`: bind the socket in that network namespace, whose net.unix.max_dgram_qlen then sets how many datagrams
 * may wait (the default, 10, is soon reached by a burst of log lines on a loaded machine).
 */
export async function listenDgram(path: string, netns?: string): Promise<DgramListener> {
  const cmd: [string, string[]] = netns === undefined ? [PYTHON, ['-c', SCRIPT, path]] : ['ip', ['netns', 'exec', netns, PYTHON, '-c', SCRIPT, path]];
  const child: ChildProcess = spawn(cmd[0], cmd[1], { stdio: ['ignore', 'pipe', 'inherit'] });
  const received: Buffer[] = [];
  let buf = '';
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((res) => (ready = res));
  const pokes = new Set<() => void>();
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line === 'ready') ready();
      else received.push(Buffer.from(line, 'base64'));
    }
    for (const p of pokes) p();
  });
  const exited = new Promise<void>((res) => child.on('exit', () => res()));
  await Promise.race([isReady, exited.then(() => Promise.reject(new Error('datagram listener exited')))]);
  return {
    received,
    waitFor(n, timeoutMs = 5000) {
      return new Promise((res, rej) => {
        const check = (): void => {
          if (received.length >= n) {
            clearTimeout(timer);
            pokes.delete(check);
            res();
          }
        };
        const timer = setTimeout(() => {
          pokes.delete(check);
          rej(new Error(`timeout: ${received.length} of ${n} datagrams`));
        }, timeoutMs);
        pokes.add(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
