// genhash-ts against keepalived 2.2.7's genhash, live: both fetch the same URLs from raw HTTP and HTTPS servers on
// loopback (bodies of several sizes, chunked framing, redirects, 404, Content-Length quirks, stalls, resets, TLS
// with and without SNI) and must print the same digest or message, with -v the same dump, and exit the same way.
// Bad command lines are compared too. Only the measured response time in -v output is normalised.
import { execFile } from 'node:child_process';
import t from 'tap';
import { genhashMain } from '../../src/cli/genhash';
import { startGenhashServers } from '../helpers/genhash-servers';

interface Run {
  code: number;
  out: string;
  err: string;
}

const normalise = (s: string): string => s.replace(/= \d+ usecs/g, '= N usecs');

function theirs(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('genhash', args, { encoding: 'latin1', timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, out: normalise(stdout), err: stderr });
    });
  });
}

async function ours(args: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const code = await genhashMain(['node', 'genhash', ...args], {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
  });
  return { code, out: normalise(out), err };
}

t.test('genhash-ts prints what genhash prints', { timeout: 120_000 }, async (t) => {
  const srv = await startGenhashServers();
  t.teardown(() => srv.close());
  const http = (url: string, ...more: string[]): string[] => ['-s', '127.0.0.1', '-p', String(srv.httpPort), '-u', url, ...more];
  const https = (url: string, ...more: string[]): string[] => ['-S', '-s', '127.0.0.1', '-p', String(srv.httpsPort), '-u', url, ...more];
  const closed = String(srv.closedPort);

  const cases: string[][] = [
    // Bodies of several sizes, plain and verbose.
    ...[0, 1, 100, 4000, 5000, 70_000].map((n) => http(`/size/${n}`)),
    ...[0, 100, 5000].map((n) => http(`/size/${n}`, '-v')),
    http('/size/300000'),
    // The request itself, for every protocol and virtualhost form.
    http('/echo'),
    http('/echo', '-v'),
    http('/echo', '-P', '1.0'),
    http('/echo', '-P', '1.0c'),
    http('/echo', '-P', '1.0C'),
    http('/echo', '-P', '1.1'),
    http('/echo', '-V', 'www.example.test'),
    http('/echo', '--use-virtualhost=vh.test', '--protocol=1.1'),
    http(`/echo?${'q'.repeat(3000)}`, '-t', '1'),
    // Framing and header quirks.
    http('/no-length'),
    http('/chunked'),
    http('/chunked', '-v'),
    http('/redirect'),
    http('/missing'),
    http('/missing', '-v'),
    http('/cl-short'),
    http('/cl-short', '-v'),
    http('/cl-long'),
    http('/cl-long', '-v'),
    http('/cl-junk'),
    http('/cl-empty'),
    http('/cl-in-body'),
    http('/lower-cl'),
    http('/nul', '-v'),
    http('/no-header'),
    http('/no-header', '-v'),
    http('/big-header'),
    // Timeouts, resets, refusals.
    http('/hang', '-t', '1'),
    http('/hang', '-t', '1', '-v'),
    http('/stall', '-t', '1'),
    http('/reset'),
    http('/size/10', '-t', '0'),
    ['-s', '127.0.0.1', '-p', closed, '-u', '/'],
    ['-v', '-s', '127.0.0.1', '-p', closed, '-u', '/'],
    ['--server=127.0.0.1', `--port=${closed}`, '--url=/x'],
    ['-s127.0.0.1', `-p${srv.httpPort}`, '-u/size/7'],
    ['-s', '127.0.0.1/8', '-p', String(srv.httpPort), '-u', '/size/8'],
    // TLS.
    https('/size/100'),
    https('/size/5000'),
    https('/size/70000'),
    https('/size/100', '-v'),
    https('/echo'),
    https('/echo', '-P', '1.1', '-V', 'tls.test'),
    https('/sni', '-I', '-V', 'sni.test'),
    https('/sni', '-V', 'sni.test'),
    https('/sni', '-I'),
    https('/no-header'),
    https('/hang', '-t', '1'),
    ['-S', '-s', '127.0.0.1', '-p', String(srv.httpPort), '-u', '/size/1', '-t', '2'],
    ['-S', '-s', '127.0.0.1', '-p', closed, '-u', '/'],
  ];
  for (const args of cases) {
    const [k, o] = await Promise.all([theirs(args), ours(args)]);
    const name = args.join(' ').replace(/q{20,}/, 'q…');
    t.same(o, k, name);
  }
});

