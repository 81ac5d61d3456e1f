// The URL walk and retry accounting of keepalived 2.2.7's HTTP_GET/SSL_GET (epilog() and timeout_epilog() in
// check_http.c). One URL is fetched per attempt; after a success the next URL follows a delay_loop later, and the
// server is up again only once every URL has passed in one walk. A failing URL is retried `retry` times,
// delay_before_retry apart; then the server goes down and that URL is polled every max(delay_before_retry,
// delay_loop) until it answers, after which the walk restarts from the first URL.
import { newVerdict, type CheckerTiming, type CheckState, type Verdict } from '../check-state';
import type { CheckerLabels } from '../labels';

export class HttpWalk {
  /** Index of the URL to fetch next; null past the last one. */
  private urlIt: number | null;
  private failedUrl: number | null = null;

  constructor(
    private readonly st: CheckState,
    private readonly t: CheckerTiming,
    private readonly labels: CheckerLabels,
    private readonly urlPaths: readonly string[],
    private readonly fastRecovery: boolean,
  ) {
    this.urlIt = urlPaths.length > 0 ? 0 : null;
  }

  /** The URL the next attempt fetches; undefined when there are none (the server is then simply up). */
  /** The path of the url whose retries ran out, while it still fails (keepalived's failed_url). */
  get failedPath(): string | undefined {
    return this.failedUrl === null ? undefined : this.urlPaths[this.failedUrl];
  }

  currentUrl(): number | undefined {
    return this.urlIt ?? undefined;
  }

  /** An attempt with no URL configured: keepalived enables the server without checking. */
  noUrl(): Verdict {
    return this.epilog('new');
  }

  /** http_handle_response() accepted the reply; what is the check ("HTTP status code", "MD5 digest", "Regex match"). */
  success(what: string): Verdict {
    const pre = !this.st.isUp && this.urlIt !== null ? [`${what} success to ${this.labels.rs} url(${this.urlPaths[this.urlIt]})`] : [];
    const v = this.epilog('new');
    v.logs.unshift(...pre);
    return v;
  }

  /** timeout_epilog(): message is e.g. "Timeout connecting", "HTTP status code error to". */
  failure(message: string): Verdict {
    const st = this.st;
    if (st.isUp || !st.hasRun) {
      const pre = this.t.logAllFailures ? [`${message} server ${this.labels.rs}.`] : [];
      st.hasRun = true;
      const v = this.epilog('retry');
      v.logs.unshift(...pre);
      return v;
    }
    return this.epilog('failed');
  }

  private epilog(method: 'new' | 'retry' | 'failed'): Verdict {
    const { st, t } = this;
    const v = newVerdict();
    if (method === 'new') {
      this.urlIt = this.urlIt === null || this.urlIt + 1 >= this.urlPaths.length ? null : this.urlIt + 1;
      st.retryIt = 0;
    } else if (method === 'retry') {
      st.retryIt++;
    }

    if (method === 'new' && this.urlIt === null && this.failedUrl === null) {
      if (!st.isUp || !st.hasRun) {
        v.logs.push(`Remote Web server ${this.labels.rs} succeed on service.`);
        st.update(true, v, st.isUp ? undefined : '=> CHECK succeed on service <=');
      }
      this.urlIt = this.urlPaths.length > 0 ? 0 : null;
      st.retryIt = 0;
    } else if (method === 'retry' && st.retryIt > t.retry) {
      if (st.isUp || !st.hasRun) {
        v.logs.push(
          st.hasRun && t.retry
            ? `HTTP_CHECK on service ${this.labels.rs} failed after ${st.retryIt - 1} retries.`
            : `HTTP_CHECK on service ${this.labels.rs} failed.`,
        );
        st.update(false, v, st.isUp ? '=> CHECK failed on service : HTTP request failed <=' : undefined);
      }
      this.failedUrl = this.urlIt;
    } else if (method === 'new' && this.failedUrl !== null) {
      this.failedUrl = null;
      this.urlIt = 0;
      st.retryIt = 0;
    }

    if (method === 'new') {
      v.delayUs = t.delayLoopUs;
      if (!st.hasRun) st.retryIt = t.retry;
    } else if (this.failedUrl !== null) {
      v.delayUs = Math.max(t.delayBeforeRetryUs, t.delayLoopUs);
    } else {
      v.delayUs = t.delayBeforeRetryUs;
    }
    if (this.fastRecovery && (!st.hasRun || (!st.isUp && this.failedUrl === null))) v.delayUs = 0;
    return v;
  }
}
