// The recording SMTP server (smtp-recorder-main.ts) run inside a namespace, and what it recorded: one entry per
// finished SMTP session, with the client's command lines and the DATA text.
import { resolve } from 'node:path';
import { NsProcess, spawnTsInNs } from './netns';

export interface SmtpSession {
  commands: string[];
  data: string;
}

export class SmtpRecorder {
  private constructor(private readonly proc: NsProcess) {}

  /** replies: see smtp-recorder-main.ts. */
  static async start(ns: string, host: string, port: number, replies: Record<string, string> = {}): Promise<SmtpRecorder> {
    const proc = spawnTsInNs(ns, resolve(__dirname, 'smtp-recorder-main.ts'), [host, String(port), JSON.stringify(replies)]);
    await proc.waitFor(/"ready":true/, 30000);
    return new SmtpRecorder(proc);
  }

  sessions(): SmtpSession[] {
    return proc_lines(this.proc).flatMap((l) => {
      const m = JSON.parse(l) as { session?: SmtpSession };
      return m.session ? [m.session] : [];
    });
  }

  /** Connections accepted so far (each becomes a session once closed). */
  connections(): number {
    return proc_lines(this.proc).filter((l) => l.startsWith('{"connection"')).length;
  }

  /** Every accepted connection has been closed and recorded. */
  settled(): boolean {
    return this.sessions().length === this.connections();
  }

  /** Forgets nothing; ends the server (stdin closed, then SIGTERM by pid). */
  async stop(): Promise<void> {
    this.proc.child.stdin?.end();
    await this.proc.stop('SIGTERM', 3000);
  }
}

function proc_lines(p: NsProcess): string[] {
  return p.stdout().toString('latin1').split('\n').filter((l) => l.startsWith('{'));
}

/** A session with the parts that differ between runs (the Date header) replaced by placeholders. */
export function normaliseSession(s: SmtpSession): SmtpSession {
  return { commands: s.commands, data: s.data.replace(/^Date: .*$/m, 'Date: <date>') };
}
