// HTTP_GET and SSL_GET { … url { path; digest; status_code; virtualhost; regex… } }, as keepalived's check_http.c
// reads them. Regex problems are only logged by keepalived (they never change the verdict), so they are warnings.
import { ConfigErr, type Position } from '../../diagnostics';
import type { KeywordArgs } from '../../parser/keyword-args';
import { keywordTable, type KeywordDef } from '../../parser/keyword-tree';
import { strtoul } from '../../values/c-numbers';
import { readUnsignedWord } from '../../values/read-number';
import type { CheckerDraft, HttpData, UrlDraft } from '../lvs/drafts';
import { crashLikeKeepalived } from '../lvs/crash';
import { checkRegex, REGEX_OPTIONS } from './regex';
import {
  commonCheckerKeywords,
  connOptsValid,
  dequeueChecker,
  lastQueued,
  newChecker,
  readCheckerBool,
  type CheckerScope,
} from './common';

const STATUS_MIN = 100;
const STATUS_MAX = 599;

function newUrl(): UrlDraft {
  return {
    path: undefined,
    digest: undefined,
    statusCodes: new Array<boolean>(STATUS_MAX - STATUS_MIN + 1).fill(false),
    virtualhost: undefined,
    regex: undefined,
    regexNoMatch: false,
    regexOptions: [],
    regexMinOffset: 0,
    regexMaxOffset: undefined,
    regexStack: undefined,
    regexStackSet: false,
  };
}

