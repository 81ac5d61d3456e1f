// createChecker() against real servers on the loopback: each kind reports up, goes down when its server fails —
// after exactly retry + 1 failed attempts where the server can count them — and comes back. MISC_CHECK runs a real
// script (misc_dynamic weights), FILE_CHECK follows a real file. keepalived's own lines for the same situations
// are compared in test/uml/checkers-oracle*.test.ts.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as net from 'node:net';
import { join } from 'node:path';
import t from 'tap';
import { createChecker, type HealthChecker } from '../../src/check/checkers';
import { loadConfig } from '../../src/config/load';
import { ProcessScriptRunner } from '../../src/core/process';
import { startDns, startHttp, startSmtp, startTcp, startUdpEcho, type Switchable } from '../../src/lab/checker-oracle/servers';

const LO = '127.0.0.1';

async function waitFor(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.2', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => res(port));
    });
  });
}

interface Watched {
  checker: HealthChecker;
  results: { up: boolean; weight?: number }[];
  lines: string[];
}

function start(configText: string, dir: string): Watched[] {
  const loaded = loadConfig(join(dir, 'keepalived.conf'), { text: configText });
  const out: Watched[] = [];
  const scripts = new ProcessScriptRunner();
  for (const vs of loaded.config.virtualServers) {
    for (const rs of vs.realServers) {
      for (const c of rs.checkers) {
        const w: Watched = { checker: undefined as unknown as HealthChecker, results: [], lines: [] };
        w.checker = createChecker(
          {
            checker: c,
            rs,
            vs,
            ssl: loaded.config.ssl,
            trackFile: c.type === 'FILE_CHECK' ? loaded.config.trackFiles.find((f) => f.name === c.trackFile) : undefined,
          },
          { log: (l) => w.lines.push(l), scripts, random: () => 0 },
        );
        w.checker.onResult((up, weight) => w.results.push(weight === undefined ? { up } : { up, weight }));
        w.checker.start();
        out.push(w);
      }
    }
  }
  return out;
}

const checkerBlock = (kind: string, extra = ''): string => `${kind} {
      connect_timeout 1
      retry 2
      delay_before_retry 1
      warmup 0
      ${extra}
    }`;

t.test('server-backed checkers: up, down after retry + 1 failures, up again', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-chk-api-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  const servers: Record<string, Switchable> = {
    http: await startHttp(LO, 0),
    https: await startHttp(LO, 0, { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }),
    tcp: await startTcp(LO, 0),
    smtp: await startSmtp(LO, 0),
    dns: await startDns(LO, 0),
    udp: await startUdpEcho(LO, 0),
  };
  t.teardown(async () => {
    for (const s of Object.values(servers)) await s.close();
  });
  const p = (k: string): number => servers[k]!.port;
  const bindPort = await freePort();
  const conf = `
SSL {
  certificate ${join(dir, 'cert.pem')}
  key ${join(dir, 'key.pem')}
}
virtual_server 10.1.0.1 80 {
  delay_loop 1
  protocol TCP
  real_server ${LO} ${p('http')} {
    ${checkerBlock('HTTP_GET', `url {\n path /\n }\n bindto 127.0.0.2\n bind_port ${bindPort}`)}
  }
  real_server ${LO} ${p('https')} {
    ${checkerBlock('SSL_GET', 'url {\n path /\n }')}
  }
  real_server ${LO} ${p('tcp')} {
    ${checkerBlock('TCP_CHECK')}
  }
  real_server ${LO} ${p('smtp')} {
    ${checkerBlock('SMTP_CHECK', 'helo_name api.test')}
  }
}
virtual_server 10.1.0.1 53 {
  delay_loop 1
  protocol UDP
  real_server ${LO} ${p('dns')} {
    ${checkerBlock('DNS_CHECK', 'name api.test')}
  }
  real_server ${LO} ${p('udp')} {
    ${checkerBlock('UDP_CHECK', 'require_reply')}
  }
}
`;
  const watched = start(conf, dir);
  t.teardown(() => watched.forEach((w) => w.checker.stop()));
  t.equal(watched.length, 6);
  await waitFor('every checker up', () => watched.every((w) => w.results.length >= 1));
  t.same(watched.map((w) => w.results[0]), watched.map(() => ({ up: true })), 'first verdicts: up');

  const counted = ['http', 'https', 'smtp', 'dns'];
  const seen = (k: string): number => servers[k]!.connections ?? servers[k]!.received.length;
  const before = Object.fromEntries(counted.map((k) => [k, seen(k)]));
  for (const s of Object.values(servers)) s.up = false;
  await waitFor('every checker down', () => watched.every((w) => w.results.at(-1)?.up === false));
  // A server that can count them saw exactly retry + 1 = 3 failing attempts before the verdict. (An attempt that
  // began before the switch and was answered after it still counts as a failure, as the server answered it.)
  const atDown = Object.fromEntries(counted.map((k) => [k, seen(k)]));
  for (const k of counted) {
    const n = atDown[k]! - before[k]!;
    t.ok(n === 3 || n === 4, `${k}: ${n} attempts between the switch and the down verdict (retry 2)`);
  }
  for (const s of Object.values(servers)) s.up = true;
  await waitFor('every checker up again', () => watched.every((w) => w.results.at(-1)?.up === true));
  t.same(watched.map((w) => w.results.map((r) => r.up)), watched.map(() => [true, false, true]), 'up, down, up for each');
  t.equal(servers.http!.peers?.[0], `127.0.0.2 ${bindPort}`, 'bindto / bind_port: the request came from there');
  t.match(watched[0]!.lines, [/Remote Web server \[127\.0\.0\.1\]:tcp:\d+ succeed on service\./, /HTTP_CHECK on service .* failed after 2 retries\./]);
});

