// Small real servers for checker tests, each with an up/down switch: HTTP (and HTTPS) that answers 200 or 500,
// a TCP port that stops listening, an SMTP server whose banner turns bad, a DNS server that answers SERVFAIL,
// and a UDP echo that closes its port. Each records what it received, so a test can compare request bytes.
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import * as tls from 'node:tls';

export interface Switchable {
  up: boolean;
  /** The port listened on (useful when started with port 0). */
  readonly port: number;
  /** Raw requests (HTTP) or lines (SMTP) received, in order. */
  readonly received: Buffer[];
  /** Connections accepted (SMTP). */
  readonly connections?: number;
  /** TLS server names (SNI) clients sent, '' for none (HTTPS). */
  readonly servernames?: string[];
  /** "address port" of each HTTP client, in order. */
  readonly peers?: string[];
  /** Subject CN of each client certificate presented, '' for none (HTTPS). */
  readonly clientCerts?: string[];
  close(): Promise<void>;
}

const HTTP_BODY = 'hello world\n';

/**
 * A server that exists only while it is up: opened now, then shut and reopened (on the same port) in the
 * background as the switch is flipped.
 */
async function whileUp(received: Buffer[], port: () => number, open: () => Promise<void>, shut: () => Promise<void>): Promise<Switchable> {
  await open();
  let up = true;
  return {
    received,
    get port() {
      return port();
    },
    get up() {
      return up;
    },
    set up(v: boolean) {
      if (v === up) return;
      up = v;
      void (v ? open() : shut());
    },
    close: shut,
  };
}

/**
 * HTTP/1.0-style server: reads the request head, answers, closes. When down it answers 500, except for paths
 * starting with /a, so a multi-url check always fails on the same url whatever its phase. /short sends a
 * Content-Length larger than its body.
 */
export async function startHttp(address: string, port: number, tlsOptions?: { key: Buffer; cert: Buffer }): Promise<Switchable> {
  const received: Buffer[] = [];
  const servernames: string[] = [];
  const peers: string[] = [];
  const clientCerts: string[] = [];
  const state = {
    up: true,
    received,
    port,
    servernames,
    peers,
    clientCerts,
    close: async (): Promise<void> => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
  const sockets = new Set<net.Socket>();
  const onConn = (sock: net.Socket): void => {
    if (sock instanceof tls.TLSSocket) {
      servernames.push(String((sock as tls.TLSSocket & { servername?: string | false }).servername || ''));
      const cn = sock.getPeerCertificate()?.subject?.CN;
      clientCerts.push(typeof cn === 'string' ? cn : '');
    }
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    let head = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => {
      head = Buffer.concat([head, d]);
      if (head.indexOf('\r\n\r\n') < 0) return;
      received.push(head);
      peers.push(`${sock.remoteAddress} ${sock.remotePort}`);
      const path = head.toString('latin1').split(' ')[1] ?? '';
      const status = state.up || path.startsWith('/a') ? '200 OK' : '500 Internal Server Error';
      // /short claims more body than it sends.
      const length = path.startsWith('/short') ? 100 : HTTP_BODY.length;
      sock.end(`HTTP/1.0 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${length}\r\n\r\n${HTTP_BODY}`);
    });
  };
  const server = tlsOptions
    ? tls.createServer({ key: tlsOptions.key, cert: tlsOptions.cert, requestCert: true, rejectUnauthorized: false }, onConn)
    : net.createServer(onConn);
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((res, rej) => server.listen(port, address, () => res()).once('error', rej));
  state.port = (server.address() as net.AddressInfo).port;
  return state;
}

/** A TCP port: listening when up, closed (connection refused) when down. */
export async function startTcp(address: string, port: number): Promise<Switchable> {
  let server: net.Server | undefined;
  const sockets = new Set<net.Socket>();
  const open = (): Promise<void> =>
    new Promise((res, rej) => {
      const s = net.createServer((sock) => {
        sockets.add(sock);
        sock.on('close', () => sockets.delete(sock));
        sock.on('error', () => undefined);
        sock.end();
      });
      s.listen(port, address, () => {
        server = s;
        port = (s.address() as net.AddressInfo).port;
        res();
      }).once('error', rej);
    });
  const shut = (): Promise<void> =>
    new Promise((res) => {
      const s = server;
      server = undefined;
      if (!s) return res();
      s.close(() => res());
      for (const c of sockets) c.destroy();
    });
  return whileUp([], () => port, open, shut);
}

/** SMTP: "220" banner when up, "554" when down; HELO → 250, QUIT → 221. */
export async function startSmtp(address: string, port: number): Promise<Switchable> {
  const received: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const state = {
    up: true,
    received,
    port,
    connections: 0,
    close: async (): Promise<void> =>
      new Promise<void>((res) => {
        server.close(() => res());
        for (const c of sockets) c.destroy();
      }),
  };
  const server = net.createServer((sock) => {
    state.connections++;
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    sock.write(state.up ? '220 test.example ESMTP ready\r\n' : '554 test.example no service\r\n');
    let buf = '';
    sock.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl + 1);
        buf = buf.slice(nl + 1);
        received.push(Buffer.from(line, 'latin1'));
        if (/^HELO /i.test(line)) sock.write('250 test.example pleased to meet you\r\n');
        else if (/^QUIT/i.test(line)) sock.end('221 bye\r\n');
        else sock.write('500 what\r\n');
      }
    });
  });
  await new Promise<void>((res, rej) => server.listen(port, address, () => res()).once('error', rej));
  state.port = (server.address() as net.AddressInfo).port;
  return state;
}

/** DNS over UDP: answers every query with its id, QR set and rcode 0 (up) or 2 SERVFAIL (down). */
export async function startDns(address: string, port: number): Promise<Switchable> {
  const received: Buffer[] = [];
  const sock = dgram.createSocket(net.isIPv6(address) ? 'udp6' : 'udp4');
  const state = { up: true, received, port, close: async (): Promise<void> => new Promise<void>((res) => sock.close(() => res())) };
  sock.on('message', (q, rinfo) => {
    received.push(q);
    if (q.length < 12) return;
    const r = Buffer.from(q);
    r[2] = 0x80 | (q[2]! & 0x01); // QR, RD copied
    r[3] = 0x80 | (state.up ? 0 : 2); // RA, rcode
    sock.send(r, rinfo.port, rinfo.address);
  });
  await new Promise<void>((res) => sock.bind(port, address, () => res()));
  state.port = sock.address().port;
  return state;
}

/** UDP echo: bound when up, closed when down (so the kernel answers port unreachable). */
export async function startUdpEcho(address: string, port: number): Promise<Switchable> {
  const received: Buffer[] = [];
  let sock: dgram.Socket | undefined;
  const open = (): Promise<void> =>
    new Promise((res) => {
      const s = dgram.createSocket(net.isIPv6(address) ? 'udp6' : 'udp4');
      s.on('message', (m, rinfo) => {
        received.push(m);
        s.send(m, rinfo.port, rinfo.address);
      });
      s.bind(port, address, () => {
        sock = s;
        port = s.address().port;
        res();
      });
    });
  const shut = (): Promise<void> =>
    new Promise((res) => {
      const s = sock;
      sock = undefined;
      if (!s) return res();
      s.close(() => res());
    });
  return whileUp(received, () => port, open, shut);
}
