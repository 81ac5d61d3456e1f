// Servers that misbehave never crash a checker: an HTTP server that sends 10 KB of junk without a header end, an
// SMTP server that sends a 2000-byte line without a newline, a DNS server that answers 3 bytes, and a TLS port
// that speaks plain text. Each checker reports its server down with keepalived's wording, and keeps running.
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import t from 'tap';
import { createChecker } from '../../src/check/checkers';
import { loadConfig } from '../../src/config/load';

const LO = '127.0.0.1';

function tcpServer(onConn: (s: net.Socket) => void): Promise<net.Server> {
  return new Promise((res) => {
    const srv = net.createServer((s) => {
      s.on('error', () => undefined);
      onConn(s);
    });
    srv.listen(0, LO, () => res(srv));
  });
}

const portOf = (s: net.Server): number => (s.address() as net.AddressInfo).port;

async function waitFor(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

t.test('misbehaving servers: down, with keepalived wording, no crash', async (t) => {
  const junkHttp = await tcpServer((s) => s.end(Buffer.alloc(10_000, 'x')));
  const longSmtp = await tcpServer((s) => s.write(Buffer.alloc(2000, 'y')));
  const plainTls = await tcpServer((s) => s.end('HTTP/1.0 200 OK\r\n\r\nnot tls'));
  const dns = dgram.createSocket('udp4');
  dns.on('message', (_m, r) => dns.send(Buffer.from([1, 2, 3]), r.port, r.address));
  await new Promise<void>((r) => dns.bind(0, LO, () => r()));
  t.teardown(() => {
    for (const s of [junkHttp, longSmtp, plainTls]) s.close();
    dns.close();
  });
  const block = (kind: string, extra: string): string => `${kind} {
      ${extra}
      connect_timeout 1
      retry 0
      warmup 0
      log_all_failures
    }`;
  const conf = `
virtual_server 10.1.0.1 80 {
  delay_loop 1
  protocol TCP
  real_server ${LO} ${portOf(junkHttp)} {
    ${block('HTTP_GET', 'url {\n path /\n }')}
  }
  real_server ${LO} ${portOf(longSmtp)} {
    ${block('SMTP_CHECK', '')}
  }
  real_server ${LO} ${portOf(plainTls)} {
    ${block('SSL_GET', 'url {\n path /\n }')}
  }
}
virtual_server 10.1.0.1 53 {
  delay_loop 1
  protocol UDP
  real_server ${LO} ${(dns.address() as net.AddressInfo).port} {
    ${block('DNS_CHECK', 'name bad.test')}
  }
}
`;
  const loaded = loadConfig('bad.conf', { text: conf });
  const lines: string[][] = [];
  const results: boolean[][] = [];
  const checkers = loaded.config.virtualServers.flatMap((vs) =>
    vs.realServers.flatMap((rs) =>
      rs.checkers.map((c) => {
        const n = lines.length;
        lines.push([]);
        results.push([]);
        const ch = createChecker({ checker: c, rs, vs, ssl: loaded.config.ssl }, { log: (l) => lines[n]!.push(l), random: () => 0 });
        ch.onResult((up) => results[n]!.push(up));
        return ch;
      }),
    ),
  );
  t.teardown(() => checkers.forEach((c) => c.stop()));
  checkers.forEach((c) => c.start());
  await waitFor('every checker down', () => results.every((r) => r.includes(false)));
  const [http, smtp, ssl, dnsLines] = lines as [string[], string[], string[], string[]];
  t.match(http[0], /^Read, no data received from {2}server \[127\.0\.0\.1\]:tcp:\d+\.$/, 'junk without a header end is no data');
  t.ok(smtp.some((l) => /^SMTP_CHECK Buffer overflow reading from server \[127\.0\.0\.1\]:\d+\. Increase SMTP_BUFF_MAX in check_smtp\.h$/.test(l)), 'the SMTP line wraps');
  t.ok(smtp.some((l) => /^SMTP_CHECK Read timeout from server/.test(l)), 'then times out');
  t.match(ssl[0], /^SSL handshake\/communication error connecting to server \[127\.0\.0\.1\]:tcp:\d+\.$/);
  t.match(dnsLines[0], /^DNS_CHECK \(\[127\.0\.0\.1\]:udp:\d+\) read timeout from socket$/, 'a 3-byte answer is ignored');
  // Still scheduled: more attempts come round without trouble.
  const attempts = lines.map((l) => l.length);
  await waitFor('more SMTP attempts', () => lines[1]!.length > attempts[1]!);
  t.ok(checkers.every((c) => !c.up), 'all still down, still running');
});
