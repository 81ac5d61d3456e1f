// UDP_CHECK { payload HEX; require_reply [HEX]; min_reply_length N; max_reply_length N }.
import { ConfigErr } from '../../diagnostics';
import { keywordTable, type KeywordDef } from '../../parser/keyword-tree';
import { readUnsignedWord } from '../../values/read-number';
import type { CheckerDraft, UdpData } from '../lvs/drafts';
import { commonCheckerKeywords, connOptsValid, dequeueChecker, lastQueued, newChecker, type CheckerScope } from './common';

/**
 * keepalived's read_hex_str(): pairs of hex digits (a lone digit before a space is one octet), spaces and tabs
 * between octets, `x` wildcard nibbles when `wildcards`. Returns lower-case octets (wildcards as `x`) or undefined.
 */
export function readHexString(text: string, wildcards: boolean): string | undefined {
  const nibble = (c: string | undefined): string | undefined => {
    if (c === undefined) return undefined;
    if (/[0-9a-fA-F]/.test(c)) return c.toLowerCase();
    return wildcards && (c === 'x' || c === 'X') ? 'x' : undefined;
  };
  const octets: string[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (i >= text.length) break;
    const hi = nibble(text[i++]);
    if (hi === undefined) return undefined;
    if (i < text.length && text[i] !== ' ') {
      const lo = nibble(text[i++]);
      if (lo === undefined) return undefined;
      octets.push(hi + lo);
    } else octets.push(`0${hi}`);
  }
  return octets.length === 0 ? undefined : octets.join(' ');
}

export function udpCheckerKeyword(scope: CheckerScope): KeywordDef {
  let current: CheckerDraft | undefined;
  const data = (): UdpData | undefined => {
    const d = lastQueued(scope)?.data;
    return d?.kind === 'udp' ? d : undefined;
  };
  const length = (name: string, which: string, set: (d: UdpData, v: number) => void): KeywordDef => ({
    name,
    handler: (a) => {
      const n = readUnsignedWord(a, a.word(1), 0, 65535, false);
      if (n === undefined) {
        return a.error(ConfigErr.GeneralError, `UDP_CHECK ${which} length ${a.word(1)} not valid - must be between 0 & 65535`);
      }
      const d = data();
      if (d !== undefined) set(d, n);
    },
  });
  return {
    name: 'UDP_CHECK',
    handler: (a) => {
      current = newChecker(scope, 'UDP_CHECK', a.pos, {
        connection: true,
        queued: true,
        scheduled: true,
        data: {
          kind: 'udp',
          payload: undefined,
          requireReply: false,
          replyData: undefined,
          minReplyLength: 0,
          maxReplyLength: 255,
        },
      });
    },
    sub: keywordTable([
      ...commonCheckerKeywords(scope, true),
      {
        name: 'payload',
        handler: (a) => {
          if (a.count === 1) return a.error(ConfigErr.GeneralError, 'UDP_CHECK payload requires a payload');
          const hex = readHexString(a.words.slice(1).join(' '), false);
          if (hex === undefined) a.error(ConfigErr.GeneralError, 'Invalid hex string for UDP_CHECK payload');
          const d = data();
          if (d !== undefined) d.payload = hex;
        },
      },
      {
        name: 'require_reply',
        handler: (a) => {
          const d = data();
          if (d !== undefined) d.requireReply = true;
          if (a.count === 1) return;
          const hex = readHexString(a.words.slice(1).join(' '), true);
          if (hex === undefined) a.error(ConfigErr.GeneralError, 'Invalid hex string for UDP_CHECK reply');
          if (d !== undefined) d.replyData = hex;
        },
      },
      length('min_reply_length', 'min', (d, v) => (d.minReplyLength = v)),
      length('max_reply_length', 'max', (d, v) => (d.maxReplyLength = v)),
    ]),
    close: (end) => {
      const c = current;
      current = undefined;
      if (c === undefined || c.data.kind !== 'udp') return;
      if (c.co !== undefined && !connOptsValid(scope, c.co, end)) {
        dequeueChecker(scope, c);
        return;
      }
      if (c.data.minReplyLength > c.data.maxReplyLength) {
        scope.ctx.diags.error(
          ConfigErr.GeneralError,
          end,
          `UDP_CHECK min_reply length ${c.data.minReplyLength} > max_reply_length ${c.data.maxReplyLength} - will always fail`,
        );
      }
    },
  };
}
