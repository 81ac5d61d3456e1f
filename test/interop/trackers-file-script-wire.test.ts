// track_file and a hung vrrp_script, keepalived 2.2.7 and keepalived-ts side by side: one lab,
// keepalived on node 0 (VRID 81) and keepalived-ts on node 1 (VRID 82), each the only router of its VRID and so
// MASTER, each with the same trackers on files of its own. The test changes what they track — the file's number,
// a non-numeric file, a script that hangs until its timeout, a file value that faults the instance — and after each
// step waits for keepalived's advertised priority to settle, then for ours to match it. Adverts must keep their 1 s
// spacing while the hung script is waited for. (vrrp_track_process: trackers-process.test.ts.)
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { adverts, trackerLines, until } from './tracker-daemons';
import { aloneMaster, SideBySide, trackerLab } from './tracker-lab';

const THEIRS = 81;
const OURS = 82;

function conf(vrid: number, file: string, hang: string): string {
  return `global_defs {
  router_id r${vrid}
}
track_file tf {
  file "${file}"
  weight 10
}
vrrp_script chk_hang {
  script "${hang}"
  interval 3
  timeout 1
  weight -5
}
${aloneMaster(81, vrid, `  track_file {
    tf
  }
  track_script {
    chk_hang
  }
`)}`;
}

t.test('file and hung-script trackers change the advertised priority as keepalived does', async (t) => {
  const tl = await trackerLab(t, 'trk-wire', 81, [['keepalived', 'theirs'], ['keepalived-ts', 'ours']]);
  const { dir, capture, daemons: [theirs, ours] } = tl;
  const files = { [THEIRS]: join(dir, 'theirs.val'), [OURS]: join(dir, 'ours.val') };
  const hangFlag = join(dir, 'hang');
  const hang = join(dir, 'hang.sh');
  writeFileSync(hang, `#!/bin/sh\nif [ -e ${hangFlag} ]; then sleep 100; fi\nexit 0\n`);
  chmodSync(hang, 0o755);
  const write = (text: string): void => {
    writeFileSync(files[THEIRS], text);
    writeFileSync(files[OURS], text);
  };

  await Promise.all([theirs.start(conf(THEIRS, files[THEIRS], hang)), ours.start(conf(OURS, files[OURS], hang))]);
  const side = new SideBySide(t, tl, theirs, ours, THEIRS, OURS);
  await side.started();
  const prio = (vrid: number): number | undefined => tl.prio(vrid);

  await side.step('file 2 (× weight 10)', () => write('2\n'));
  await side.step('file -3', () => write('-3\n'));
  await side.step('file with no number', () => write('not a number\n'));
  await side.step('file -1', () => write('-1\n'));
  await side.step('file out of range (ignored)', () => write('99999999999\n'), 3000);

  // The hung script: killed at its 1 s timeout (a failure, weight −5); adverts must not stall meanwhile.
  const hangFrom = Date.now();
  await side.step('script hangs until its timeout', () => writeFileSync(hangFlag, ''), 8000);
  t.ok(await until(() => theirs.log().some((l) => l === 'VRRP_Script(chk_hang) timed_out')
    && ours.log().some((l) => l === 'VRRP_Script(chk_hang) timed_out'), 8000), 'both logged the timeout');
  rmSync(hangFlag);
  await side.step('script succeeds again', () => undefined, 8000);
  const spacing = (vrid: number): number => {
    const a = adverts(capture.events(), vrid).filter((e) => e.timeUs / 1000 >= hangFrom - 1000 && e.priority > 0);
    let worst = 0;
    for (let i = 1; i < a.length; i++) worst = Math.max(worst, (a[i].timeUs - a[i - 1].timeUs) / 1000);
    return worst;
  };
  t.ok(spacing(OURS) < 1500, `our adverts kept their spacing while the script hung (largest gap ${spacing(OURS).toFixed(0)} ms)`);

  // A file value that faults the instance (−30 × 10 ≤ −254), then back.
  await side.step('file value that faults', () => write('-30\n'));
  t.ok(await until(() => theirs.state() === 'FAULT' && ours.state() === 'FAULT', 5000), 'both in FAULT');
  await side.step('file value back to 1', () => write('1\n'), 8000);
  t.ok(await until(() => theirs.state() === 'MASTER' && ours.state() === 'MASTER', 10000), 'both MASTER again');
  t.ok(await until(() => prio(OURS) === prio(THEIRS), 5000), 'same priority at the end');

  side.samePrioritySteps();
  const normalise = (lines: string[]): string[] => lines.map((l) => l.replace(/(theirs|ours)\.val/, 'X.val'));
  t.same(normalise(trackerLines(ours.log())), normalise(trackerLines(theirs.log())), 'the same tracker log lines');
  t.comment(`keepalived's tracker lines: ${normalise(trackerLines(theirs.log())).join(' | ')}`);
  t.same(ours.states(), theirs.states(), 'the same transitions');
});
