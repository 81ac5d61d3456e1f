// HTTP_GET / SSL_GET: one url per attempt (http/…, epilogs/http-epilog.ts), over TCP or TLS.
import type { HttpGetCheck, HttpUrl, SslGetCheck } from '../../../config/model/virtual-server';
import { CheckState, type CheckerTiming } from '../check-state';
import { HttpWalk } from '../epilogs/http-epilog';
import { judgeReply, lengthMismatchLine } from '../http/judge-reply';
import { buildHttpRequest } from '../http/request';
import { httpAttempt, type TlsOptions } from '../io/http-attempt';
import type { ConnectTarget } from '../io/tcp-connect';
import type { CheckerLabels } from '../labels';
import { reschedule, type AttemptRunner } from './runner';

export interface HttpRunnerParams {
  check: HttpGetCheck | SslGetCheck;
  target: ConnectTarget;
  /** The real server's, then the virtual server's virtualhost (the url's and checker's come from check). */
  rsVirtualhost: string | undefined;
  vsVirtualhost: string | undefined;
  /** TLS material for SSL_GET (from the SSL block); undefined for HTTP_GET. */
  tls: Omit<TlsOptions, 'servername'> | undefined;
}

export function httpRunner(t: CheckerTiming, labels: CheckerLabels, p: HttpRunnerParams): AttemptRunner {
  const st = new CheckState(t);
  const c = p.check;
  const walk = new HttpWalk(st, t, labels, c.url.map((u) => u.path), c.fastRecovery);
  /** url->len_mismatch: the last Content-Length difference reported for each url. */
  const lenMismatch = new Map<HttpUrl, number>();
  /** Each url's request bytes: the same for every attempt, so built (and encoded) once. */
  const requests: (Buffer | undefined)[] = [];
  let cancel: (() => void) | undefined;
  return {
    state: st,
    attempt(done) {
      const i = walk.currentUrl();
      if (i === undefined) return done(walk.noUrl());
      const url = c.url[i]!;
      const vhost = url.virtualhost ?? c.virtualhost ?? p.rsVirtualhost ?? p.vsVirtualhost;
      // SNI leaves out the real server's virtualhost (keepalived's ssl_connect()).
      const sni = c.enableSni ? (url.virtualhost ?? c.virtualhost ?? p.vsVirtualhost) : undefined;
      cancel = httpAttempt(
        {
          target: p.target,
          url,
          request: (requests[i] ??= Buffer.from(
            buildHttpRequest({ path: url.path, protocol: c.httpProtocol, virtualhost: vhost, address: p.target.address, port: p.target.port }),
          )),
          tls: c.type === 'SSL_GET' ? { ...p.tls, servername: sni } : undefined,
        },
        (r) => {
          cancel = undefined;
          if (r.kind === 'bind-failed') return done(reschedule(t.delayLoopUs, r.line, 'WEB socket bind failed. Rescheduling'));
          if (r.kind === 'failed') return done(walk.failure(r.message));
          const reply = r.reply;
          const j = judgeReply(url, reply);
          const pre: string[] = [];
          if (reply !== undefined && j.passedStatus) {
            if (reply.contentLength !== undefined && reply.contentLength !== reply.rxBytes) {
              const diff = reply.contentLength - reply.rxBytes;
              if (lenMismatch.get(url) !== diff) {
                pre.push(lengthMismatchLine(labels.rs, labels.vs, url, reply));
                lenMismatch.set(url, diff);
              }
            } else lenMismatch.set(url, 0);
          }
          const v = j.ok ? walk.success(j.what) : walk.failure(j.message);
          v.logs.unshift(...pre);
          done(v);
        },
      );
    },
    cancel() {
      cancel?.();
    },
    details() {
      return { failedUrl: walk.failedPath };
    },
  };
}
