// vrrp_script + track_script with a negative weight, against keepalived 2.2.7 live: node X (priority 100, the
// implementation under test) tracks a script that fails while a flag file exists; node Y is keepalived at priority
// 90. The test flips the flag: X's effective priority drops to 70, Y takes over; the flag goes, X climbs back to 100
// and preempts. The same scenario runs twice at once in two labs — X = keepalived and X = keepalived-ts — and the
// two runs must agree: X's advertised priorities on the wire, both nodes' state transitions, and X's script and
// priority log lines.
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { prioritySteps, trackerLines, until, type Kind } from './tracker-daemons';
import { trackerLab } from './tracker-lab';

const VRID = 71;

function conf(routerId: string, priority: number, check: string | undefined): string {
  const script = check === undefined ? '' : `vrrp_script chk_flag {
  script "${check}"
  interval 1
  weight -30
  rise 2
  fall 2
}
`;
  return `global_defs {
  router_id ${routerId}
}
${script}vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id ${VRID}
  priority ${priority}
  advert_int 1
  virtual_ipaddress {
    10.71.0.100/24
  }
${check === undefined ? '' : '  track_script {\n    chk_flag\n  }\n'}}
`;
}

interface Run {
  xPriorities: number[];
  xStates: string[];
  yStates: string[];
  xLines: string[];
}

async function scenario(t: Test, kind: Kind): Promise<Run> {
  const { dir, lab, capture, prio, daemons: [x, y] } = await trackerLab(t, 'trk-script', 71, [[kind, 'x'], ['keepalived', 'y']], 1);
  const flag = join(dir, 'fail');
  const check = join(dir, 'check.sh');
  writeFileSync(check, `#!/bin/sh\n[ ! -e ${flag} ]\n`);
  chmodSync(check, 0o755);

  // X first, so the start-up order (not the implementations' start-up speed) decides who is MASTER first.
  await x.start(conf('x', 100, check));
  t.ok(await until(() => x.state() === 'MASTER', 15000), `${kind}: X is MASTER at 100`);
  await y.start(conf('y', 90, undefined));
  t.ok(await until(() => y.state() === 'BACKUP', 15000), `${kind}: Y is BACKUP`);
  const xMac = lab.nodes[0].mac;
  const xPrio = (): number | undefined => prio(VRID, xMac);

  writeFileSync(flag, '');
  t.ok(await until(() => xPrio() === 70, 10000), `${kind}: X advertises 70 once its script failed twice`);
  t.ok(await until(() => y.state() === 'MASTER' && x.state() === 'BACKUP', 10000), `${kind}: Y took over`);

  rmSync(flag);
  t.ok(await until(() => x.state() === 'MASTER' && y.state() === 'BACKUP', 15000), `${kind}: X preempted back at 100`);
  t.ok(await until(() => xPrio() === 100, 5000), `${kind}: X advertises 100 again`);
  return {
    xPriorities: prioritySteps(capture.events(), VRID, xMac),
    xStates: x.states(),
    yStates: y.states(),
    xLines: trackerLines(x.log()),
  };
}

t.test('a failing track_script moves the master the same way on keepalived and keepalived-ts', async (t) => {
  const [theirs, ours] = await Promise.all([scenario(t, 'keepalived'), scenario(t, 'keepalived-ts')]);
  t.same(theirs.xPriorities, [100, 70, 100], "keepalived's X advertised 100, 70, 100 (sanity of the scenario)");
  t.same(ours.xPriorities, theirs.xPriorities, 'X advertised the same priorities on the wire');
  t.same(ours.xStates, theirs.xStates, "X's transitions are the same");
  t.same(ours.yStates, theirs.yStates, "Y's transitions are the same");
  t.same(ours.xLines, theirs.xLines, "X's script and priority log lines are the same");
  t.comment(`keepalived's lines: ${theirs.xLines.join(' | ')}`);
});