t.test('bad command lines: same messages, usage and exit code', async (t) => {
  const c = '9'; // A port that the command line rejects or never reaches.
  const lines: string[][] = [
    [],
    ['-s'],
    ['-v'],
    ['--version'],
    ['-h'],
    ['-s', '127.0.0.1', '-p', c, '-u', '/', '-h'],
    ['-x', '-s', '127.0.0.1', '-p', '99999', '-u', '/'],
    ['-s', 'foo', '-p', '80', '-u', '/'],
    ['-s', '127.0.0.1', '-p', '0', '-u', '/'],
    ['-s', '127.0.0.1', '-p', '0x50', '-u', '/'],
    ['-s', '127.0.0.1', '-p', '', '-u', '/'],
    ['-s', '127.0.0.1', '-p', '-80', '-u', '/'],
    ['-s', '127.0.0.1', '-p', c, '-u', '/', '-t', 'x'],
    ['-s', '127.0.0.1', '-p', c, '-u', '/', '-t', ''],
    ['-s', '127.0.0.1', '-p', c, '-u', '/', '-t', ' 5x'],
    ['-s', '127.0.0.1', '-p', c, '-u', '/', '-t', '-1'],
    ['-s', '127.0.0.1', '-p', c, '-u', '/', '-m', '-1'],
    ['-s', '127.0.0.1', '-p', c, '-u', '/', '-m', 'z'],
    ['-s', '127.0.0.1', '-p', c, '-u', '/', '-P', '2.0'],
    // (a long option missing its value at the end makes genhash read a name from before its option table: it
    // crashes or prints garbage, so that line is not compared)
    ['-s', '127.0.0.1', '-p', c, '-u'],
    ['-s', '127.0.0.1', '-p', c, '-u', '/', '--verbose=1'],
    ['-s', '127.0.0.1', '-p', c, '-u', '/', '--use'],
    ['-s', '127.0.0.1', '-p', c, '-u', '/', '--use-s'],
    ['-s', '127.0.0.1', '-p', c, '-u', '/', '--bogus', '-q'],
    ['-s', '127.0.0.1', '-p', c, '-u', '/', 'a', 'b'],
    ['-s', '127.0.0.1', '-p', c, '-u', '/', '--', '-x'],
    ['-s', '127.0.0.1', '-p', c],
    ['-vS', '-p', c, '-u', '/'],
    ['-s', '::1', '-p', '70000', '-u', '/'],
  ];
  for (const args of lines) {
    const [k, o] = await Promise.all([theirs(args), ours(args)]);
    t.same(o, k, args.length ? args.join(' ') : '(no arguments)');
  }
});

t.test('SIGTERM and SIGINT end a hanging fetch quietly with exit 0, as genhash does', async (t) => {
  const srv = await startGenhashServers();
  t.teardown(() => srv.close());
  const register = require.resolve('@isaacs/ts-node-temp-fork-for-pr-2009/register');
  const env: NodeJS.ProcessEnv = { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' };
  /** Runs a genhash, signalling it once the server holds its request (ours needs its loader to start first). */
  const run = (cmd: string, argv: string[], signal: NodeJS.Signals): Promise<Run> =>
    new Promise((resolve) => {
      const before = srv.requests('/hang');
      const opts = { encoding: 'latin1' as const, env, cwd: `${__dirname}/../..`, timeout: 60_000 };
      const child = execFile(cmd, argv, opts, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, out: normalise(stdout), err: stderr }),
      );
      const poll = setInterval(() => {
        if (srv.requests('/hang') > before) {
          clearInterval(poll);
          child.kill(signal);
        }
      }, 50);
      child.on('exit', () => clearInterval(poll));
    });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    for (const more of [[], ['-v']]) {
      const args = ['-s', '127.0.0.1', '-p', String(srv.httpPort), '-u', '/hang', ...more];
      const k = await run('genhash', args, signal);
      // `env -u NODE_OPTIONS` (env execs node, so the signal reaches it): the runner adds its hooks to children.
      const o = await run('env', ['-u', 'NODE_OPTIONS', process.execPath, '-r', register, 'src/cli/genhash-main.ts', ...args], signal);
      t.same(o, k, `${signal} ${more.join(' ')}`);
    }
  }
});
