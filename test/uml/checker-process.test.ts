// The whole daemon with its checker process, live against keepalived inside user-mode Linux (IPVS): both run with
// -C on the same configuration (each on its own virtual address, so they share the kernel's table without touching
// each other's services) and check the same HTTP real servers, which the test switches between 200 and 500. After
// every step the checker log lines (timestamps and the virtual address normalised) and `ipvsadm -Sn` must be equal:
// start-up, a server down and back, the quorum lost (sorry server; SIGHUP then) and regained, SIGHUP with the same file (and no
// table change at any moment while it reloads), SIGHUP adding and removing a real server, the checker process
// killed (respawned; keepalived's EEXIST lines as it programs IPVS again), SIGTERM; a second virtual
// server with ha_suspend whose checker waits for its address. keepalived-ts and the test servers run from dist/
// (`npx tsc -p tsconfig.build.json` first). Both write lvs_notify_fifo lines, compared too.
import t from 'tap';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UmlShell, umlAvailable } from '../helpers/uml-shell';

const REPO = resolve(__dirname, '..', '..');
// Our virtual servers are 10.10.1.x, keepalived's 10.10.2.x: x = 1 the main one, x = 2 one with ha_suspend.
const OURS = '10.10.1.';
const THEIRS = '10.10.2.';
const OURS_VS = `${OURS}1`;
const RS = ['10.20.1.1', '10.20.1.2', '10.20.1.3', '10.20.1.4'];
/** The ha_suspend virtual server's real server. */
const HA_RS = '10.20.1.5';
const SORRY = '10.20.1.100';

function realServer(address: string, extra = ''): string {
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

/**
 * `fifo`: the daemon's lvs_notify_fifo, read by `fifoScript` (keepalived appends the FIFO's name). script_user is set
 * (without it keepalived logs "Script user 'keepalived_script' does not exist": test/interop/script-user-missing).
 */
function config(net: string, servers: string[], fifo: string, fifoScript: string): string {
  const body = servers.map((a) => realServer(a, a === RS[1] ? '        inhibit_on_failure\n' : '')).join('');
  return `global_defs {
    script_user root
    lvs_notify_fifo ${fifo}
    lvs_notify_fifo_script ${fifoScript}
}
virtual_server ${net}2 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    ha_suspend
${realServer(HA_RS)}}
virtual_server ${net}1 80 {
    delay_loop 1
    lb_algo wrr
    lb_kind NAT
    protocol TCP
    quorum 2
    sorry_server ${SORRY} 8080
${body}}
`;
}

/** Lines keepalived's parent writes (the comparison is of the checker process's lines). */
const PARENT = /^(Starting Keepalived|Running on|Command line|\s|Opening file|Configuration file|NOTICE|Starting Healthcheck child|Startup complete|Reloading \.\.\.|Reload complete|Stopping$|CPU usage|Stopped Keepalived|Healthcheck child process|pid \d+ exited|Restart of|read eventfd)/;
/** The parent's lines compared (in order, pids made N) once the run is over. */
const PARENT_COMPARED = /^(Starting Healthcheck child|Startup complete|Reloading \.\.\.|Reload complete|Stopping$|Stopped Keepalived|Healthcheck child process|pid \d+ exited|Restart of|read eventfd)/;
const STAMP = /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}: /;

function parentLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => STAMP.test(l)).map((l) => l.replace(STAMP, ''))
    .filter((l) => PARENT_COMPARED.test(l)).map((l) => l.replace(/\d+/g, 'N'));
}

