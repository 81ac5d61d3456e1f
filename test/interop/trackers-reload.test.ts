// Trackers across SIGHUP, keepalived 2.2.7 and keepalived-ts side by side (one lab, VRID 61 theirs, 62 ours, each
// alone and MASTER): a failed vrrp_script and a track_file value keep their effect through a reload of the same
// configuration (keepalived carries a script's result over by name: "considered unsuccessful on reload"), and a
// reload that changes the instance's track_script weight applies the new weight to the kept result. Compared: the
// advertised priorities (no flap to the untracked priority), the transitions and the tracker log lines.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { Daemon, sleep, trackerLines, until } from './tracker-daemons';
import { aloneMaster, SideBySide, trackerLab } from './tracker-lab';

const THEIRS = 61;
const OURS = 62;

function conf(vrid: number, check: string, file: string, scriptWeight: number): string {
  return `vrrp_script chk {
  script "${check}"
  interval 1
  weight -20
}
track_file tf {
  file "${file}"
  weight 5
}
${aloneMaster(61, vrid, `  track_script {
    chk weight ${scriptWeight}
  }
  track_file {
    tf
  }
`)}`;
}

t.test('script and file tracker state survives SIGHUP as in keepalived', async (t) => {
  const tl = await trackerLab(t, 'trk-reload', 61, [['keepalived', 'theirs'], ['keepalived-ts', 'ours']]);
  const { dir, daemons: [theirs, ours] } = tl;
  const flag = join(dir, 'fail');
  const check = join(dir, 'check.sh');
  writeFileSync(check, `#!/bin/sh\n[ ! -e ${flag} ]\n`);
  chmodSync(check, 0o755);
  const files: Record<number, string> = { [THEIRS]: join(dir, 'theirs.val'), [OURS]: join(dir, 'ours.val') };
  writeFileSync(files[THEIRS], '2\n');
  writeFileSync(files[OURS], '2\n');
  writeFileSync(flag, '');
  const confOf = (vrid: number, w: number): string => conf(vrid, check, files[vrid], w);
  await Promise.all([theirs.start(confOf(THEIRS, -20)), ours.start(confOf(OURS, -20))]);
  const side = new SideBySide(t, tl, theirs, ours, THEIRS, OURS);
  await side.started();
  const prio = (vrid: number): number | undefined => tl.prio(vrid);

  const reload = async (w: number): Promise<void> => {
    const count = (d: Daemon): number => d.log().filter((l) => l === 'Reloading').length;
    const before = [count(theirs), count(ours)];
    writeFileSync(join(dir, 'theirs.conf'), confOf(THEIRS, w));
    writeFileSync(join(dir, 'ours.conf'), confOf(OURS, w));
    for (const d of [theirs, ours]) if (d.proc) process.kill(d.proc.pid, 'SIGHUP');
    t.ok(await until(() => count(theirs) > before[0] && count(ours) > before[1], 8000), `both reloaded (weight ${w})`);
    await sleep(3000); // a few adverts and script runs after the reload
    t.ok(await until(() => prio(OURS) === prio(THEIRS), 5000), `same priority after the reload (${prio(THEIRS)})`);
  };
  await reload(-20);
  await reload(-40);

  side.samePrioritySteps();
  const norm = (lines: string[]): string[] => lines.map((l) => l.replace(/(theirs|ours)\.val/, 'X.val'));
  t.same(norm(trackerLines(ours.log())), norm(trackerLines(theirs.log())), 'the same tracker log lines');
  t.comment(`keepalived's tracker lines: ${norm(trackerLines(theirs.log())).join(' | ')}`);
  t.same(ours.states(), theirs.states(), 'the same transitions');
});
