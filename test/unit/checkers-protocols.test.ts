// The sans-IO protocol pieces of the checkers: the HTTP request bytes and reply reading (status line, Content-Length,
// body digest through the wasm/OpenSSL MD5, headers split across reads), the url tests, the SMTP dialogue, the DNS
// query and reply test, UDP reply matching, the ICMP echo, and FILE_CHECK's view of a track file value.
import { createHash } from 'node:crypto';
import t from 'tap';
import type { HttpUrl } from '../../src/config/model/virtual-server';
import { buildDnsQuery, judgeDnsReply } from '../../src/check/checkers/dns/query';
import { fileStatus, fileStatusChange, WEIGHT_FAULT } from '../../src/check/checkers/file-status';
import { judgeReply } from '../../src/check/checkers/http/judge-reply';
import { buildHttpRequest } from '../../src/check/checkers/http/request';
import { extractContentLength, extractStatusCode, HttpReplyReader } from '../../src/check/checkers/http/response-reader';
import { buildEcho, isEchoReply } from '../../src/check/checkers/ping/echo';
import { SmtpDialogue, smtpStatus } from '../../src/check/checkers/smtp/dialogue';
import { hexPayload, keepalivedFiller, parseReplyPattern, udpReplyMatches } from '../../src/check/checkers/udp/reply-match';
import { inetChecksum } from '../../src/core/wasm/checksum';

const url = (o: Partial<HttpUrl> = {}): HttpUrl => ({
  path: '/',
  digest: undefined,
  statusCode: ['200-299'],
  virtualhost: undefined,
  regex: undefined,
  regexNoMatch: false,
  regexOptions: [],
  regexMinOffset: 0,
  regexMaxOffset: undefined,
  regexStack: undefined,
  ...o,
});

t.test('HTTP request bytes', async (t) => {
  t.equal(
    buildHttpRequest({ path: '/x', protocol: '1.0', virtualhost: undefined, address: '10.0.0.2', port: 80 }),
    'GET /x HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 10.0.0.2:80\r\n\r\n',
  );
  t.equal(
    buildHttpRequest({ path: '/', protocol: '1.0C', virtualhost: 'h.test', address: 'fd00::2', port: 80 }),
    'GET / HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: h.test\r\n\r\n',
  );
  t.equal(
    buildHttpRequest({ path: '/', protocol: '1.1', virtualhost: undefined, address: 'fd00::2', port: 8080 }),
    'GET / HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: [fd00::2]:8080\r\n\r\n',
  );
});

t.test('HTTP reply: status line and Content-Length as keepalived reads them', async (t) => {
  t.equal(extractStatusCode('HTTP/1.1 204 No Content\r\n'), 204);
  t.equal(extractStatusCode('HTTP/1.0 200\r\n'), 0, 'no reason phrase: keepalived wants a space after the code');
  t.equal(extractStatusCode('garbage'), 0);
  t.equal(extractContentLength('HTTP/1.0 200 OK\r\nContent-Length: 12\r\n'), 12);
  t.equal(extractContentLength('HTTP/1.0 200 OK\r\ncontent-length: 12\r\n'), undefined, 'case-sensitive, as strstr');
  t.equal(extractContentLength('HTTP/1.0 200 OK\r\nContent-Length: 12x\r\n'), undefined);
});