function checkerLines(path: string): string[] {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  return text
    .split('\n')
    .filter((l) => STAMP.test(l))
    .map((l) => l.replace(STAMP, ''))
    .filter((l) => !PARENT.test(l))
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

t.test('checker process: keepalived-ts -C and keepalived -C inside UML, step by step', { skip: umlAvailable() ? undefined : 'no user-mode Linux' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-chkd-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const uml = await UmlShell.boot(join(dir, 'uml'));
  t.teardown(() => uml.close());
  const f = (name: string): string => join(dir, name);

  await uml.run(`for a in ${[...RS, HA_RS, SORRY].join(' ')}; do ip addr add $a/32 dev lo; done`);
  const control = f('down.json');
  writeFileSync(control, '[]');
  const setDown = (down: string[]): void => writeFileSync(control, JSON.stringify(down.map((a) => `${a}:8080`)));
  const servers = join(REPO, 'dist', 'src', 'lab', 'checker-oracle', 'switch-servers-main.js');
  await uml.run(`setsid ${process.execPath} ${servers} ${control} ${[...RS, HA_RS].map((a) => `${a}:8080`).join(' ')} > ${f('servers.log')} 2>&1 < /dev/null & echo $! > ${f('servers.pid')}`);
  await waitFor('the real servers', () => existsSync(`${control}.ready`));

  const initial = RS.slice(0, 3);
  for (const who of ['ours', 'ka']) {
    writeFileSync(f(`${who}-fifo.sh`), `#!/bin/sh\nwhile read -r l; do echo "$l" >> ${f(`${who}.fifo.log`)}; done < "$1"\n`, { mode: 0o755 });
  }
  const conf = (who: 'ours' | 'ka', servers: string[]): string =>
    config(who === 'ours' ? OURS : THEIRS, servers, f(`${who}.fifo`), f(`${who}-fifo.sh`));
  writeFileSync(f('ours.conf'), conf('ours', initial));
  writeFileSync(f('ka.conf'), conf('ka', initial));
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
  /** Our services and keepalived's, in ipvsadm -Sn form with keepalived's virtual address made ours. */
  const tables = async (): Promise<{ ours: string[]; theirs: string[] }> => {
    const lines = (await uml.run('ipvsadm -Sn')).split('\n').filter(Boolean);
    const pick = (net: string): string[] => lines.filter((l) => l.includes(net)).map((l) => l.split(net).join(OURS)).sort();
    return { ours: pick(OURS), theirs: pick(THEIRS) };
  };

  let seen = { ours: 0, theirs: 0 };
  /** Runs a step, waits for both logs to show `last`, lets them settle and compares lines and tables. */
  const step = async (name: string, action: () => Promise<void> | void, last: string | RegExp): Promise<void> => {
    await action();
    const has = (l: string[]): boolean => l.some((x) => (typeof last === 'string' ? x === last : last.test(x)));
    await waitFor(`${name}: ${String(last)}`, () => has(ours().slice(seen.ours)) && has(theirs().slice(seen.theirs)), 40_000);
    await sleep(2500); // a second delay_loop and more: anything either side still has to say
    const o = ours().slice(seen.ours);
    const k = theirs().slice(seen.theirs);
    seen = { ours: seen.ours + o.length, theirs: seen.theirs + k.length };
    // The checks of different servers interleave at random (warmup, delay_loop): their result lines are compared
    // server by server, every other line in order.
    t.same(withoutResults(o), withoutResults(k), `${name}: checker log lines`);
    t.same(resultsByServer(o), resultsByServer(k), `${name}: check result lines, server by server`);
    const tb = await tables();
    t.same(tb.ours, tb.theirs, `${name}: ipvsadm -Sn`);
    if (JSON.stringify(o) !== JSON.stringify(k)) t.comment(`ours:\n${o.join('\n')}\nkeepalived:\n${k.join('\n')}`);
  };
  const rs = (a: string): string => `[${a}]:tcp:8080`;
  const vs = `[${OURS_VS}]:tcp:80`;

  await step('start-up', () => undefined, `Activating healthchecker for service ${rs(RS[2])} for VS ${vs}`);
  await step('ha_suspend: the virtual address appears, its checker resumes', () => uml.run(`ip addr add ${OURS}2/32 dev lo; ip addr add ${THEIRS}2/32 dev lo`).then(() => undefined),
    `Activating healthchecker for service ${rs(HA_RS)} for VS [${OURS}2]:tcp:80`);
  await step('a server fails', () => setDown([RS[0]]), `Removing service ${rs(RS[0])} from VS ${vs}`);
  await step('it recovers', () => setDown([]), `Adding service ${rs(RS[0])} to VS ${vs}`);
  await step('a second server fails (quorum kept)', () => setDown([RS[2]]), `Removing service ${rs(RS[2])} from VS ${vs}`);
  await step('the inhibited server fails: quorum lost, sorry server', () => setDown([RS[1], RS[2]]), /^Adding sorry server/);
  const hup = (): Promise<void> => uml.run(`kill -HUP $(cat ${f('ka.p')}) $(cat ${f('ours.p')})`).then(() => undefined);
  await step('SIGHUP while the sorry server stands in', hup, /^Reloading$/);
  await step('quorum regained', () => setDown([RS[2]]), /^Removing sorry server/);

  // SIGHUP with the same file: nothing in IPVS may change at any moment, on either side (sampled all along).
  await uml.run(`setsid sh -c 'while [ ! -e ${f('stopmon')} ]; do ipvsadm -Sn; echo =; done > ${f('mon.log')}' < /dev/null > /dev/null 2>&1 &`);
  const samples = (): string[][] => (existsSync(f('mon.log')) ? readFileSync(f('mon.log'), 'utf8') : '').split('=\n').slice(0, -1)
    .map((x) => x.split('\n').filter(Boolean));
  await waitFor('the table sampler', () => samples().length >= 3);
  await step('SIGHUP, same configuration', hup, /^Reloading$/);
  writeFileSync(f('stopmon'), '');
  await sleep(500);
  const mon = samples();
  const side = (net: string): Set<string> => new Set(mon.map((m) => m.filter((l) => l.includes(net)).sort().join('|')));
  t.ok(mon.length >= 10, `the table was sampled before, during and after the reload (${mon.length} samples)`);
  t.equal(side(OURS).size, 1, 'our services never changed while reloading');
  t.equal(side(THEIRS).size, 1, "keepalived's never did either");

  // SIGHUP adding 10.20.1.4 and dropping 10.20.1.3 (which is down).
  const next = [RS[0], RS[1], RS[3]];
  writeFileSync(f('ours.conf'), conf('ours', next));
  writeFileSync(f('ka.conf'), conf('ka', next));
  await step('SIGHUP adding and removing a real server', hup,
    `Activating healthchecker for service ${rs(RS[3])} for VS ${vs}`);

  // The lvs_notify_fifo lines so far (a killed process's FIFO reader may outlive it, so not beyond this point).
  const fifoLines = (who: string): string[] => (existsSync(f(`${who}.fifo.log`)) ? readFileSync(f(`${who}.fifo.log`), 'utf8') : '')
    .split('\n').filter(Boolean).map((l) => l.split(THEIRS).join(OURS));
  t.same(fifoLines('ours'), fifoLines('ka'), 'lvs_notify_fifo lines, from start-up to here');
  t.ok(fifoLines('ka').length > 5, `keepalived wrote its FIFO lines (${fifoLines('ka').length})`);
  await step('the checker process killed (SIGKILL): respawned', () => uml.run(`kill -KILL $(cat ${f('ka.c')}) $(cat ${f('ours.c')})`).then(() => undefined),
    'Activating BFD healthchecker');
  await step('SIGTERM', () => uml.run(`kill -TERM $(cat ${f('ka.p')}) $(cat ${f('ours.p')})`).then(() => undefined), /^Stopped - used/);
  await waitFor('both daemons to exit', () => existsSync(f('ka.rc')) && existsSync(f('ours.rc')));
  t.equal(readFileSync(f('ours.rc'), 'utf8').trim(), readFileSync(f('ka.rc'), 'utf8').trim(), 'same exit code');
  t.same(parentLines(f('ours.log')), parentLines(f('ka.log')), "the parent's lines over the whole run (start, reloads, respawn, stop)");
  const after = await tables();
  t.same(after, { ours: [], theirs: [] }, 'no service left in IPVS after the stop');
  await uml.run(`kill -TERM $(cat ${f('servers.pid')}); true`);
});
