// The daemon's command-line settings: keepalived's flags become DaemonOptions (plain data handed to the children).
import t from 'tap';
import { Command, Option } from 'commander';
import { daemonOptions } from '../../src/cli/daemon-options';
import { LOG_DAEMON, logLocal } from '../../src/core/logging';

/** The options of src/cli/keepalived.ts that the daemon reads, declared the same way. */
function parse(args: string[]): Record<string, unknown> {
  const p = new Command('keepalived-ts').exitOverride()
    .option('-f, --use-file <FILE>')
    .option('-P, --vrrp')
    .option('-C, --check')
    .option('--all')
    .option('-l, --log-console')
    .addOption(new Option('-D, --log-detail').argParser((_v: string, prev: number | undefined) => (prev ?? 0) + 1))
    .option('-S, --log-facility <FACILITY>')
    .option('-G, --no-syslog')
    .option('-X, --release-vips')
    .option('-V, --dont-release-vrrp')
    .option('-R, --dont-respawn')
    .option('-n, --dont-fork')
    .option('-p, --pid <FILE>')
    .option('-r, --vrrp_pid <FILE>')
    .option('-c, --checkers_pid <FILE>')
    .option('-i, --config-id <ID>');
  p.parse(args, { from: 'user' });
  return p.opts();
}

t.test('keepalived flags map onto the daemon options', async (t) => {
  const args = ['-n', '-l', '-D', '-D', '-S', '3', '-f', '/etc/k.conf', '-p', '/tmp/p1', '-r', '/tmp/p2', '-c', '/tmp/p3', '-i', 'node1', '-V', '-R', '-P'];
  const o = daemonOptions(parse(args), ['keepalived', ...args], '/etc/keepalived/keepalived.conf');
  t.equal(o.configFile, '/etc/k.conf');
  t.equal(o.configId, 'node1');
  t.same(o.logging, { console: true, syslog: true, facility: logLocal(3), detail: 2 });
  t.equal(o.pidFile, '/tmp/p1');
  t.equal(o.vrrpPidFile, '/tmp/p2');
  t.equal(o.checkersPidFile, '/tmp/p3');
  t.ok(o.dontFork && o.dontReleaseVrrp && o.dontRespawn && o.vrrpOnly);
  t.notOk(o.releaseVips || o.checkOnly);
  t.same(o.earlyMessages, []);
  const json = JSON.stringify(o);
  t.equal(JSON.stringify(JSON.parse(json)), json, 'plain data: survives the trip to a child');
});

t.test('defaults: the default config file, syslog on with LOG_DAEMON, no console, fork', async (t) => {
  const o = daemonOptions(parse([]), ['keepalived'], '/etc/keepalived/keepalived.conf');
  t.equal(o.configFile, '/etc/keepalived/keepalived.conf');
  t.same(o.logging, { console: false, syslog: true, facility: LOG_DAEMON, detail: 0 });
  t.notOk(o.dontFork);
  t.equal(daemonOptions(parse(['-G']), [], '').logging.syslog, false, '-G');
  const bad = daemonOptions(parse(['-S', 'kern']), [], '');
  t.equal(bad.logging.facility, LOG_DAEMON);
  t.same(bad.earlyMessages, ["Invalid log facility 'kern'"]);
});
