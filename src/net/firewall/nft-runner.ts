// The one way to the kernel's nftables: the `nft` command, run asynchronously (never blocking the loop), one batch
// at a time in submission order, each batch atomic (`nft -f -` applies all of it or nothing).
import { spawn } from 'node:child_process';

export interface NftRunner {
  /** Applies a batch of `nft -f` lines; rejects with nft's error text. */
  apply(lines: readonly string[]): Promise<void>;
  /** The tables present, as "family name" (e.g. "ip keepalived"). */
  listTables(): Promise<string[]>;
}

/** Runs `nft` (found in PATH); calls are queued so batches reach the kernel in order. */
export class ProcessNftRunner implements NftRunner {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly command = 'nft') {}

  apply(lines: readonly string[]): Promise<void> {
    return this.enqueue(async () => {
      await this.run(['-f', '-'], lines.join('\n') + '\n');
    });
  }

  listTables(): Promise<string[]> {
    return this.enqueue(async () => {
      const out = await this.run(['list', 'tables'], '');
      return out.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('table '))
        .map((l) => l.slice('table '.length).trim());
    });
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const p = this.queue.then(job, job);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private run(args: string[], input: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve(out);
        else reject(new Error(err.trim() || `${this.command} exited with ${code}`));
      });
      child.stdin.on('error', () => undefined); // nft exiting early: the close handler reports it
      child.stdin.end(input);
    });
  }
}
