// An HTTP_GET checker whose url regex is written for PCRE2 (inline caseless, \A, possessive, atomic group, \b)
// against a real HTTP server on the loopback whose body changes: the real server goes down and up with the body
// exactly when PCRE2 — pcre2test, run live on the very bytes the checker's regex sees, in keepalived's mode —
// says the regex matches. keepalived's own checker is compared on such regexes in
// test/uml/checkers-oracle-pcre.test.ts (it needs IPVS, which this host lacks).
import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { createChecker } from '../../src/check/checkers';
import { loadConfig } from '../../src/config/load';
import { ProcessScriptRunner } from '../../src/core/process';
import { havePcre2test, runPcre2test } from '../helpers/pcre2test';

const LO = '127.0.0.1';
const REGEX = '(?i)\\Astatus:\\s++(?>ok|fine)\\b';

async function waitFor(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** HTTP/1.0 server answering 200 with the current body, headers and body written separately (so the regex sees
 * the body alone, from its first byte). */
async function bodyServer(): Promise<{ port: number; body: string; requests: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const state = { port: 0, body: '', requests: 0, close: async (): Promise<void> => undefined };
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    let head = '';
    sock.on('data', (d) => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      state.requests++;
      const body = Buffer.from(state.body, 'latin1');
      sock.write(`HTTP/1.0 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`, () => setTimeout(() => sock.end(body), 20));
    });
  });
  await new Promise<void>((res) => server.listen(0, LO, () => res()));
  state.port = (server.address() as net.AddressInfo).port;
  state.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((res) => server.close(() => res()));
  };
  return state;
}

t.test('PCRE2 regex: up and down with the body, as PCRE2 judges it', { skip: havePcre2test ? false : 'pcre2test not installed (pcre2-utils)' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-chk-pcre-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const server = await bodyServer();
  t.teardown(() => server.close());
  const conf = `
virtual_server 10.1.0.1 80 {
  delay_loop 1
  protocol TCP
  real_server ${LO} ${server.port} {
    HTTP_GET {
      url {
        path /health
        regex "${REGEX.replace(/\\/g, '\\\\')}"
      }
      connect_timeout 2
      retry 0
      warmup 0
    }
  }
}
`;
  const loaded = loadConfig(join(dir, 'keepalived.conf'), { text: conf });
  t.same(loaded.diags.list.filter((d) => /regex/i.test(d.message)), [], 'the pattern is accepted and translatable');
  const vs = loaded.config.virtualServers[0]!;
  const rs = vs.realServers[0]!;
  const checker = createChecker({ checker: rs.checkers[0]!, rs, vs, ssl: loaded.config.ssl, trackFile: undefined }, { log: () => undefined, scripts: new ProcessScriptRunner(), random: () => 0 });
  t.teardown(() => checker.stop());

  // Bodies in the order served, alternating PCRE2's verdicts so that each one shows as a change of state.
  const bodies = ['Status: OK\n', 'status:  degraded\n', 'STATUS:\tfine, thanks\n', 'x status: ok\n', 'status: ok \n', 'status: okay\n', 'status:\tok!', 'status: ok'];
  const oracle = runPcre2test(bodies.map((subject) => ({ pattern: REGEX, options: [], subject })));
  const expected = oracle.map((o) => o.kind === 'match');
  t.same(expected, [true, false, true, false, true, false, true, false], 'PCRE2: \\A, "okay" fails \\b, and "ok" at the very end is only a partial match');
  checker.start();
  for (const [i, body] of bodies.entries()) {
    server.body = body;
    // Requests after this point are answered with this body (read when each arrives). Wait for the state to change,
    // or for three checks of this body to have been answered (it would have changed by then).
    const seen = server.requests;
    await waitFor(`checks of ${JSON.stringify(body)}`, () => (server.requests > seen && checker.up === expected[i]) || server.requests >= seen + 4, 30_000);
    if (i > 0) t.not(expected[i], expected[i - 1], 'a change of state');
    t.equal(checker.up, expected[i], `${JSON.stringify(body)}: ${expected[i] ? 'up' : 'down'}`);
  }
});
