// Raw HTTP and HTTPS servers on loopback for genhash comparisons: each path answers with exact bytes (so framing,
// Content-Length quirks, stalls and resets are under the test's control), and /echo returns the request itself.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';

export interface GenhashServers {
  httpPort: number;
  httpsPort: number;
  /** A loopback port nothing listens on. */
  closedPort: number;
  /** How many requests for a path the servers have read so far. */
  requests(path: string): number;
  close(): Promise<void>;
}

/** Deterministic body bytes of a given size. */
export function bodyOf(size: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = 32 + ((i * 7) % 95);
  return b;
}

const ok = (body: Buffer, extra = ''): Buffer =>
  Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n${extra}Content-Length: ${body.length}\r\n\r\n`), body]);

/** How a path answers: bytes then close, or a custom conversation. */
function answer(socket: net.Socket, request: Buffer, servername: string | undefined): void {
  const line = request.toString('latin1').split('\r\n')[0] ?? '';
  const path = line.split(' ')[1] ?? '/';
  const end = (bytes: Buffer | string): void => void socket.end(bytes);
  const size = /^\/size\/(\d+)$/.exec(path);
  if (size) return end(ok(bodyOf(Number(size[1]))));
  switch (path) {
    case '/echo':
      return end(ok(request));
    case '/sni':
      return end(ok(Buffer.from(servername ?? 'no SNI')));
    case '/no-length':
      return end(Buffer.concat([Buffer.from('HTTP/1.0 200 OK\r\n\r\n'), bodyOf(3000)]));
    case '/chunked':
      return end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n');
    case '/redirect':
      return end('HTTP/1.1 302 Found\r\nLocation: /size/10\r\nContent-Length: 5\r\n\r\nmoved');
    case '/missing':
      return end('HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found');
    case '/cl-short':
      return end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this');
    case '/cl-long':
      return end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n12345 and more after it');
    case '/cl-junk':
      return end('HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\nbody of junk length');
    case '/cl-empty':
      return end('HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\nbody after an empty length');
    case '/cl-in-body':
      return end('HTTP/1.0 200 OK\r\n\r\nsome text\r\nContent-Length: 4\r\nmore');
    case '/lower-cl':
      return end('HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nlowercase header');
    case '/nul':
      return end(Buffer.from('HTTP/1.1 200 OK\r\nX-Nul: a\0b\r\n\r\nbody\0with nul', 'latin1'));
    case '/no-header':
      return end('no blank line here, just text');
    case '/big-header':
      return end(`HTTP/1.1 200 OK\r\nX-Big: ${'x'.repeat(5000)}\r\n\r\nbody`);
    case '/hang':
      return;
    case '/stall':
      socket.write('HTTP/1.1 200 OK\r\n\r\nfirst part');
      return;
    case '/reset':
      socket.write('HTTP/1.1 200 OK\r\n\r\nabout to reset', () => setTimeout(() => socket.resetAndDestroy(), 50));
      // (plain TCP only: a TLS socket has no reset of its own)
      return;
    default:
      return end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
  }
}

const seen = new Map<string, number>();

function serve(socket: net.Socket, servername: string | undefined): void {
  let buf = Buffer.alloc(0);
  let answered = false;
  socket.on('error', () => undefined);
  socket.on('data', (d: Buffer) => {
    if (answered) return;
    buf = Buffer.concat([buf, d]);
    if (buf.indexOf('\r\n\r\n') < 0) return;
    answered = true;
    const path = buf.toString('latin1').split(' ')[1] ?? '/';
    seen.set(path, (seen.get(path) ?? 0) + 1);
    answer(socket, buf, servername);
  });
}

export async function startGenhashServers(): Promise<GenhashServers> {
  const dir = mkdtempSync(join(tmpdir(), 'kts-genhash-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=genhash.test', '-days', '2'], { stdio: 'ignore' });
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  const http = net.createServer((s) => {
    track(s);
    serve(s, undefined);
  });
  const https = tls.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (s) => {
    track(s);
    serve(s, typeof s.servername === 'string' ? s.servername : undefined);
  });
  https.on('tlsClientError', () => undefined);
  rmSync(dir, { recursive: true, force: true });
  const listen = (srv: net.Server): Promise<number> =>
    new Promise((res) => srv.listen(0, '127.0.0.1', () => res((srv.address() as net.AddressInfo).port)));
  const httpPort = await listen(http);
  const httpsPort = await listen(https);
  const spare = net.createServer();
  const closedPort = await listen(spare);
  await new Promise<void>((res) => spare.close(() => res()));
  return {
    httpPort,
    httpsPort,
    closedPort,
    requests: (path) => seen.get(path) ?? 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all([http, https].map((srv) => new Promise<void>((res) => srv.close(() => res()))));
    },
  };
}
