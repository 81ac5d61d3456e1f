// vrrp_script, track_file, vrrp_track_process, bfd_instance and the interface-group blocks as the model holds them,
// with keepalived's defaults; how script strings are split and their users resolved; what the script-security pass
// decides for each script.
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigErr } from '../../src/config/diagnostics';
import { DIR, exitCodeOf, fakeSystem, loadText, makeScriptDir, messagesOf } from './config-global-harness';

const SECURE = 'global_defs {\n  enable_script_security\n  script_user root\n}\n';
const INSTANCE = 'vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  virtual_ipaddress {\n    10.0.0.1\n  }\n__BODY__\n}\n';
const inst = (body = ''): string => INSTANCE.replace('__BODY__', body);

t.test('vrrp_script: values and defaults', async (t) => {
  const r = loadText(
    SECURE +
      'vrrp_script chk {\n  script "/bin/echo a\\\\tb \'c d\' x\\ty"\n  interval 3\n  weight -10 reverse\n  rise 2\n  fall 4\n  init_fail\n}\n' +
      'vrrp_script plain {\n  script /bin/true\n}\n' +
      'vrrp_script other {\n  script /bin/true\n  user nobody nogroup\n  timeout 7\n}\n',
  );
  t.equal(exitCodeOf(r), 0, messagesOf(r).join('\n'));
  const [chk, plain, other] = r.config.vrrpScripts;
  // The line is unescaped twice: `\\t` becomes a TAB inside a word, `\t` a TAB that then separates words.
  t.same(chk?.script.args, ['/bin/echo', 'a\tb', 'c d', 'x', 'y'], 'quoted and escaped words, split again');
  t.equal(chk?.intervalUs, 3_000_000);
  t.equal(chk?.timeoutUs, 3_000_000, 'no timeout: the interval');
  t.equal(chk?.weight, -10);
  t.equal(chk?.weightReverse, true);
  t.equal(chk?.rise, 2);
  t.equal(chk?.fall, 4);
  t.equal(chk?.initFail, true);
  t.equal(chk?.script.uid, 0, 'script_user root');
  t.same(
    { interval: plain?.intervalUs, weight: plain?.weight, rise: plain?.rise, fall: plain?.fall, initFail: plain?.initFail },
    { interval: 1_000_000, weight: 0, rise: 1, fall: 1, initFail: false },
    'defaults',
  );
  t.equal(other?.script.uid, 65534);
  t.equal(other?.script.user, 'nobody');
  t.equal(other?.timeoutUs, 7_000_000);
});

t.test('vrrp_script: what removes a script', async (t) => {
  const noScript = loadText(SECURE + 'vrrp_script chk {\n  interval 2\n}\n');
  t.equal(noScript.config.vrrpScripts.length, 0);
  t.match(messagesOf(noScript), [/Line 7\) No script set for vrrp_script chk - removing/], "reported at the block's '}'");
  const badUser = loadText(SECURE + 'vrrp_script chk {\n  script /bin/true\n  user no_such_user_kts\n}\n');
  t.equal(badUser.config.vrrpScripts.length, 0);
  t.match(messagesOf(badUser), [/Unable to set uid\/gid for script '\/bin\/true'/]);
  const noDefault = loadText('global_defs {\n  enable_script_security\n}\nvrrp_script chk {\n  script /bin/true\n}\n');
  t.equal(noDefault.config.vrrpScripts.length, 0);
  t.match(messagesOf(noDefault), [/Unable to set default user keepalived_script for script/, /Unable to set default user for vrrp script chk - removing/]);
  const keepFirst = loadText(SECURE + 'vrrp_script chk {\n  script /bin/true\n  script ""\n}\n');
  t.same(keepFirst.config.vrrpScripts[0]?.script.args, ['/bin/true'], 'an empty script line keeps the earlier script');
  const weight = loadText(SECURE + 'vrrp_script chk {\n  script /bin/true\n  weight 300\n}\n');
  t.equal(weight.config.vrrpScripts[0]?.weight, 300, 'an out-of-range weight is reported but kept');
  t.equal(exitCodeOf(weight), 5);
  t.equal(exitCodeOf(loadText(SECURE + 'vrrp_script chk {\n  script /bin/true\n  interval 1.5\n}\n')), 5, 'whole seconds only');
});

