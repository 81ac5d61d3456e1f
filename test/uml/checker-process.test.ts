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
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { umlAvailable } from '../helpers/uml-shell';
import { sleep, STAMP, TwinCheckers, waitFor } from '../helpers/uml-twin-checkers';

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

/** The parent's lines compared (in order, pids made N) once the run is over. */
const PARENT_COMPARED = /^(Starting Healthcheck child|Startup complete|Reloading \.\.\.|Reload complete|Stopping$|Stopped Keepalived|Healthcheck child process|pid \d+ exited|Restart of|read eventfd)/;

function parentLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => STAMP.test(l)).map((l) => l.replace(STAMP, ''))
    .filter((l) => PARENT_COMPARED.test(l)).map((l) => l.replace(/\d+/g, 'N'));
}

t.test('checker process: keepalived-ts -C and keepalived -C inside UML, step by step', { skip: umlAvailable() ? undefined : 'no user-mode Linux' }, async (t) => {
  const tw = await TwinCheckers.boot(t, { ours: OURS, theirs: THEIRS }, [...RS, HA_RS, SORRY], [...RS, HA_RS]);
  const { uml } = tw;
  const f = (name: string): string => tw.file(name);
  const setDown = (down: string[]): void => tw.setDown(down);
  const initial = RS.slice(0, 3);
  for (const who of ['ours', 'ka']) {
    writeFileSync(f(`${who}-fifo.sh`), `#!/bin/sh\nwhile read -r l; do echo "$l" >> ${f(`${who}.fifo.log`)}; done < "$1"\n`, { mode: 0o755 });
  }
  const writeConfigs = (servers: string[]): void => tw.writeConfigs((net, who) => config(net, servers, f(`${who}.fifo`), f(`${who}-fifo.sh`)));
  writeConfigs(initial);
  await tw.start();
  // The checks of different servers interleave at random (warmup, delay_loop): the step compares their result
  // lines server by server, every other line in order.
  const step = (name: string, action: () => Promise<void> | void, last: string | RegExp): Promise<void> => tw.step(name, action, last);
  const rs = (a: string): string => `[${a}]:tcp:8080`;
  const vs = `[${OURS_VS}]:tcp:80`;

  await step('start-up', () => undefined, `Activating healthchecker for service ${rs(RS[2])} for VS ${vs}`);
  await step('ha_suspend: the virtual address appears, its checker resumes', () => uml.run(`ip addr add ${OURS}2/32 dev lo; ip addr add ${THEIRS}2/32 dev lo`).then(() => undefined),
    `Activating healthchecker for service ${rs(HA_RS)} for VS [${OURS}2]:tcp:80`);
  await step('a server fails', () => setDown([RS[0]]), `Removing service ${rs(RS[0])} from VS ${vs}`);
  await step('it recovers', () => setDown([]), `Adding service ${rs(RS[0])} to VS ${vs}`);
  await step('a second server fails (quorum kept)', () => setDown([RS[2]]), `Removing service ${rs(RS[2])} from VS ${vs}`);
  await step('the inhibited server fails: quorum lost, sorry server', () => setDown([RS[1], RS[2]]), /^Adding sorry server/);
  const hup = (): Promise<void> => tw.signal('HUP');
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
  writeConfigs(next);
  await step('SIGHUP adding and removing a real server', hup,
    `Activating healthchecker for service ${rs(RS[3])} for VS ${vs}`);

  // The lvs_notify_fifo lines so far (a killed process's FIFO reader may outlive it, so not beyond this point).
  const fifoLines = (who: string): string[] => (existsSync(f(`${who}.fifo.log`)) ? readFileSync(f(`${who}.fifo.log`), 'utf8') : '')
    .split('\n').filter(Boolean).map((l) => l.split(THEIRS).join(OURS));
  t.same(fifoLines('ours'), fifoLines('ka'), 'lvs_notify_fifo lines, from start-up to here');
  t.ok(fifoLines('ka').length > 5, `keepalived wrote its FIFO lines (${fifoLines('ka').length})`);
  await step('the checker process killed (SIGKILL): respawned', () => uml.run(`kill -KILL $(cat ${f('ka.c')}) $(cat ${f('ours.c')})`).then(() => undefined),
    'Activating BFD healthchecker');
  await step('SIGTERM', () => tw.signal('TERM'), /^Stopped - used/);
  const rc = await tw.exitCodes();
  t.equal(rc.ours, rc.theirs, 'same exit code');
  t.same(parentLines(f('ours.log')), parentLines(f('ka.log')), "the parent's lines over the whole run (start, reloads, respawn, stop)");
  const after = await tw.tables();
  t.same(after, { ours: [], theirs: [] }, 'no service left in IPVS after the stop');
});
