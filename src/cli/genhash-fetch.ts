// genhash's one request: connect (TCP, then TLS with -S), send keepalived's GET, read to the end, print the MD5 of
// the body, or the message keepalived's HTTP checker would have given up with. keepalived arms each step's timer
// with the same timeout; the messages name the step that ran out of time.
import * as net from 'node:net';
import * as tls from 'node:tls';
import { markedTcpSocket } from '../net/addon/marked-stream';
import type { CliIo } from './io';
import type { GenhashOptions } from './genhash-options';
import { GenhashResponse } from './genhash-response';

/** keepalived formats the request into a 2048-byte buffer (snprintf: at most 2047 bytes). */
const GET_BUFFER_LENGTH = 2048;

/** The request keepalived's HTTP checker sends (Host: the virtualhost, else the address and port). */
export function genhashRequest(o: Pick<GenhashOptions, 'url' | 'protocol' | 'virtualhost' | 'server' | 'port'>): Buffer {
  const host =
    o.virtualhost ?? (o.server.family === 'inet6' ? `[${o.server.address}]:${o.port}` : `${o.server.address}:${o.port}`);
  const close = o.protocol === '1.0' ? '' : 'Connection: close\r\n';
  const text = `GET ${o.url} HTTP/1.${o.protocol === '1.1' ? 1 : 0}\r\nUser-Agent: KeepAliveClient\r\n${close}Host: ${host}\r\n\r\n`;
  const bytes = Buffer.from(text, 'latin1');
  return bytes.length < GET_BUFFER_LENGTH ? bytes : bytes.subarray(0, GET_BUFFER_LENGTH - 1);
}

/**
 * Routing failures that connect() itself returns (keepalived: "network unreachable"). The same codes can also
 * arrive later (ARP or ICMP failures: "Connection failed"), so only an error that beats the first turn of the event
 * loop counts as immediate; refusals and time-outs always come later from a non-blocking connect.
 */
const IMMEDIATE = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN']);

/** Runs the fetch; resolves when genhash would exit (always with 0 once the options were good). */
export function runGenhash(o: GenhashOptions, io: CliIo): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise<number>((resolve) => {
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    let tcp: net.Socket | undefined;
    let stream: net.Socket | tls.TLSSocket | undefined;
    const timeoutMs = o.timeoutUs / 1000;

    // SIGINT and SIGTERM end the run as keepalived's genhash does: quietly, exit 0 (-v still reports the time).
    const onSignal = (): void => done();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const done = (stdout?: string, stderr?: string): void => {
      if (finished) return;
      finished = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (timer) clearTimeout(timer);
      stream?.destroy();
      tcp?.destroy();
      if (stdout !== undefined) io.stdout(stdout);
      if (stderr !== undefined) io.stderr(stderr);
      if (o.verbose) {
        const us = (process.hrtime.bigint() - started) / 1000n;
        io.stdout(`\nGlobal response time for [${o.url}] = ${us} usecs\n`);
      }
      resolve(0);
    };
    /** (Re)arms the current step's timer; keepalived's timeout 0 expires at once. */
    const arm = (message: string): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => done(`${message}\n`), timeoutMs);
    };

    const response = new GenhashResponse(o.verbose ? (text) => io.stdout(text) : undefined);
    let gotData = false;
    /** Set once TLS 1.3 is up: its session tickets wake keepalived's first read, so that read's timeout is SSL's. */
    let ticketsFirst = false;
    const readTimeout = (): string =>
      !gotData && !ticketsFirst ? 'Timeout WEB read' : o.ssl ? 'Timeout SSL read' : 'Timeout HTTP read';

    const onEnd = (): void => {
      const digest = response.finish(true);
      if (o.ssl && !response.headerSeen) return done('SSL read error from\n');
      if (!response.headerSeen) return done(undefined, 'no data received from remote webserver\n');
      done(`${digest.toString('hex')}\n`);
    };

    const startRequest = (s: net.Socket | tls.TLSSocket): void => {
      stream = s;
      arm('Timeout WEB write');
      if (timeoutMs === 0) return;
      s.write(genhashRequest(o), (err) => {
        if (finished) return;
        if (err) return done('Cannot send get request to\n');
        arm(readTimeout());
      });
      s.on('data', (chunk: Buffer) => {
        if (finished) return;
        gotData = true;
        response.feed(chunk);
        if (response.space === 0 && !response.headerSeen) return onEnd();
        arm(readTimeout());
      });
      s.on('end', () => !finished && onEnd());
      s.on('error', () => {
        if (finished) return;
        if (o.ssl) {
          // An unclean TLS end: the digest stands, without the verbose dump.
          const digest = response.finish(false);
          if (!response.headerSeen) return done(undefined, 'no data received from remote webserver\n');
          return done(`${digest.toString('hex')}\n`);
        }
        response.finish(false);
        done('Read error with\n');
      });
    };

    const family = o.server.family === 'inet6' ? 6 : 4;
    if (o.fwmark) {
      try {
        tcp = markedTcpSocket(family, o.fwmark);
      } catch (e) {
        // keepalived logs this and keeps rescheduling the attempt; genhash-ts reports it and stops.
        const why = e instanceof Error ? e.message : String(e);
        return done(undefined, `Error setting fwmark ${o.fwmark} to socket: ${why}\n`);
      }
      tcp.connect({ host: o.server.address, port: o.port, family });
    } else {
      tcp = net.connect({ host: o.server.address, port: o.port, family });
    }
    tcp.setNoDelay(true);
    if (timeoutMs > 0) arm('Timeout connecting');
    let firstTurn = true;
    setImmediate(() => (firstTurn = false));
    const onConnectError = (err: NodeJS.ErrnoException): void => {
      if (err.code === 'ETIMEDOUT') done('Timeout connecting\n');
      else if (firstTurn && IMMEDIATE.has(err.code ?? '')) done('HTTP_CHECK - network unreachable\n');
      else done('Connection failed\n');
    };
    tcp.once('error', onConnectError);
    tcp.once('connect', () => {
      const socket = tcp as net.Socket;
      socket.off('error', onConnectError);
      if (!o.ssl) return startRequest(socket);
      arm('Timeout connecting');
      const servername = o.sni && o.virtualhost !== undefined ? o.virtualhost : '';
      const secure = tls.connect({ socket, servername, rejectUnauthorized: false });
      const onHandshakeError = (): void => done('SSL handshake/communication error connecting to\n');
      secure.once('error', onHandshakeError);
      secure.once('secureConnect', () => {
        secure.off('error', onHandshakeError);
        ticketsFirst = secure.getProtocol() === 'TLSv1.3';
        startRequest(secure);
      });
    });
  });
}
