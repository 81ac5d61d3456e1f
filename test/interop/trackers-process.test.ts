// vrrp_track_process on keepalived-ts, seen on the wire: processes the test starts and kills move the advertised
// priority by the trackers' weights (quorum, terminate_delay). keepalived 2.2.7 learns of process starts and exits
// only through the kernel's proc connector, which exists in the initial network namespace alone; in a lab namespace
// it logs "Failed to set/clear process event listen - errno 111 - Connection refused" and tracks nothing, so it
// runs here with the same configuration only to show that (it cannot be compared live).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import t from 'tap';
import { prioritySteps, until } from './tracker-daemons';
import { aloneMaster, trackerLab } from './tracker-lab';

const OURS = 91;
const THEIRS = 92;
/** Command lines no other process has. */
const ONE = '3133.75';
const TWO = '3133.5';

function conf(vrid: number): string {
  return `vrrp_track_process tp {
  process sleep ${ONE}
  weight 20
}
vrrp_track_process td {
  process sleep ${TWO}
  quorum 2
  terminate_delay 2
  weight -15
}
${aloneMaster(91, vrid, `  track_process {
    tp
    td
  }
`)}`;
}

t.test('track_process: quorum and terminate_delay move the advertised priority', async (t) => {
  const tl = await trackerLab(t, 'trk-proc', 91, [['keepalived-ts', 'ours'], ['keepalived', 'theirs']]);
  const { capture, daemons: [ours, theirs] } = tl;
  const sleepers: ChildProcess[] = [];
  const start = (arg: string): ChildProcess => {
    const c = spawn('sleep', [arg], { stdio: 'ignore' });
    sleepers.push(c);
    return c;
  };
  const kill = (c: ChildProcess): void => {
    try {
      if (c.pid) process.kill(c.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  t.teardown(() => sleepers.forEach(kill));
  await Promise.all([ours.start(conf(OURS)), theirs.start(conf(THEIRS))]);
  const prio = (): number | undefined => tl.prio(OURS);
  t.ok(await until(() => ours.state() === 'MASTER', 15000), 'MASTER');
  t.ok(await until(() => prio() === 85, 5000), `no process: td without quorum subtracts 15 (${prio()})`);

  start(ONE);
  t.ok(await until(() => prio() === 105, 5000), `tp's process starts: +20 (${prio()})`);
  const td1 = start(TWO);
  start(TWO);
  t.ok(await until(() => prio() === 120, 5000), `td reaches its quorum of 2: the −15 goes (${prio()})`);

  const killedAt = Date.now();
  kill(td1);
  t.ok(await until(() => prio() === 105, 8000), `td below quorum: −15 again (${prio()})`);
  const took = Date.now() - killedAt;
  t.ok(took >= 1900, `not before its terminate_delay of 2 s (${took} ms)`);

  kill(sleepers[0]);
  t.ok(await until(() => prio() === 85, 5000), `tp's process killed: +20 goes (${prio()})`);
  const lines = ours.log().filter((l) => l.startsWith('Quorum '));
  t.same(lines, [
    'Quorum gained for tracked process tp', 'Quorum gained for tracked process td',
    'Quorum lost for tracked process td', 'Quorum lost for tracked process tp',
  ], "keepalived's quorum lines");

  t.ok(theirs.log().some((l) => l.startsWith('Failed to set/clear process event listen')),
    'keepalived has no proc connector in a lab namespace (why it is not compared live)');
  t.comment(`keepalived advertised ${prioritySteps(capture.events(), THEIRS).join(' → ')} meanwhile`);
});
