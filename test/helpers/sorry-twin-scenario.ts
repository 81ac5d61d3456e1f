// A sorry server that is also a real server of the same virtual server, through reloads: keepalived -C and
// keepalived-ts -C run inside user-mode Linux (IPVS) on the same configuration (each on its own virtual address),
// checking the same HTTP real servers, which the test switches between 200 and 500. After every step — start-up,
// quorum lost (the sorry server, itself a real server, stands in), SIGHUP then, quorum regained, SIGHUP again,
// SIGHUP dropping the sorry server and SIGHUP bringing it back (quorum up), quorum lost again, SIGHUP dropping the
// sorry server while it stands in, SIGTERM — the checker log lines (timestamps and the virtual address normalised)
// and `ipvsadm -Sn` must be equal. keepalived-ts and the test servers run from dist/ (`npx tsc -p
// tsconfig.build.json` first).
import type { Test } from 'tap';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UmlShell } from './uml-shell';

const REPO = resolve(__dirname, '..', '..');
const OURS = '10.11.1.';
const THEIRS = '10.11.2.';
const RS = ['10.21.1.1', '10.21.1.2', '10.21.1.3'];

function realServer(address: string, extra: string): string {
  return `    real_server ${address} 8080 {
        weight 1
${extra}        HTTP_GET {
            url {
                path /
                status_code 200
            }
            connect_timeout 1
            retry 0
            delay_before_retry 1
        }
    }
`;
}

/** quorum 3 over three servers; the sorry server is RS[0] (inhibit_on_failure on both when `inhibit`). */
function config(net: string, sorry: boolean, inhibit: boolean): string {
  const inh = inhibit ? '        inhibit_on_failure\n' : '';
  return `global_defs {
    script_user root
}
virtual_server ${net}1 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    quorum 3
${sorry ? `    sorry_server ${RS[0]} 8080\n${inhibit ? '    sorry_server_inhibit\n' : ''}` : ''}${RS.map((a) => realServer(a, a === RS[0] ? inh : '')).join('')}}
`;
}

const PARENT = /^(Starting Keepalived|Running on|Command line|\s|Opening file|Configuration file|NOTICE|Starting Healthcheck child|Startup complete|Reloading \.\.\.|Reload complete|Stopping$|CPU usage|Stopped Keepalived|Healthcheck child process|pid \d+ exited|Restart of|read eventfd)/;
const STAMP = /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}: /;

function checkerLines(path: string): string[] {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  return text.split('\n').filter((l) => STAMP.test(l)).map((l) => l.replace(STAMP, '')).filter((l) => !PARENT.test(l))
    .map((l) => l.split(THEIRS).join(OURS).replace(/^Stopped - used .*/, 'Stopped - used …'));
}

