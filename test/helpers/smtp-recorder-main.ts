// A small recording SMTP server for tests, run inside a network namespace (spawnTsInNs): it listens on the
// address and port given as arguments, answers every session as a plain RFC 5321 server would (220 greeting,
// 250 to HELO/EHLO/MAIL/RCPT, 354 to DATA, 250 after the final dot, 221 to QUIT), and prints one JSON line per
// finished session on stdout: {"session":{"commands":[...],"data":"..."}}. `{"ready":true}` once listening, and
// `{"connection":true}` when a client connects (so a test can wait until every connection has been recorded).
//
//   node smtp-recorder-main.ts 10.0.0.9 25 ['{"greeting":"220-a\r\n220 b","RCPT":"550 no"}']
//
// The optional third argument replaces replies: "greeting", or a verb (HELO, MAIL, RCPT, DATA, BODY for the reply
// after the message, QUIT); a reply may hold several lines separated by CRLF.
import { createServer, Socket } from 'node:net';

interface Session {
  commands: string[];
  data: string;
}

const replies = JSON.parse(process.argv[4] ?? '{}') as Record<string, string>;

function serve(sock: Socket): void {
  process.stdout.write('{"connection":true}\n');
  const session: Session = { commands: [], data: '' };
  let buf = '';
  let inData = false;
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    process.stdout.write(`${JSON.stringify({ session })}\n`);
  };
  const write = (line: string): void => {
    if (!sock.destroyed) sock.write(`${line}\r\n`);
  };
  let verb = '';
  const reply = (line: string): void => write(replies[verb] ?? line);
  verb = 'greeting';
  reply('220 recorder.test ESMTP ready');
  sock.on('data', (d: Buffer) => {
    buf += d.toString('latin1');
    for (;;) {
      if (inData) {
        const end = buf.indexOf('\r\n.\r\n');
        if (end < 0) return;
        session.data += buf.slice(0, end + 2);
        buf = buf.slice(end + 5);
        inData = false;
        verb = 'BODY';
        reply('250 2.0.0 queued');
        continue;
      }
      const nl = buf.indexOf('\r\n');
      if (nl < 0) return;
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 2);
      session.commands.push(line);
      verb = line.split(' ')[0].toUpperCase();
      if (verb === 'HELO') reply('250 recorder.test');
      else if (verb === 'EHLO') reply('250-recorder.test\r\n250 8BITMIME');
      else if (verb === 'MAIL' || verb === 'RCPT') reply('250 2.1.0 ok');
      else if (verb === 'DATA') {
        inData = true;
        reply('354 end data with <CR><LF>.<CR><LF>');
      } else if (verb === 'QUIT') {
        reply('221 2.0.0 bye');
        finish();
        sock.end();
      } else reply('502 5.5.2 not implemented');
    }
  });
  sock.on('error', () => undefined);
  sock.on('close', finish);
}

const [host, port] = process.argv.slice(2);
const server = createServer(serve);
server.listen(Number(port), host, () => process.stdout.write('{"ready":true}\n'));
process.stdin.resume();
process.stdin.on('end', () => {
  server.close();
  process.exit(0);
});