t.test('HTTP reply: digest of the body only, whatever the read boundaries', async (t) => {
  const body = Buffer.alloc(5000, 'abcdefghij');
  const wire = Buffer.concat([Buffer.from(`HTTP/1.0 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body, Buffer.from('trailing junk')]);
  const md5 = createHash('md5').update(body).digest('hex');
  for (const cut of [1, 7, 30, 1000, wire.length]) {
    const r = new HttpReplyReader(true, 0);
    for (let i = 0; i < wire.length; i += cut) r.push(wire.subarray(i, i + cut));
    const reply = r.finish();
    t.equal(reply?.digest, md5, `reads of ${cut} bytes`);
    t.equal(reply?.rxBytes, body.length + 13);
  }
  const withHead = new HttpReplyReader(false, 100);
  withHead.push(Buffer.from('HTTP/1.0 200 OK\r\n\r\nbody'));
  t.equal(withHead.finish()?.regexSubject, 'HTTP/1.0 200 OK\r\n\r\nbody', 'headers and body in one read: the regex sees both');
  const apart = new HttpReplyReader(false, 100);
  apart.push(Buffer.from('HTTP/1.0 200 OK\r\n\r\n'));
  apart.push(Buffer.from('body'));
  t.equal(apart.finish()?.regexSubject, 'body', 'headers alone in their read: the body only');
  const none = new HttpReplyReader(true, 0);
  none.push(Buffer.from('HTTP/1.0 200 OK\r\n'));
  t.equal(none.finish(), undefined, 'no end of headers: no data');
});

t.test('HTTP url tests: status ranges, digest, regex and regex_no_match, offsets', async (t) => {
  const reply = (status: number, body = 'hello world'): Parameters<typeof judgeReply>[1] => ({
    status,
    contentLength: undefined,
    rxBytes: body.length,
    digest: createHash('md5').update(body).digest('hex'),
    regexSubject: body,
  });
  t.same(judgeReply(url(), reply(200)), { ok: true, what: 'HTTP status code', passedStatus: true });
  t.same(judgeReply(url({ statusCode: ['200', '301-302'] }), reply(302)).ok, true);
  t.same(judgeReply(url(), reply(500)), { ok: false, message: 'HTTP status code error to', passedStatus: false });
  t.same(judgeReply(url(), undefined), { ok: false, message: 'Read, no data received from ', passedStatus: false });
  const d = createHash('md5').update('hello world').digest('hex');
  t.same(judgeReply(url({ digest: d }), reply(200)).ok, true);
  t.same(judgeReply(url({ digest: d }), reply(200, 'other')), { ok: false, message: 'MD5 digest error to', passedStatus: true });
  t.same(judgeReply(url({ regex: 'wor.d' }), reply(200)), { ok: true, what: 'Regex match', passedStatus: true });
  t.same(judgeReply(url({ regex: 'WORLD', regexOptions: ['caseless'] }), reply(200)).ok, true);
  t.same(judgeReply(url({ regex: 'world', regexNoMatch: true }), reply(200)).ok, false);
  t.same(judgeReply(url({ regex: 'hello', regexMinOffset: 1 }), reply(200)).ok, false, 'match before regex_min_offset');
  t.same(judgeReply(url({ regex: 'world', regexMaxOffset: 3 }), reply(200)).ok, false, 'match after regex_max_offset');
  t.same(judgeReply(url({ regex: '(' }), reply(200)).ok, false, 'a pattern that does not compile never matches');
  // PCRE2 dialect (the translation is judged against pcre2test in test/interop/pcre-translation.test.ts).
  t.same(judgeReply(url({ regex: '(?i)\\AHELLO\\s++wor' }), reply(200)).ok, true, 'inline caseless, \\A, possessive');
  t.same(judgeReply(url({ regex: '\\Aworld' }), reply(200)).ok, false, '\\A is the start of the text only');
  t.same(judgeReply(url({ regex: 'world$' }), reply(200)).ok, false, 'partial at the end of the body: never a match');
  t.same(judgeReply(url({ regex: 'world$', regexNoMatch: true }), reply(200)).ok, true, '… so regex_no_match passes');
  t.same(judgeReply(url({ regex: 'wor(?=ld)' }), reply(200)).ok, true);
  t.same(judgeReply(url({ regex: 'a\\Kb' }), reply(200, 'ab')).ok, false, 'untranslatable (\\K): fails…');
  t.same(judgeReply(url({ regex: 'a\\Kb', regexNoMatch: true }), reply(200, 'ab')).ok, false, '… with regex_no_match too');
});

t.test('SMTP dialogue: banner, HELO, QUIT; bad codes; one line per read', async (t) => {
  t.equal(smtpStatus('220 ready'), 220);
  t.equal(smtpStatus('220-multi'), -1);
  t.equal(smtpStatus('2200 x'), -1);
  const d = new SmtpDialogue('me.test', '[10.0.0.2]:25');
  t.same(d.receive('220 hi\r\n250 ignored\r\n'), [{ type: 'send', line: 'HELO me.test\r\n' }]);
  t.same(d.receive('25'), [{ type: 'wait' }]);
  t.same(d.receive('0 ok\r\n'), [{ type: 'send', line: 'QUIT\r\n' }]);
  t.same(d.receive('221 bye\r\n'), [{ type: 'done' }]);
  const bad = new SmtpDialogue('me.test', '[10.0.0.2]:25');
  t.same(bad.receive('554 no\r\n'), [{ type: 'fail', message: 'Bad greeting banner from server [10.0.0.2]:25' }]);
  const helo = new SmtpDialogue('me.test', '[10.0.0.2]:25');
  helo.receive('220 hi\n');
  t.same(helo.receive('500 what\n'), [{ type: 'fail', message: 'Bad HELO response from server [10.0.0.2]:25' }]);
});

t.test('DNS query and reply', async (t) => {
  const q = buildDnsQuery(0x1234, 'www.example.test', 'AAAA');
  t.same([...q.subarray(0, 12)], [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
  t.equal(q.subarray(12).toString('latin1'), '\x03www\x07example\x04test\x00\x00\x1c\x00\x01');
  t.equal(buildDnsQuery(1, '.', 'NS').subarray(12).toString('hex'), '0000020001', 'the root name');
  const reply = Buffer.from(q);
  reply[2] = 0x81;
  reply[3] = 0x80;
  t.same(judgeDnsReply(0x1234, reply), { kind: 'ok' });
  reply[3] = 0x83;
  t.same(judgeDnsReply(0x1234, reply), { kind: 'rcode', rcode: 3 });
  t.same(judgeDnsReply(0x1235, reply), { kind: 'ignore' }, 'another id');
  t.same(judgeDnsReply(0x1234, q), { kind: 'ignore' }, 'a query, not a reply');
  t.same(judgeDnsReply(0x1234, reply.subarray(0, 7)), { kind: 'ignore' }, 'shorter than 8 bytes');
});

t.test('UDP reply matching and keepalived filler', async (t) => {
  const p = parseReplyPattern('68x56c');
  t.same([...p.data], [0x68, 0x05, 0x6c]);
  t.same([...p.mask], [0x00, 0xf0, 0x00]);
  t.ok(udpReplyMatches(Buffer.from('hello'), p, 0, 10));
  t.notOk(udpReplyMatches(Buffer.from('jello'), p, 0, 10));
  t.notOk(udpReplyMatches(Buffer.from('hello'), p, 6, 10), 'shorter than min_reply_length');
  t.ok(udpReplyMatches(Buffer.from('anything'), undefined, 100, 100), 'lengths only count with reply_data');
  t.equal(keepalivedFiller(32).toString(), 'keepalived check - keepalived ch');
  // The configuration model keeps octets space-separated ("01 02 ab"): every byte counts.
  t.same([...parseReplyPattern('68 x5 6c').data], [0x68, 0x05, 0x6c], 'spaced reply data');
  t.same([...hexPayload('01 02 ab')], [0x01, 0x02, 0xab], 'spaced payload: all three bytes');
});

t.test('ICMP echo', async (t) => {
  const e = buildEcho(4, 0x4242, 7);
  t.equal(e.length, 136);
  t.equal(inetChecksum(e), 0, 'checksum verifies');
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  const reply = Buffer.concat([ip, e]);
  reply[20] = 0;
  t.ok(isEchoReply(4, reply, 0x4242, 7));
  t.notOk(isEchoReply(4, reply, 0x4242, 8));
  const e6 = buildEcho(6, 1, 1);
  e6[0] = 129;
  t.ok(isEchoReply(6, e6, 1, 1));
});

t.test('FILE_CHECK: status of a track file value', async (t) => {
  t.equal(fileStatus(0, 0, false), 0);
  t.equal(fileStatus(1, 0, false), WEIGHT_FAULT);
  t.equal(fileStatus(0, 0, true), WEIGHT_FAULT, 'reverse: zero is the fault');
  t.equal(fileStatus(5, 2, false), 10);
  t.equal(fileStatus(5, 2, true), -10);
  t.same(fileStatusChange(0, WEIGHT_FAULT), { type: 'down' });
  t.same(fileStatusChange(WEIGHT_FAULT, 4), { type: 'up', weight: 4 });
  t.same(fileStatusChange(4, 6), { type: 'weight', weight: 6 });
  t.same(fileStatusChange(6, 6), { type: 'none' });
});