t.test('track_file', async (t) => {
  const r = loadText(
    'track_file tf {\n  file /tmp/kts-tf\n  weight -5 reverse\n  init_file 7 overwrite\n}\n' +
      'vrrp_track_file tf2 {\n  file "/tmp/kts tf2"\n  init_file\n}\n' +
      'track_file tf3 {\n  file /tmp/kts-tf3\n}\n',
  );
  t.equal(exitCodeOf(r), 0, messagesOf(r).join('\n'));
  t.same(r.config.trackFiles, [
    { name: 'tf', file: '/tmp/kts-tf', weight: -5, weightReverse: true, initFile: { value: 7, overwrite: true } },
    { name: 'tf2', file: '/tmp/kts tf2', weight: 1, weightReverse: false, initFile: { value: 0, overwrite: false } },
    { name: 'tf3', file: '/tmp/kts-tf3', weight: 1, weightReverse: false, initFile: undefined },
  ]);
  const bad = loadText('track_file tf {\n  weight 5\n}\ntrack_file tf4 {\n  file a\n  weight 255\n  init_file 300\n}\n');
  t.same(bad.config.trackFiles.map((f) => [f.name, f.weight, f.initFile?.value]), [['tf4', 1, 300]], 'no file: dropped; bad weight: 1');
  t.equal(exitCodeOf(bad), 5);
});

t.test('vrrp_track_process', async (t) => {
  const r = loadText(
    'vrrp_track_process a {\n  process sshd\n}\n' +
      'vrrp_track_process b {\n  process "/usr/sbin/cron" -f -x\n  param_match partial\n  weight 10 reverse\n  quorum 2\n  quorum_max 5\n  delay 1.5\n  fork_delay 0.25\n}\n' +
      'vrrp_track_process c {\n  process sshd\n  full_command\n  quorum_max 0\n  terminate_delay 2\n}\n',
  );
  t.equal(exitCodeOf(r), 0, messagesOf(r).join('\n'));
  const [a, b, c] = r.config.vrrpTrackProcesses;
  t.same(a, {
    name: 'a',
    process: 'sshd',
    processParams: [],
    paramMatch: 'none',
    fullCommand: false,
    weight: 0,
    weightReverse: false,
    quorum: 1,
    quorumMax: 4294967295,
    terminateDelayUs: 0,
    forkDelayUs: 0,
  });
  t.same(b?.processParams, ['-f', '-x']);
  t.equal(b?.paramMatch, 'partial');
  t.equal(b?.fullCommand, true);
  t.equal(b?.weight, 10);
  t.equal(b?.weightReverse, true);
  t.equal(b?.quorum, 2);
  t.equal(b?.quorumMax, 5);
  t.equal(b?.terminateDelayUs, 1_500_000, 'delay sets both delays');
  t.equal(b?.forkDelayUs, 250_000);
  t.equal(c?.quorum, 0, 'quorum_max 0 makes the quorum 0');
  t.equal(c?.fullCommand, true);
  t.equal(c?.terminateDelayUs, 2_000_000);
  t.equal(c?.forkDelayUs, 0);
  const params = loadText('vrrp_track_process d {\n  process sshd -D\n}\n').config.vrrpTrackProcesses[0];
  t.equal(params?.paramMatch, 'exact', 'parameters mean an exact command-line match');
  const none = loadText('vrrp_track_process e {\n  weight 3\n}\n');
  t.equal(none.config.vrrpTrackProcesses.length, 0);
  t.match(messagesOf(none), [/Line 3\) track process 'e' process name not specified/]);
});

