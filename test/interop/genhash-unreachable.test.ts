// genhash-ts against genhash when the server cannot be reached, inside a namespace: no route to the network and an
// `unreachable` route (connect() fails at once), an on-link address nobody answers ARP for (it fails later), and
// a server only a firewall-marked connection (-m) can reach.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { createLab, spawnInNs, spawnTsInNs } from '../helpers/netns';

const MAIN = 'src/cli/genhash-main.ts';

t.test('unreachable servers: same message and exit code', { timeout: 60_000 }, async (t) => {
  const lab = createLab([{ addrs: ['10.93.0.1/24'] }]);
  t.teardown(() => lab.dispose());
  const ns = (lab.nodes[0] as { ns: string }).ns;
  lab.exec(ns, 'ip', ['route', 'add', 'unreachable', '10.95.0.0/24']);
  const cases = [
    ['-s', '10.94.0.1', '-p', '80', '-u', '/'],
    ['-s', '10.94.0.1', '-p', '80', '-u', '/', '-v'],
    ['-S', '-s', '10.94.0.1', '-p', '443', '-u', '/'],
    ['-s', '10.95.0.1', '-p', '80', '-u', '/'],
    ['-s', '10.93.0.77', '-p', '80', '-u', '/', '-t', '10'],
  ];
  for (const args of cases) {
    const k = spawnInNs(ns, 'genhash', args);
    const o = spawnTsInNs(ns, MAIN, args);
    const [kc, oc] = await Promise.all([k.exited, o.exited]);
    const norm = (s: string): string => s.replace(/= \d+ usecs/g, '= N usecs');
    t.equal(oc, kc, `${args.join(' ')}: exit code`);
    const first = JSON.stringify(k.stdout().toString().split('\n')[0]);
    t.equal(norm(o.stdout().toString()), norm(k.stdout().toString()), `${args.join(' ')}: stdout ${first}`);
    t.equal(o.stderr(), k.stderr(), `${args.join(' ')}: stderr`);
  }
});

t.test('-m sets the firewall mark: a route only marked packets may take', { timeout: 60_000 }, async (t) => {
  const lab = createLab([{ addrs: ['10.93.1.1/24'] }]);
  t.teardown(() => lab.dispose());
  const ns = (lab.nodes[0] as { ns: string }).ns;
  // 10.96.0.1 is local, but a rule ahead of the local table makes it unreachable for anything not marked 5
  // (accepted connections keep the mark, so the server's replies pass too).
  lab.exec(ns, 'ip', ['addr', 'add', '10.96.0.1/32', 'dev', 'lo']);
  lab.exec(ns, 'ip', ['rule', 'add', 'pref', '10', 'lookup', 'local']);
  lab.exec(ns, 'ip', ['rule', 'del', 'pref', '0']);
  lab.exec(ns, 'ip', ['rule', 'add', 'pref', '5', 'not', 'fwmark', '5', 'to', '10.96.0.1', 'unreachable']);
  lab.exec(ns, 'sysctl', ['-qw', 'net.ipv4.tcp_fwmark_accept=1']);
  const dir = mkdtempSync(join(tmpdir(), 'kts-genhash-mark-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'page.html'), 'reached with the mark\n');
  const server = spawnInNs(ns, 'python3', ['-m', 'http.server', '8080', '--bind', '0.0.0.0', '--directory', dir]);
  t.teardown(() => server.stop());
  await server.waitFor(/Serving HTTP/, 20_000);
  for (const args of [
    ['-s', '10.96.0.1', '-p', '8080', '-u', '/page.html', '-m', '5'],
    ['-s', '10.96.0.1', '-p', '8080', '-u', '/page.html'],
    ['-s', '10.96.0.1', '-p', '8080', '-u', '/page.html', '-m', '6'],
  ]) {
    const k = spawnInNs(ns, 'genhash', args);
    const o = spawnTsInNs(ns, MAIN, args);
    const [kc, oc] = await Promise.all([k.exited, o.exited]);
    const first = JSON.stringify(k.stdout().toString().split('\n')[0]);
    t.equal(oc, kc, `${args.join(' ')}: exit code`);
    t.equal(o.stdout().toString(), k.stdout().toString(), `${args.join(' ')}: stdout ${first}`);
    t.equal(o.stderr(), k.stderr(), `${args.join(' ')}: stderr`);
  }
});
