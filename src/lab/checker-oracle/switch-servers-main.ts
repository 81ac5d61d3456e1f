// Switchable HTTP real servers driven by a file, for tests that run a whole daemon against them (inside user-mode
// Linux, where a test can only reach processes through the shared file system):
//   node switch-servers-main.js CONTROL ADDRESS:PORT…
// starts one HTTP server per address (answering 200, or 500 while down) and polls CONTROL, a JSON list of the
// "ADDRESS:PORT" servers that are down. It writes CONTROL.ready once listening and stops on SIGTERM.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { startHttp, type Switchable } from './servers';

async function main(): Promise<void> {
  const [control, ...targets] = process.argv.slice(2);
  if (!control || targets.length === 0) {
    process.stderr.write('usage: switch-servers-main CONTROL ADDRESS:PORT…\n');
    process.exit(2);
  }
  const servers = new Map<string, Switchable>();
  for (const t of targets) {
    const i = t.lastIndexOf(':');
    servers.set(t, await startHttp(t.slice(0, i), Number(t.slice(i + 1))));
  }
  const poll = (): void => {
    let down: string[] = [];
    try {
      if (existsSync(control)) down = JSON.parse(readFileSync(control, 'utf8')) as string[];
    } catch {
      return; // half-written: next poll
    }
    for (const [name, s] of servers) s.up = !down.includes(name);
  };
  poll();
  const timer = setInterval(poll, 100);
  writeFileSync(`${control}.ready`, '');
  process.once('SIGTERM', () => {
    clearInterval(timer);
    void Promise.all([...servers.values()].map((s) => s.close())).then(() => process.exit(0));
  });
}

void main();