t.test('bfd_instance', async (t) => {
  const r = loadText(
    'bfd_instance b4 {\n  neighbour_ip 10.0.0.2\n  source_ip 10.0.0.1\n  min_rx 50\n  min_tx 20.5\n  idle_tx 2000\n  multiplier 3\n  passive\n  max_hops 1\n  weight -20 reverse\n  vrrp\n}\n' +
      'bfd_instance b6 {\n  neighbor_ip fd00::2\n  checker\n}\n' +
      'bfd_instance off {\n  min_rx 10\n}\n',
  );
  const [b4, b6, off] = r.config.bfdInstances;
  t.same(b4, {
    name: 'b4',
    enabled: true,
    neighborIp: '10.0.0.2',
    sourceIp: '10.0.0.1',
    minRxUs: 50_000,
    minTxUs: 20_500,
    idleTxUs: 2_000_000,
    multiplier: 3,
    passive: true,
    ttl: 255,
    maxHops: 1,
    weight: -20,
    weightReverse: true,
    vrrp: true,
    checker: false,
  });
  t.same([b6?.ttl, b6?.minRxUs, b6?.minTxUs, b6?.idleTxUs, b6?.multiplier, b6?.maxHops], [64, 10_000, 10_000, 1_000_000, 5, 0], 'defaults (IPv6 hop limit 64)');
  t.same([b6?.vrrp, b6?.checker], [false, true]);
  t.same([off?.enabled, off?.neighborIp, off?.vrrp], [false, undefined, true], 'dropped by the BFD process, still nameable by VRRP');
  t.match(messagesOf(r), [/Line 19\) Configuration error: BFD instance off has no neighbor address set, disabling instance/]);
  t.equal(exitCodeOf(loadText('bfd_instance {\n  neighbor_ip 10.0.0.2\n}\n')), 5, 'a nameless bfd_instance (keepalived 2.2.7 crashes) is a configuration error');
  const dup = loadText('bfd_instance a {\n  neighbor_ip 10.0.0.2\n}\nbfd_instance b {\n  neighbor_ip 10.0.0.2\n}\nbfd_instance a {\n}\n');
  t.same(
    dup.config.bfdInstances.map((b) => [b.name, b.enabled]),
    [
      ['a', true],
      ['b', false],
    ],
  );
});

t.test('linkbeat_interfaces and interface_up_down_delays', async (t) => {
  const r = loadText(
    'linkbeat_interfaces {\n  eth0 MII\n  lo\n}\ninterface_up_down_delays {\n  eth0 2\n  lo 1.5 3\n  eth0 1\n}\n',
    fakeSystem({ interfaces: ['lo', 'eth0'] }),
  );
  t.equal(exitCodeOf(r), 0, messagesOf(r).join('\n'));
  t.same(r.config.linkbeatInterfaces, [
    { name: 'eth0', type: 'MII' },
    { name: 'lo', type: undefined },
  ]);
  t.same(r.config.interfaceUpDownDelays, [
    { name: 'eth0', downDelayUs: 1_000_000, upDelayUs: 0 },
    { name: 'lo', downDelayUs: 1_500_000, upDelayUs: 3_000_000 },
  ], 'a later entry replaces; no up delay means 0');
  const missing = loadText('linkbeat_interfaces {\n  nosuchif0\n}\n');
  t.equal(exitCodeOf(missing), 4, 'a missing interface is fatal (exit 4 on its own)');
  t.equal(missing.diags.list[0]?.err, ConfigErr.Fatal);
  t.equal(exitCodeOf(loadText('global_defs {\n  dynamic_interfaces\n}\nlinkbeat_interfaces {\n  nosuchif0\n}\n')), 0, 'dynamic_interfaces');
});

t.test('track_group and garp_group', async (t) => {
  const r = loadText(
    'track_group TG {\n  group {\n    VI_1 VI_2\n  }\n}\n' +
      'garp_group {\n  garp_interval 0.5\n  interface eth0\n}\n' +
      'garp_group {\n  gna_interval 0.001\n  interfaces {\n    lo\n    eth1\n  }\n}\n',
    fakeSystem({ interfaces: ['lo', 'eth0', 'eth1'] }),
  );
  t.equal(exitCodeOf(r), 0, messagesOf(r).join('\n'));
  t.same(r.config.trackGroups, [{ name: 'TG', group: ['VI_1', 'VI_2'] }]);
  t.same(r.config.garpGroups, [
    { aggregationGroup: 0, garpIntervalUs: 500_000, gnaIntervalUs: undefined, interfaces: ['eth0'] },
    { aggregationGroup: 1, garpIntervalUs: undefined, gnaIntervalUs: 1000, interfaces: ['lo', 'eth1'] },
  ]);
  const empty = loadText('track_group TG {\n  group {\n  }\n}\ngarp_group {\n  interface eth0\n}\n');
  t.match(messagesOf(empty), [/Line 3\) Warning - track group TG has empty group block/, /Line 7\) garp group 0 does not have any delay set - removing/]);
  t.same(empty.config.garpGroups, []);
});