const CHECK_RESULT = /^(Remote Web server|HTTP status code|Error |Timeout |Read timeout)/;
const withoutResults = (lines: string[]): string[] => lines.filter((l) => !CHECK_RESULT.test(l));
function resultsByServer(lines: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const l of lines.filter((x) => CHECK_RESULT.test(x))) (out[/\[[^\]]+\]/.exec(l)?.[0] ?? ''] ??= []).push(l);
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** The scenario, with inhibit_on_failure and sorry_server_inhibit on the shared server or not. */
export async function runSorryTwin(t: Test, inhibit: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kts-sorryrs-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const uml = await UmlShell.boot(join(dir, 'uml'));
  t.teardown(() => uml.close());
  const f = (name: string): string => join(dir, name);

  await uml.run(`for a in ${RS.join(' ')}; do ip addr add $a/32 dev lo; done`);
  const control = f('down.json');
  writeFileSync(control, '[]');
  const setDown = (down: string[]): void => writeFileSync(control, JSON.stringify(down.map((a) => `${a}:8080`)));
  const servers = join(REPO, 'dist', 'src', 'lab', 'checker-oracle', 'switch-servers-main.js');
  await uml.run(`setsid ${process.execPath} ${servers} ${control} ${RS.map((a) => `${a}:8080`).join(' ')} > ${f('servers.log')} 2>&1 < /dev/null & echo $! > ${f('servers.pid')}`);
  t.teardown(() => uml.run(`kill -TERM $(cat ${f('servers.pid')}); true`).then(() => undefined));
  await waitFor('the real servers', () => existsSync(`${control}.ready`));

  const write = (sorry: boolean): void => {
    writeFileSync(f('ours.conf'), config(OURS, sorry, inhibit));
    writeFileSync(f('ka.conf'), config(THEIRS, sorry, inhibit));
  };
  write(true);
  const daemon = (who: 'ours' | 'ka'): string => {
    const pids = `-p ${f(`${who}.p`)} -r ${f(`${who}.r`)} -c ${f(`${who}.c`)}`;
    const cmd = who === 'ka'
      ? `keepalived -n -l -D -C -f ${f('ka.conf')} ${pids}`
      : `env -u NODE_OPTIONS ${process.execPath} ${join(REPO, 'bin', 'keepalived-ts.js')} -n -l -D -C -f ${f('ours.conf')} ${pids}`;
    return `setsid sh -c '${cmd} > ${f(`${who}.log`)} 2>&1; echo $? > ${f(`${who}.rc`)}' < /dev/null > /dev/null 2>&1 &`;
  };
  await uml.run(daemon('ka'));
  await uml.run(daemon('ours'));
  t.teardown(() => uml.run(`for p in ${f('ka.p')} ${f('ours.p')}; do [ -e $p ] && kill $(cat $p); done; true`).then(() => undefined));

  const ours = (): string[] => checkerLines(f('ours.log'));
  const theirs = (): string[] => checkerLines(f('ka.log'));
  const tables = async (): Promise<{ ours: string[]; theirs: string[] }> => {
    const lines = (await uml.run('ipvsadm -Sn')).split('\n').filter(Boolean);
    const pick = (net: string): string[] => lines.filter((l) => l.includes(net)).map((l) => l.split(net).join(OURS)).sort();
    return { ours: pick(OURS), theirs: pick(THEIRS) };
  };
  let seen = { ours: 0, theirs: 0 };
  const step = async (name: string, action: () => Promise<void> | void, last: string | RegExp): Promise<void> => {
    await action();
    const has = (l: string[]): boolean => l.some((x) => (typeof last === 'string' ? x === last : last.test(x)));
    await waitFor(`${name}: ${String(last)}`, () => has(ours().slice(seen.ours)) && has(theirs().slice(seen.theirs)), 40_000);
    await sleep(2500); // a second delay_loop and more: anything either side still has to say
    const o = ours().slice(seen.ours);
    const k = theirs().slice(seen.theirs);
    seen = { ours: seen.ours + o.length, theirs: seen.theirs + k.length };
    t.same(withoutResults(o), withoutResults(k), `${name}: checker log lines`);
    t.same(resultsByServer(o), resultsByServer(k), `${name}: check result lines, server by server`);
    const tb = await tables();
    t.same(tb.ours, tb.theirs, `${name}: ipvsadm -Sn`);
    if (JSON.stringify(o) !== JSON.stringify(k) || JSON.stringify(tb.ours) !== JSON.stringify(tb.theirs)) {
      t.comment(`ours:\n${o.join('\n')}\n${tb.ours.join('\n')}\nkeepalived:\n${k.join('\n')}\n${tb.theirs.join('\n')}`);
    }
  };
  const rs = (a: string): string => `[${a}]:tcp:8080`;
  const vs = `[${OURS}1]:tcp:80`;
  const hup = (): Promise<void> => uml.run(`kill -HUP $(cat ${f('ka.p')}) $(cat ${f('ours.p')})`).then(() => undefined);

  await step('start-up', () => undefined, `Activating healthchecker for service ${rs(RS[2])} for VS ${vs}`);
  await step('a server fails: quorum lost, the sorry server (a real server) stands in', () => setDown([RS[2]]), /sorry server/);
  await step('SIGHUP while it stands in', hup, /^Reloading$/);
  await step('quorum regained', () => setDown([]), /^Gained quorum/);
  await step('SIGHUP with quorum', hup, /^Reloading$/);
  write(false);
  await step('SIGHUP without the sorry server, quorum up', hup, /^Reloading$/);
  write(true);
  await step('SIGHUP with the sorry server back', hup, /^Reloading$/);
  await step('quorum lost again', () => setDown([RS[1]]), /sorry server/);
  write(false);
  await step('SIGHUP without the sorry server', hup, /^Reloading$/);
  await step('SIGTERM', () => uml.run(`kill -TERM $(cat ${f('ka.p')}) $(cat ${f('ours.p')})`).then(() => undefined), /^Stopped - used/);
  await waitFor('both daemons to exit', () => existsSync(f('ka.rc')) && existsSync(f('ours.rc')));
  t.equal(readFileSync(f('ours.rc'), 'utf8').trim(), readFileSync(f('ka.rc'), 'utf8').trim(), 'same exit code');
  t.same(await tables(), { ours: [], theirs: [] }, 'no service left in IPVS after the stop');
}
