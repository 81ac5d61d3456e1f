// One HTTP_GET / SSL_GET attempt against one url: connect (and TLS handshake), send the request, read to end of
// stream with a per-read timeout of connect_timeout, then judge the reply. Every failure is reported with the
// message keepalived passes to timeout_epilog() for that step.
import * as tls from 'node:tls';
import type { HttpUrl } from '../../../config/model/virtual-server';
import { HttpReplyReader, type HttpReply } from '../http/response-reader';
import { regexKeepLimit } from '../http/judge-reply';
import { connectTcp, type ConnectTarget } from './tcp-connect';

export interface TlsOptions {
  /** SNI name (enable_sni with a virtualhost); undefined = none. */
  servername: string | undefined;
  cert?: Buffer;
  key?: Buffer;
  ca?: Buffer;
  passphrase?: string;
}

export interface HttpAttemptParams {
  target: ConnectTarget;
  url: HttpUrl;
  /** The GET request's bytes (buildHttpRequest()), built once per url by the runner. */
  request: Buffer;
  /** Set for SSL_GET. */
  tls: TlsOptions | undefined;
}

export type HttpAttemptResult =
  | { kind: 'reply'; reply: HttpReply | undefined }
  | { kind: 'failed'; message: string }
  /** The socket could not be bound: keepalived reschedules a delay_loop later without counting a failure. */
  | { kind: 'bind-failed'; line: string };

/** Runs the attempt; returns a function that abandons it (the callback is then never called). */
export function httpAttempt(p: HttpAttemptParams, done: (r: HttpAttemptResult) => void): () => void {
  let cancelled = false;
  let cleanup: () => void = () => undefined;
  const finish = (r: HttpAttemptResult): void => {
    if (cancelled) return;
    cancelled = true;
    cleanup();
    done(r);
  };
  const cancelConnect = connectTcp(p.target, (c) => {
    if (c.kind !== 'connected') {
      if (c.kind === 'bind') return finish({ kind: 'bind-failed', line: c.line });
      if (c.kind === 'timeout') return finish({ kind: 'failed', message: 'Timeout connecting' });
      if (c.kind === 'immediate-fail') return finish({ kind: 'failed', message: 'HTTP_CHECK - network unreachable' });
      return finish({ kind: 'failed', message: 'Connection failed' });
    }
    const raw = c.socket;
    raw.on('error', () => undefined);
    if (p.tls === undefined) {
      cleanup = () => raw.destroy();
      exchange(raw, false);
      return;
    }
    const t = p.tls;
    const secure = tls.connect({
      socket: raw,
      servername: t.servername,
      rejectUnauthorized: false,
      cert: t.cert,
      key: t.key,
      ca: t.ca,
      passphrase: t.passphrase,
    });
    cleanup = () => {
      secure.destroy();
      raw.destroy();
    };
    // keepalived gives the handshake what is left of the connect timeout; a fresh window is close enough.
    const hs = setTimeout(() => finish({ kind: 'failed', message: 'Timeout connecting' }), p.target.timeoutMs);
    secure.once('error', () => finish({ kind: 'failed', message: 'SSL handshake/communication error connecting to' }));
    secure.once('secureConnect', () => {
      clearTimeout(hs);
      secure.removeAllListeners('error');
      exchange(secure, true);
    });
    const prev = cleanup;
    cleanup = () => {
      clearTimeout(hs);
      prev();
    };
  });

  function exchange(sock: import('node:net').Socket, isTls: boolean): void {
    const reader = new HttpReplyReader(p.url.digest !== undefined, regexKeepLimit(p.url));
    let gotData = false;
    let readTimer: NodeJS.Timeout | undefined;
    // One timer for the whole exchange, restarted (refresh()) at each read rather than replaced.
    const armRead = (): void => {
      if (readTimer !== undefined) {
        readTimer.refresh();
        return;
      }
      readTimer = setTimeout(() => {
        // keepalived's first wait after the request is http_response_thread's ("WEB"), later ones the reader's.
        finish({ kind: 'failed', message: !gotData ? 'Timeout WEB read' : isTls ? 'Timeout SSL read' : 'Timeout HTTP read' });
      }, p.target.timeoutMs);
    };
    const prev = cleanup;
    cleanup = () => {
      clearTimeout(readTimer);
      prev();
    };
    sock.on('error', () => finish({ kind: 'failed', message: isTls ? 'SSL read error from' : 'Read error with' }));
    sock.on('data', (chunk: Buffer) => {
      if (cancelled) return;
      gotData = true;
      reader.push(chunk);
      armRead();
    });
    // 'close' follows 'end' (the socket is destroyed then): judge the reply once, not hash the body twice.
    const ended = (): void => {
      if (!cancelled) finish({ kind: 'reply', reply: reader.finish() });
    };
    sock.on('end', ended);
    sock.on('close', ended);
    sock.write(p.request, (err) => {
      if (err) finish({ kind: 'failed', message: 'Cannot send get request to' });
    });
    armRead();
  }

  return () => {
    cancelled = true;
    cancelConnect();
    cleanup();
  };
}
