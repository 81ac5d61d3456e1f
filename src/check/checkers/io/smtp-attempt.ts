// One SMTP_CHECK attempt: connect, then the dialogue (smtp/dialogue.ts) with a read timeout of connect_timeout per
// line. The result is undefined on success or keepalived's failure message, plus log lines met on the way.
import { formatPair } from '../labels';
import { SmtpDialogue } from '../smtp/dialogue';
import { connectTcp, type ConnectTarget } from './tcp-connect';

export type SmtpAttemptResult = { kind: 'done'; failure: string | undefined; logs: string[] } | { kind: 'bind-failed'; line: string };

/** rsPair: the real server as "[addr]:port" (keepalived names it when the network is unreachable). */
export function smtpAttempt(
  target: ConnectTarget,
  rsPair: string,
  heloName: string,
  done: (r: SmtpAttemptResult) => void,
): () => void {
  const server = formatPair(target.address, target.port);
  const logs: string[] = [];
  let over = false;
  let cleanup: () => void = () => undefined;
  const finish = (r: SmtpAttemptResult): void => {
    if (over) return;
    over = true;
    cleanup();
    done(r);
  };
  const fail = (message: string): void => finish({ kind: 'done', failure: message, logs });
  const cancelConnect = connectTcp(target, (c) => {
    if (c.kind !== 'connected') {
      if (c.kind === 'bind') return finish({ kind: 'bind-failed', line: c.line });
      if (c.kind === 'timeout') return fail(`Connection timeout to server ${server}`);
      if (c.kind === 'immediate-fail') return fail(`Network unreachable for server ${target.address} - real server ${rsPair}`);
      return fail(`Could not connect to server ${server}`);
    }
    const sock = c.socket;
    const dialogue = new SmtpDialogue(heloName, server);
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => fail(dialogue.readTimeout()), target.timeoutMs);
    };
    cleanup = () => {
      clearTimeout(timer);
      sock.destroy();
    };
    sock.on('error', () => fail(dialogue.readFailure()));
    sock.on('close', () => fail(dialogue.readFailure()));
    sock.on('data', (chunk: Buffer) => {
      for (const step of dialogue.receive(chunk.toString('latin1'))) {
        if (step.type === 'log') logs.push(step.line);
        else if (step.type === 'fail') return fail(step.message);
        else if (step.type === 'done') return finish({ kind: 'done', failure: undefined, logs });
        else if (step.type === 'send') {
          sock.write(step.line, 'latin1', (err?: Error | null) => {
            if (err) fail(dialogue.writeFailure());
          });
        }
      }
      arm();
    });
    arm();
  });
  return () => {
    over = true;
    cancelConnect();
    cleanup();
  };
}
