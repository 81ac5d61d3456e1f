// The command line answers -h, -v, --signum and bad options as keepalived 2.2.7 does (the installed keepalived is
// the oracle: same streams, same text, same exit codes).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import t from 'tap';
import { keepalivedMain } from '../../src/cli/keepalived';
import { genhashMain } from '../../src/cli/genhash';

// Run by name, so keepalived's argv[0] (which its usage text echoes) is the plain name too.
const KEEPALIVED = 'keepalived';

function ours(main: typeof keepalivedMain, prog: string, args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(['node', prog, ...args], { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
  return { code, out, err };
}

function theirs(bin: string, args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

t.test('-h prints keepalived usage to stderr and exits 0', async (t) => {
  const k = theirs(KEEPALIVED, ['-h']);
  const o = ours(keepalivedMain, 'keepalived', ['-h']);
  t.equal(o.code, k.code);
  t.equal(o.out, k.out);
  t.equal(o.err, k.err);
  t.match(o.err, /^Usage: keepalived \[OPTION\.\.\.\]/);
});

t.test('--help names the program it runs as', async (t) => {
  t.match(ours(keepalivedMain, 'keepalived-ts', ['--help']).err, /^Usage: keepalived-ts \[OPTION\.\.\.\]/);
});

t.test('--signum answers like keepalived for every name, known or not', async (t) => {
  for (const name of ['STOP', 'RELOAD', 'DATA', 'STATS', 'STATS_CLEAR', 'JSON', 'TDUMP', 'bogus']) {
    const k = theirs(KEEPALIVED, [`--signum=${name}`]);
    const o = ours(keepalivedMain, 'keepalived', [`--signum=${name}`]);
    t.same({ code: o.code, out: o.out, err: o.err }, { code: k.code, out: k.out, err: k.err }, name);
  }
});

t.test('an unknown option is reported like keepalived and exits 1', async (t) => {
  const k = theirs(KEEPALIVED, ['--bogus']);
  const o = ours(keepalivedMain, 'keepalived', ['--bogus']);
  t.equal(o.code, k.code);
  t.equal(o.err.split('\n')[0], k.err.split('\n')[0]);
});

t.test('-g and --flush-log-file are refused as by Debian\'s 2.2.7 (built without --enable-log-file)', async (t) => {
  // Every case exits during option parsing (bad option, or -v first), so keepalived never starts here.
  for (const args of [['-g'], ['--log-file=keepalived.log'], ['-gkeepalived.log', '-n'], ['--flush-log-file'], ['-g', '-v'], ['-v', '-g']]) {
    const k = theirs(KEEPALIVED, args);
    const o = ours(keepalivedMain, 'keepalived', args);
    const first = (err: string): string => err.split('\n')[0].split(',')[0]; // our banner adds ", keepalived-ts vX"
    t.same({ code: o.code, err: first(o.err) }, { code: k.code, err: first(k.err) }, args.join(' '));
  }
});

t.test('-v prints a keepalived-shaped banner on stderr and exits 0', async (t) => {
  const k = theirs(KEEPALIVED, ['-v']);
  const o = ours(keepalivedMain, 'keepalived', ['-v']);
  t.equal(o.code, k.code);
  t.equal(o.out, '');
  t.equal(k.out, '');
  const version = /^Keepalived v(\S+) \(([^)]+)\)/;
  t.same(version.exec(o.err)?.slice(1), version.exec(k.err)?.slice(1), 'same version and date as 2.2.7');
  t.match(o.err, /keepalived-ts v\d+\.\d+\.\d+/);
});

t.test('genhash -h and --version print genhash usage to stderr and exit 1, like genhash', async (t) => {
  // Both stop at the command line, so genhashMain answers with a number.
  const genhash = (argv: readonly string[], io?: Parameters<typeof genhashMain>[1]): number => genhashMain(argv, io) as number;
  for (const args of [['-h'], ['--version']]) {
    const k = theirs('genhash', args);
    const o = ours(genhash, 'genhash', args);
    t.equal(o.code, k.code, `${args[0]}: exit code`);
    t.equal(o.err, k.err, `${args[0]}: stderr`);
    t.equal(o.out, k.out, `${args[0]}: stdout`);
  }
});

t.test('the bins run from the compiled build', async (t) => {
  const r = spawnSync(process.execPath, [`${__dirname}/../../bin/keepalived-ts.js`, '--signum=RELOAD'], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  t.equal(r.stdout, '1\n');
});

/** A config that needs no interface, so it reads the same on every machine. */
const LVS_CONF = `global_defs {
  router_id cli_test
}
virtual_server 10.211.7.1 80 {
  delay_loop 6
  lb_algo rr
  lb_kind NAT
  protocol TCP
  real_server 10.211.7.11 80 {
    weight 3
    TCP_CHECK {
      connect_timeout 4
    }
  }
}
`;

function confFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kts-cli-'));
  const path = join(dir, 'keepalived.conf');
  writeFileSync(path, text);
  return path;
}

t.test('-t exits as keepalived -t does, quietly for a good config and with positions for a bad one', async (t) => {
  const good = confFile(LVS_CONF);
  const bad = confFile(LVS_CONF.replace('lb_algo rr', 'lb_algo bogus').replace('weight 3', 'weight 3\n    bogus_kw 1'));
  t.teardown(() => [good, bad].forEach((p) => rmSync(dirname(p), { recursive: true, force: true })));
  for (const [file, what] of [[good, 'good'], [bad, 'bad']] as const) {
    const k = theirs(KEEPALIVED, ['-t', '-f', file]);
    const o = ours(keepalivedMain, 'keepalived', ['-t', '-f', file]);
    t.equal(o.code, k.code, `${what}: same exit code as keepalived (${k.code})`);
    t.equal(o.out, '', `${what}: nothing on stdout`);
  }
  const o = ours(keepalivedMain, 'keepalived', ['--config-test', '--use-file', bad]);
  t.match(o.err, new RegExp(`\\(${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: Line 11\\) Unknown keyword 'bogus_kw'`));
  t.match(o.err, /Line 6\) .*'bogus'/, 'the bad scheduler is named with its line');
});

t.test('-t FILE writes the diagnostics to FILE instead of stderr', async (t) => {
  const bad = confFile(LVS_CONF.replace('delay_loop 6', 'delay_loop 6\n  bogus_kw 1'));
  const log = join(dirname(bad), 'test.log');
  t.teardown(() => rmSync(dirname(bad), { recursive: true, force: true }));
  const o = ours(keepalivedMain, 'keepalived', [`-t${log}`, '-f', bad]);
  t.equal(o.code, 5);
  t.equal(o.err, '');
  t.match(readFileSync(log, 'utf8'), /Unknown keyword 'bogus_kw'/);
});

t.test('-d dumps every setting under its keyword, defaults included', async (t) => {
  const file = confFile(LVS_CONF);
  t.teardown(() => rmSync(dirname(file), { recursive: true, force: true }));
  const o = ours(keepalivedMain, 'keepalived', ['-d', '-f', file]);
  t.equal(o.code, 0);
  t.match(o.out, /router_id = cli_test/);
  t.match(o.out, /virtual_server 10\.211\.7\.1 80 \{/);
  t.match(o.out, /lb_algo = rr/);
  t.match(o.out, /delay_loop = 6s/);
  t.match(o.out, /connect_timeout = 4s/);
  t.match(o.out, /weight = 3/);
  t.match(o.out, /persistence_timeout|quorum = 1/, 'a default the file does not set');
});

t.test('--dump-json prints the typed model', async (t) => {
  const file = confFile(LVS_CONF);
  t.teardown(() => rmSync(dirname(file), { recursive: true, force: true }));
  const o = ours(keepalivedMain, 'keepalived', ['--dump-json', '-f', file]);
  t.equal(o.code, 0);
  const model = JSON.parse(o.out) as { globalDefs: { routerId: string }; virtualServers: Array<{ lbAlgo: string; delayLoopUs: number; realServers: Array<{ weight: number }> }> };
  t.equal(model.globalDefs.routerId, 'cli_test');
  t.equal(model.virtualServers[0]?.lbAlgo, 'rr');
  t.equal(model.virtualServers[0]?.delayLoopUs, 6_000_000);
  t.equal(model.virtualServers[0]?.realServers[0]?.weight, 3);
});