t.test('script strings: user words and what drops a script', async (t) => {
  const r = loadText(
    inst(
      [
        '  notify_master "/bin/echo master"',
        '  notify_backup /bin/true nobody',
        '  notify_fault /bin/true root nogroup',
        '  notify_stop /bin/true no_such_user_kts',
        '  notify "/bin/true" root :root',
      ].join('\n'),
    ),
  );
  const v = r.config.vrrpInstances[0] as unknown as Record<string, { args: string[]; uid: number; gid: number } | undefined>;
  t.same(v.notifyMaster?.args, ['/bin/echo', 'master']);
  t.same([v.notifyBackup?.uid, v.notifyBackup?.gid], [65534, 65534], "the user's own group by default");
  t.same([v.notifyFault?.uid, v.notifyFault?.gid], [0, 65534]);
  t.equal(v.notifyStop, undefined, 'an unknown user drops the script (keepalived only logs it)');
  t.equal(v.notify, undefined, "no ':group' form in 2.2.7");
  t.equal(exitCodeOf(loadText(inst('  notify_master'))), 2, 'no script word: keepalived exits');
  t.equal(loadText(inst('  notify_master ""')).config.vrrpInstances[0]?.['notifyMaster' as never], undefined, 'an empty script is dropped');
});

t.test('script security decisions', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'kts-scripts-'));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const dir = makeScriptDir(work);
  const run = (conf: string) => loadText(conf, fakeSystem(), dir);

  const secure = run(SECURE + `vrrp_script chk {\n  script ${DIR}/bin/check.sh\n}\n` + inst());
  t.equal(exitCodeOf(secure), 0, messagesOf(secure).join('\n'));
  t.equal(secure.config.vrrpScripts[0]?.script.runnable, true);
  t.equal(secure.config.vrrpScripts[0]?.script.resolvedPath, join(dir, 'bin/check.sh'));

  const noSecurity = run(`vrrp_script chk {\n  script ${DIR}/ww/check.sh\n}\n` + inst());
  t.equal(exitCodeOf(noSecurity), 6);
  t.match(messagesOf(noSecurity), [/SECURITY VIOLATION - scripts are being executed but script_security not enabled\. There are insecure scripts\./]);

  const insecure = run(SECURE + `vrrp_script chk {\n  script ${DIR}/ww/check.sh\n}\n` + inst());
  t.equal(exitCodeOf(insecure), 5);
  t.match(messagesOf(insecure), [/Disabling track script chk due to insecure/]);
  t.equal(insecure.config.vrrpScripts[0]?.script.runnable, false);

  const found = run(SECURE + 'vrrp_script chk {\n  script true\n}\n' + inst());
  t.match(found.config.vrrpScripts[0]?.script.resolvedPath, /\/true$/, 'a bare name is found on PATH');

  const noInstance = run(`vrrp_script chk {\n  script ${DIR}/bin/check.sh\n}\n`);
  t.equal(exitCodeOf(noInstance), 0, 'no VRRP instance: no VRRP script check');

  const notify = run(inst(`  notify_master ${DIR}/bin/noexec.sh`));
  t.equal(exitCodeOf(notify), 6, 'a found script counts even if it cannot be executed');
  t.equal((notify.config.vrrpInstances[0] as unknown as Record<string, { runnable?: boolean }>).notifyMaster?.runnable, false);

  const killed = run(inst(`  notify_master ${DIR}/bin/check.sh nobody`));
  t.equal(exitCodeOf(killed), 6, 'a script of another user is checked like any other (keepalived -t kills itself here)');

  const startup = run(`global_defs {\n  startup_script ${DIR}/bin/check.sh\n}\n`);
  t.match(messagesOf(startup), [/SECURITY VIOLATION - start\/shutdown scripts are being executed/]);
  t.equal(exitCodeOf(startup), 6);
});
