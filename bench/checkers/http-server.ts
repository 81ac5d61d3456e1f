// The benchmark's HTTP server: one process answering every real server's address (a wildcard listener on PORT),
// as cheaply as Node allows: a raw TCP server that waits for the end of the request head, writes one canned
// HTTP/1.0 reply and closes. It counts complete requests; the parent (child_process.fork) asks for the count over
// IPC with { type: 'count' } and gets { type: 'count', requests, badRequests }.
//   node -r ts-node/register/transpile-only http-server.ts PORT BODY_BYTES
import { createServer, type Socket } from 'node:net';
import { benchBody } from './body';

const port = Number(process.argv[2] ?? 8080);
const body = benchBody(Number(process.argv[3] ?? 64));
const reply = Buffer.concat([
  Buffer.from(`HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`),
  body,
]);
const END = Buffer.from('\r\n\r\n');
let requests = 0;
let badRequests = 0;

function serve(sock: Socket): void {
  let head: Buffer = Buffer.alloc(0);
  sock.on('data', (d: Buffer) => {
    head = head.length ? Buffer.concat([head, d]) : d;
    if (head.indexOf(END) < 0) {
      if (head.length > 8192) {
        badRequests++;
        sock.destroy();
      }
      return;
    }
    if (head.subarray(0, 4).toString('latin1') === 'GET ') requests++;
    else badRequests++;
    sock.end(reply);
  });
  // A checker closing early (timeout, reset) is its business; never crash the server over it.
  sock.on('error', () => undefined);
}

const server = createServer(serve);
server.listen({ port, host: '0.0.0.0', backlog: 4096 }, () => process.send?.({ type: 'ready' }));
process.on('message', (m: { type?: string }) => {
  if (m.type === 'count') process.send?.({ type: 'count', requests, badRequests });
});
process.on('disconnect', () => process.exit(0));