/** `digest HEX32`: keepalived decodes it two digits at a time from the end, with C's strtoul(…, 16). */
function readDigest(a: KeywordArgs, url: UrlDraft): void {
  const digest = a.word(1);
  if (url.digest !== undefined) return a.error(ConfigErr.GeneralError, `Digest '${digest}' is a duplicate`);
  if (digest.length !== 32) {
    return a.error(ConfigErr.GeneralError, `digest '${digest}' character length should be 32 rather than ${digest.length}`);
  }
  const bytes: number[] = [];
  for (let i = 15; i >= 0; i--) {
    const pair = digest.slice(2 * i, 2 * i + 2);
    const n = strtoul(pair, 16);
    if (n.rest !== '') {
      // keepalived cuts its copy of the digest as it goes, so the message shows it up to the bad pair.
      const shown = digest.slice(0, 2 * i + 2);
      return a.error(ConfigErr.GeneralError, `Unable to interpret hex digit in '${shown}' at offset ${2 * i}/${2 * i + 1}`);
    }
    bytes[i] = (/^\s*-/.test(pair) ? -n.value : n.value) & 0xff;
  }
  url.digest = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** C's strtoul() into an unsigned int: a leading '-' negates (wrapping), so "-200" is far out of range. */
function cUnsigned(text: string): { value: number; rest: string } {
  const n = strtoul(text);
  const negative = /^\s*-/.test(text) && n.value !== 0;
  return { value: negative ? 2 ** 32 - (n.value % 2 ** 32) : n.value, rest: n.rest };
}

/** `status_code N|N-M …`: each word is checked on its own; a bad one is reported and skipped. */
function readStatusCodes(a: KeywordArgs, url: UrlDraft): void {
  for (let i = 1; i < a.count; i++) {
    const word = a.word(i);
    const lo = cUnsigned(word);
    const hi = lo.rest.startsWith('-') ? cUnsigned(lo.rest.slice(1)) : lo;
    const bad = (v: number): boolean => v < STATUS_MIN || v > STATUS_MAX;
    if (hi.rest !== '' || bad(lo.value) || bad(hi.value) || lo.value > hi.value) {
      a.error(ConfigErr.GeneralError, `Invalid HTTP_GET status code '${word}'`);
      continue;
    }
    for (let c = lo.value; c <= hi.value; c++) url.statusCodes[c - STATUS_MIN] = true;
  }
}

/** `regex_min_offset N` / `regex_max_offset N`: logged only when wrong, and then 0. */
function regexOffset(a: KeywordArgs, which: string): number {
  if (a.count !== 2) {
    a.warning(`Missing or too may options for regex_${which}_offset`);
    return 0;
  }
  const n = strtoul(a.word(1));
  if (n.rest !== '') {
    a.warning(`Invalid regex_${which}_offset ${a.word(1)} specified`);
    return 0;
  }
  return n.value;
}

/** keepalived's url_check() when a url block closes. */
function closeUrl(data: HttpData, url: UrlDraft, end: Position | undefined, scope: CheckerScope): void {
  if (url.path === undefined) {
    scope.ctx.diags.error(ConfigErr.GeneralError, end, 'HTTP/SSL_GET checker url has no path - ignoring');
    data.urls.splice(data.urls.indexOf(url), 1);
    // keepalived returns before using its pending regex, which the next url then inherits.
    return;
  }
  if (!url.statusCodes.includes(true)) for (let c = 200; c <= 299; c++) url.statusCodes[c - STATUS_MIN] = true;
  const warn = (msg: string): void => scope.ctx.diags.warning(end, msg);
  if (data.pendingRegex !== undefined) {
    url.regex = data.pendingRegex;
    url.regexOptions = data.pendingRegexOptions;
    const problem = checkRegex(url.regex, url.regexOptions);
    if (problem.invalid !== undefined) {
      warn(problem.invalid);
      url.regex = undefined;
    } else if (problem.untranslatable !== undefined) warn(problem.untranslatable);
  } else if (
    data.pendingRegexOptions.length > 0 ||
    url.regexNoMatch ||
    url.regexMinOffset !== 0 ||
    url.regexMaxOffset !== undefined ||
    url.regexStackSet
  ) {
    warn('regex parameters specified without regex');
    url.regexNoMatch = false;
    url.regexMinOffset = 0;
    url.regexMaxOffset = undefined;
    url.regexStack = undefined;
    url.regexStackSet = false;
  }
  // keepalived keeps max + 1, so a max of N with min ≥ N + 1 is rejected.
  if (url.regexMaxOffset !== undefined && url.regexMinOffset >= url.regexMaxOffset + 1) {
    warn(`regex min offset ${url.regexMinOffset} > regex_max_offset ${url.regexMaxOffset} - ignoring`);
    url.regexMinOffset = 0;
    url.regexMaxOffset = undefined;
  }
  data.pendingRegex = undefined;
}

function urlKeywords(data: () => HttpData | undefined, url: () => UrlDraft | undefined): KeywordDef[] {
  const on = (f: (a: KeywordArgs, u: UrlDraft, d: HttpData) => void) => (a: KeywordArgs) => {
    const d = data();
    const u = url();
    if (d !== undefined && u !== undefined) f(a, u, d);
  };
  return [
    { name: 'path', handler: on((a, u) => (u.path = a.has(1) ? a.word(1) : undefined)) },
    { name: 'digest', handler: on((a, u) => readDigest(a, u)) },
    { name: 'status_code', handler: on((a, u) => readStatusCodes(a, u)) },
    {
      name: 'virtualhost',
      handler: on((a, u) => {
        if (!a.has(1)) return a.error(ConfigErr.GeneralError, 'Missing HTTP_GET virtualhost name');
        u.virtualhost = a.word(1);
      }),
    },
    {
      name: 'regex',
      handler: on((a, _u, d) => {
        const words = a.scriptWords(1);
        if (words.length !== 1) return a.warning('regex missing or too many fields');
        d.pendingRegex = words[0];
      }),
    },
    { name: 'regex_no_match', handler: on((_a, u) => (u.regexNoMatch = true)) },
    {
      name: 'regex_options',
      handler: on((a, _u, d) => {
        for (let i = 1; i < a.count; i++) {
          const opt = a.word(i);
          if (REGEX_OPTIONS.includes(opt) && !d.pendingRegexOptions.includes(opt)) d.pendingRegexOptions.push(opt);
        }
      }),
    },
    { name: 'regex_min_offset', handler: on((a, u) => (u.regexMinOffset = regexOffset(a, 'min'))) },
    {
      name: 'regex_max_offset',
      handler: on((a, u) => {
        const v = regexOffset(a, 'max');
        // keepalived stores max + 1 and treats 0 as "no maximum"; a failed read therefore still sets max 0.
        u.regexMaxOffset = v;
      }),
    },
    {
      name: 'regex_stack',
      handler: on((a, u) => {
        if (a.count !== 3) return a.warning('regex_stack requires start and max values');
        const start = strtoul(a.word(1));
        if (start.rest !== '') return a.warning('regex_stack invalid start value');
        const max = strtoul(a.word(2));
        if (max.rest !== '') return a.warning('regex_stack invalid max value');
        if (start.value > max.value) return a.warning('regex stack start cannot exceed max value');
        u.regexStack = [start.value, max.value];
        u.regexStackSet = true;
      }),
    },
  ];
}

export function httpCheckerKeywords(scope: CheckerScope): KeywordDef[] {
  return [httpLike(scope, 'HTTP_GET'), httpLike(scope, 'SSL_GET')];
}

function httpLike(scope: CheckerScope, type: 'HTTP_GET' | 'SSL_GET'): KeywordDef {
  let current: CheckerDraft | undefined;
  const data = (): HttpData | undefined => {
    const d = lastQueued(scope)?.data;
    return d?.kind === 'http' ? d : undefined;
  };
  const url = (): UrlDraft | undefined => {
    const u = data()?.urls;
    return u?.[u.length - 1];
  };
  const flag = (name: string, set: (d: HttpData, v: boolean) => void): KeywordDef => ({
    name,
    handler: (a) => {
      const v = readCheckerBool(a, name);
      const d = data();
      if (d !== undefined && v !== undefined) set(d, v);
    },
  });
  return {
    name: type,
    handler: (a) => {
      current = newChecker(scope, type, a.pos, {
        connection: true,
        queued: true,
        scheduled: true,
        data: {
          kind: 'http',
          virtualhost: undefined,
          httpProtocol: '1.0',
          enableSni: false,
          fastRecovery: false,
          urls: [],
          pendingRegex: undefined,
          pendingRegexOptions: [],
        },
      });
      current.defaultDelayBeforeRetryUs = 3_000_000;
    },
    sub: keywordTable([
      ...commonCheckerKeywords(scope, true),
      {
        name: 'nb_get_retry',
        handler: (a) => {
          a.error(ConfigErr.GeneralError, "nb_get_retry is deprecated - please use 'retry'");
          const n = readUnsignedWord(a, a.word(1), 0, 4294967295, true);
          if (n === undefined) return a.error(ConfigErr.GeneralError, `Invalid nb_get_retry value '${a.word(1)}'`);
          const c = lastQueued(scope);
          if (c !== undefined) c.retry = n;
        },
      },
      {
        name: 'virtualhost',
        handler: (a) => {
          if (!a.has(1)) return a.error(ConfigErr.GeneralError, 'HTTP_GET virtualhost name missing');
          const d = data();
          if (d !== undefined) d.virtualhost = a.word(1);
        },
      },
      {
        name: 'http_protocol',
        handler: (a) => {
          if (!a.has(1)) return a.error(ConfigErr.GeneralError, 'Missing http_protocol version');
          const v = a.word(1);
          const proto = v === '1.0' ? '1.0' : v === '1.1' ? '1.1' : v === '1.0C' || v === '1.0c' ? '1.0C' : undefined;
          if (proto === undefined) return a.error(ConfigErr.GeneralError, `Invalid http_protocol version ${v}`);
          const d = data();
          if (d !== undefined) d.httpProtocol = proto;
        },
      },
      flag('enable_sni', (d, v) => (d.enableSni = v)),
      flag('fast_recovery', (d, v) => (d.fastRecovery = v)),
      {
        name: 'url',
        handler: () => {
          const d = data();
          if (d === undefined) return;
          d.urls.push(newUrl());
          d.pendingRegexOptions = [];
        },
        sub: keywordTable(urlKeywords(data, url)),
        close: (end) => {
          const d = data();
          const u = url();
          if (d !== undefined && u !== undefined) closeUrl(d, u, end, scope);
        },
      },
    ]),
    close: (end) => {
      const c = current;
      current = undefined;
      if (c === undefined || c.data.kind !== 'http') return;
      if (c.data.urls.length === 0) {
        scope.ctx.diags.error(ConfigErr.GeneralError, end, 'HTTP/SSL_GET checker has no urls specified - ignoring');
        dequeueChecker(scope, c);
        // keepalived then checks the connection options of whatever checker is now last in its queue.
        const last = lastQueued(scope);
        if (last === undefined || last.co === undefined) {
          crashLikeKeepalived(scope.ctx, end, 'an HTTP_GET/SSL_GET without any url when no connection checker precedes it');
        }
        if (!connOptsValid(scope, last.co, end)) dequeueChecker(scope, last);
        return;
      }
      if (c.co !== undefined && !connOptsValid(scope, c.co, end)) dequeueChecker(scope, c);
    },
  };
}