t.test('MISC_CHECK with misc_dynamic and FILE_CHECK report weights', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-chk-api-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const code = join(dir, 'code');
  writeFileSync(code, '7');
  writeFileSync(join(dir, 'check.sh'), `#!/bin/sh\nexit $(cat ${code})\n`);
  chmodSync(join(dir, 'check.sh'), 0o755);
  const value = join(dir, 'value');
  writeFileSync(value, '3\n');
  const conf = `
track_file tf {
  file ${value}
}
virtual_server 10.1.0.1 80 {
  delay_loop 1
  protocol TCP
  real_server 10.1.0.2 80 {
    weight 2
    MISC_CHECK {
      misc_path ${join(dir, 'check.sh')}
      misc_dynamic
      retry 0
      warmup 0
    }
  }
  real_server 10.1.0.3 80 {
    FILE_CHECK {
      track_file tf
      weight 2
    }
  }
}
`;
  const [misc, file] = start(conf, dir) as [Watched, Watched];
  t.teardown(() => [misc, file].forEach((w) => w.checker.stop()));
  await waitFor('misc weight', () => misc.results.length >= 2);
  t.same(misc.results.slice(0, 2), [{ up: true, weight: 3 }, { up: true }], 'exit 7: weight 5 = 2 + 3, then up');
  writeFileSync(code, '1');
  await waitFor('misc down', () => misc.results.at(-1)?.up === false);
  writeFileSync(code, '4');
  await waitFor('misc back', () => misc.results.at(-1)?.up === true);
  // keepalived sets the weight before the server comes back, so the weight event still carries the old state.
  t.same(misc.results.slice(-2), [{ up: false, weight: 0 }, { up: true }], 'exit 4: weight 2 again, re-applied after the failure');
  t.match(misc.lines.at(-1), /by \[.*check\.sh\] succeeded\.$/);

  await waitFor('file weight', () => file.results.length >= 1);
  t.same(file.results[0], { up: true, weight: 6 }, 'value 3 × weight 2');
  writeFileSync(value, '-2147483648\n');
  await waitFor('file fault', () => file.results.at(-1)?.up === false);
  writeFileSync(value, '1\n');
  await waitFor('file back', () => file.results.at(-1)?.up === true);
  t.same(file.results.at(-1), { up: true, weight: 2 });
});
