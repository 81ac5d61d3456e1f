// A sorry server that is also a real server of the same virtual server, through reloads: keepalived -C and
// keepalived-ts -C run inside user-mode Linux (IPVS) on the same configuration (each on its own virtual address),
// checking the same HTTP real servers, which the test switches between 200 and 500. After every step — start-up,
// quorum lost (the sorry server, itself a real server, stands in), SIGHUP then, quorum regained, SIGHUP again,
// SIGHUP dropping the sorry server and SIGHUP bringing it back (quorum up), quorum lost again, SIGHUP dropping the
// sorry server while it stands in, SIGTERM — the checker log lines (timestamps and the virtual address normalised)
// and `ipvsadm -Sn` must be equal. keepalived-ts and the test servers run from dist/ (`npx tsc -p
// tsconfig.build.json` first).
import type { Test } from 'tap';
import { TwinCheckers } from './uml-twin-checkers';

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

/** The scenario, with inhibit_on_failure and sorry_server_inhibit on the shared server or not. */
export async function runSorryTwin(t: Test, inhibit: boolean): Promise<void> {
  const tw = await TwinCheckers.boot(t, { ours: OURS, theirs: THEIRS }, RS, RS);
  const write = (sorry: boolean): void => tw.writeConfigs((net) => config(net, sorry, inhibit));
  write(true);
  await tw.start();
  const step = (name: string, action: () => Promise<void> | void, last: string | RegExp): Promise<void> => tw.step(name, action, last);
  const setDown = (down: string[]): void => tw.setDown(down);
  const rs = (a: string): string => `[${a}]:tcp:8080`;
  const vs = `[${OURS}1]:tcp:80`;
  const hup = (): Promise<void> => tw.signal('HUP');

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
  await step('SIGTERM', () => tw.signal('TERM'), /^Stopped - used/);
  const rc = await tw.exitCodes();
  t.equal(rc.ours, rc.theirs, 'same exit code');
  t.same(await tw.tables(), { ours: [], theirs: [] }, 'no service left in IPVS after the stop');
}
