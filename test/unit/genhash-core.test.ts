// genhash's pure parts where the live comparison (test/interop/genhash.test.ts) cannot choose how the bytes arrive:
// responses split across reads, a full buffer without a header, Content-Length cuts, and the option arithmetic.
import { createHash } from 'node:crypto';
import t from 'tap';
import { parseGenhashArgs } from '../../src/cli/genhash-options';
import { genhashRequest } from '../../src/cli/genhash-fetch';
import { GenhashResponse, HTML_HEADER_HEXA, HTTP_HEADER_HEXA, READ_BUFFER_SPACE } from '../../src/cli/genhash-response';
import { hexDump } from '../../src/cli/hex-dump';
import { mulberry32, randomBytesFrom } from '../helpers/prng';

const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex');

t.test('hexDump: keepalived dump_buffer layout', async (t) => {
  t.equal(hexDump(Buffer.from('hello world\n')), '0000  68 65 6c 6c 6f 20 77 6f - 72 6c 64 0a               hello world.    \n');
  t.equal(hexDump(Buffer.alloc(0)), '');
  const big = hexDump(Buffer.alloc(65552, 0x41)).split('\n');
  t.equal(big[4096]?.slice(0, 4), '0000', 'the offset wraps at 65536');
});

t.test('a header split across reads is announced on each read', async (t) => {
  let out = '';
  const r = new GenhashResponse((s) => void (out += s));
  r.feed(Buffer.from('HTTP/1.0 200 OK\r\nX: y\r'));
  t.equal(r.headerSeen, false);
  r.feed(Buffer.from('\n\r\nbody'));
  t.equal(r.headerSeen, true);
  t.equal(out.split(HTTP_HEADER_HEXA).length - 1, 2);
  t.ok(out.includes(HTML_HEADER_HEXA));
  t.equal(r.finish(true).toString('hex'), md5(Buffer.from('body')));
});

t.test('Content-Length cuts the hashed bytes across reads', async (t) => {
  const r = new GenhashResponse(undefined);
  r.feed(Buffer.from('HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\n0123'));
  r.feed(Buffer.from('4567'));
  r.feed(Buffer.from('89abcdef'));
  t.equal(r.finish(false).toString('hex'), md5(Buffer.from('0123456789')));
});

t.test('a buffer filled without a header stops the reading', async (t) => {
  const r = new GenhashResponse(undefined);
  r.feed(Buffer.alloc(READ_BUFFER_SPACE + 100, 0x61));
  t.equal(r.space, 0);
  t.equal(r.headerSeen, false);
});

t.test('large bodies in random pieces hash like node:crypto', async (t) => {
  const rand = mulberry32(7);
  for (const size of [0, 1, 1023, 1024, 1025, 4095, 4096, 100_000]) {
    const body = randomBytesFrom(rand, size);
    const whole = Buffer.concat([Buffer.from('HTTP/1.0 200 OK\r\n\r\n'), body]);
    const r = new GenhashResponse(undefined);
    for (let off = 0; off < whole.length; ) {
      const n = 1 + Math.floor(rand() * 9000);
      r.feed(whole.subarray(off, off + n));
      off += n;
    }
    t.equal(r.finish(true).toString('hex'), md5(body), `${size} bytes`);
  }
});

t.test('options: permutation, clusters, prefixes and keepalived arithmetic', async (t) => {
  const ok = (args: string[]) => {
    const r = parseGenhashArgs(args);
    if (!r.ok) throw new Error(r.errors.join('; '));
    return r.options;
  };
  const o = ok(['-vS', '--serv', '::1', '-p', '+08', '-u/x', '-t', '5000', '-m', ' 7']);
  t.equal(o.verbose && o.ssl, true);
  t.equal(o.server.address, '::1');
  t.equal(o.port, 8);
  t.equal(o.url, '/x');
  t.equal(o.timeoutUs, (5000 * 1_000_000) % 2 ** 32, 'seconds × 10^6 wrap in 32 bits');
  t.equal(o.fwmark, 7);
  t.equal(ok(['-s', '127.0.0.1', '-p', '1', '-u', '/']).timeoutUs, 0xffffffff, 'no -t: UINT_MAX µs');
  t.same(parseGenhashArgs(['-s', '127.0.0.1', '-p', '1', '-u', '/', 'x', '-v']), { ok: false, errors: ['Unexpected argument(s): x'] });
  t.same(parseGenhashArgs(['-u', '-v', '-s', '127.0.0.1', '-p', '1']).ok, true, 'an option argument may start with -');
});

t.test('request bytes: Host, Connection and the 2047-byte cut', async (t) => {
  const base = { url: '/p', protocol: '1.0' as const, virtualhost: undefined, port: 8080 };
  const v4 = { family: 'inet' as const, octets: [10, 0, 0, 1], address: '10.0.0.1', port: 0 };
  const v6 = { family: 'inet6' as const, octets: [], address: 'fd00::1', port: 0 };
  t.equal(genhashRequest({ ...base, server: v4 }).toString(), 'GET /p HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 10.0.0.1:8080\r\n\r\n');
  t.equal(
    genhashRequest({ ...base, protocol: '1.1', server: v6 }).toString(),
    'GET /p HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: [fd00::1]:8080\r\n\r\n',
  );
  t.equal(
    genhashRequest({ ...base, protocol: '1.0C', virtualhost: 'v.test', server: v6 }).toString(),
    'GET /p HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: v.test\r\n\r\n',
  );
  t.equal(genhashRequest({ ...base, url: `/${'a'.repeat(3000)}`, server: v4 }).length, 2047);
});
