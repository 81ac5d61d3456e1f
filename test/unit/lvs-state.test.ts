// LvsState's rules that the user-mode Linux comparisons (test/uml/real-server-*.test.ts) do not reach: start-up
// notifies, smtp alerts, shutdown variants (omega, lvs_flush_on_stop), inhibited servers at shutdown, a sorry server
// that is also a real server, ha_suspend counting, dynamic weights while the sorry server stands in, IPv6 names,
// and bad references.
import t from 'tap';
import { loadConfig } from '../../src/config/load';
import type { LvsAction } from '../../src/check/real-server/actions';
import { LvsState } from '../../src/check/real-server/lvs-state';

function state(body: string, globals = ''): LvsState {
  const text = `global_defs {\n  router_id unit\n  script_user root\n${globals}}\n${body}`;
  const r = loadConfig('unit.conf', { text, configTest: true });
  if (r.abort) throw new Error(`config rejected: ${JSON.stringify(r.abort)}`);
  return new LvsState(r.config);
}

const logs = (a: LvsAction[]): string[] => a.flatMap((x) => (x.type === 'log' ? [x.line] : []));
const scripts = (a: LvsAction[]): string[] =>
  a.flatMap((x) => (x.type === 'script' ? [`${x.purpose}:${x.script.args.join(' ')}${x.timeoutMs ? `:${x.timeoutMs}` : ''}`] : []));
const alerts = (a: LvsAction[]): string[] => a.flatMap((x) => (x.type === 'alert' ? [`${x.subject} | ${x.body}`] : []));
const fifo = (a: LvsAction[]): string[] => a.flatMap((x) => (x.type === 'fifo' ? [x.line] : []));
const weights = (s: LvsState): string[] =>
  s.table().flatMap((svc) => svc.destinations.map((d) => `${svc.address ?? `fwm${svc.fwmark}`}:${svc.port} ${d.address}:${d.port}=${d.weight}`));

const vs = (inner: string, rs = 2, rsExtra = ''): string => {
  let out = `virtual_server 10.0.0.100 80 {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n${inner}\n`;
  for (let i = 1; i <= rs; i++) {
    out += `  real_server 10.0.0.${i} 80 {\n    notify_up "/bin/true up ${i}"\n    notify_down "/bin/true down ${i}"\n${rsExtra}    MISC_CHECK {\n      misc_path /bin/true\n    }\n  }\n`;
  }
  return `${out}}\n`;
};
const chk = (rsIndex: number, checkerIndex = 0) => ({ vsIndex: 0, rsIndex, checkerIndex });

t.test('start-up: every server added; rs_init_notifies runs notify_up', async (t) => {
  const plain = state(vs(''));
  const a = plain.start();
  t.same(logs(a), ['Gained quorum 1+0=1 <= 2 for VS [10.0.0.100]:tcp:80']);
  t.same(scripts(a), [], 'no notify scripts without rs_init_notifies');
  t.same(fifo(a), ['VS [10.0.0.100]:tcp:80 UP\n']);
  t.same(weights(plain), ['10.0.0.100:80 10.0.0.1:80=1', '10.0.0.100:80 10.0.0.2:80=1']);
  const withInit = state(vs(''), '  rs_init_notifies\n');
  t.same(scripts(withInit.start()), ['notify_up:/bin/true up 1', 'notify_up:/bin/true up 2']);
});

t.test('alpha: servers start out of the pool; a first failure runs notify_down without a log line', async (t) => {
  const s = state(vs('  alpha\n  sorry_server 10.0.0.9 80\n'));
  const start = s.start();
  t.same(logs(start), [
    'Starting with quorum down 1-0=1 > 0 for VS [10.0.0.100]:tcp:80',
    'Adding sorry server [10.0.0.9]:tcp:80 to VS [10.0.0.100]:tcp:80',
    'Removing alive servers from the pool for VS [10.0.0.100]:tcp:80',
  ]);
  t.same(weights(s), ['10.0.0.100:80 10.0.0.9:80=1']);
  const fail = s.checkerResult(chk(0), false);
  t.same(logs(fail), []);
  t.same(scripts(fail), ['notify_down:/bin/true down 1']);
  t.same(s.checkerResult(chk(0), false), [], 'a second failure changes nothing');
  const up = s.checkerResult(chk(1), true);
  t.same(logs(up), [
    'Adding service [10.0.0.2]:tcp:80 to VS [10.0.0.100]:tcp:80',
    'Gained quorum 1+0=1 <= 1 for VS [10.0.0.100]:tcp:80',
    'Removing sorry server [10.0.0.9]:tcp:80 from VS [10.0.0.100]:tcp:80',
    'Adding alive servers to the pool for VS [10.0.0.100]:tcp:80',
  ]);
  t.same(weights(s), ['10.0.0.100:80 10.0.0.2:80=1']);
});

t.test('smtp_alert: quorum and checker alerts carry keepalived subjects', async (t) => {
  const s = state(vs('  quorum 2\n  smtp_alert\n'), '  smtp_alert\n');
  t.same(alerts(s.start()), ['[unit] Virtualserver [10.0.0.100]:tcp:80 - UP | => Starting with quorum up 2+0=2 <= 2 <=']);
  t.equal(s.serverAlive(0, 0), true);
  const down = s.checkerResult(chk(0), false);
  t.same(alerts(down), ['[unit] Virtualserver [10.0.0.100]:tcp:80 - DOWN | => Lost quorum 2+0=2 <= 1 <=']);
  t.equal(s.serverAlive(0, 0), false);
  const mail = s.realServerAlert(0, 0, '=> MISC CHECK failed on service <=');
  t.same(mail && alerts([mail]), [
    '[unit] Realserver [10.0.0.1]:tcp:80 of virtual server [10.0.0.100]:tcp:80 - DOWN | => MISC CHECK failed on service <=',
  ]);
  t.equal(s.realServerAlert(4, 0, 'x'), undefined, 'a bad reference');
});

t.test('shutdown without omega: servers leave IPVS, no scripts run', async (t) => {
  const s = state(vs('  quorum_down "/bin/true qd"\n'));
  s.start();
  const a = s.shutdown();
  t.same(logs(a), [
    'Shutting down service [10.0.0.1]:tcp:80 from VS [10.0.0.100]:tcp:80',
    'Shutting down service [10.0.0.2]:tcp:80 from VS [10.0.0.100]:tcp:80',
  ]);
  t.same(scripts(a), []);
  t.same(s.table(), []);
});

t.test('shutdown with omega: notify_down and quorum_down run synchronously (1 s limit)', async (t) => {
  const s = state(vs('  omega\n  quorum_down "/bin/true qd"\n'));
  s.start();
  s.checkerResult(chk(1), false);
  const a = s.shutdown();
  t.same(logs(a), [
    'Shutting down service [10.0.0.1]:tcp:80 from VS [10.0.0.100]:tcp:80',
    'Shutting down service [10.0.0.2]:tcp:80 from VS [10.0.0.100]:tcp:80',
  ]);
  t.same(scripts(a), ['notify_down:/bin/true down 1:1000', 'quorum_down:/bin/true qd:1000'], 'only the server still up is notified');
});

t.test('shutdown with inhibit_on_failure: a failed server is "(inhibited)" and really deleted', async (t) => {
  const s = state(vs('  inhibit_on_failure\n'));
  s.start();
  s.checkerResult(chk(0), false);
  t.same(weights(s), ['10.0.0.100:80 10.0.0.1:80=0', '10.0.0.100:80 10.0.0.2:80=1']);
  t.same(logs(s.shutdown()), [
    'Shutting down (inhibited) service [10.0.0.1]:tcp:80 from VS [10.0.0.100]:tcp:80',
    'Shutting down service [10.0.0.2]:tcp:80 from VS [10.0.0.100]:tcp:80',
  ]);
  t.same(s.table(), []);
});

t.test('lvs_flush_on_stop: no per-server lines; with omega the quorum_down still runs', async (t) => {
  for (const how of ['lvs_flush_on_stop', 'lvs_flush_on_stop VS']) {
    const s = state(vs('  omega\n  quorum_down "/bin/true qd"\n'), `  ${how}\n`);
    s.start();
    const a = s.shutdown();
    t.same(logs(a), [], how);
    t.same(scripts(a), ['quorum_down:/bin/true qd:1000'], how);
    t.same(s.table(), [], how);
  }
});

t.test('a sorry server that is also a real server', async (t) => {
  const s = state(vs('  quorum 2\n  sorry_server 10.0.0.2 80\n'));
  s.start();
  const a = s.checkerResult(chk(0), false);
  t.same(logs(a), [
    'Removing service [10.0.0.1]:tcp:80 from VS [10.0.0.100]:tcp:80',
    'Lost quorum 2-0=2 > 1 for VS [10.0.0.100]:tcp:80',
    'Adding sorry server [10.0.0.2]:tcp:80 to VS [10.0.0.100]:tcp:80',
    'Removing alive servers from the pool for VS [10.0.0.100]:tcp:80',
  ]);
  // The pool removal takes 10.0.0.2 out, the sorry server (same address and port) puts it back.
  t.same(weights(s), ['10.0.0.100:80 10.0.0.2:80=1']);
});

t.test('misc_dynamic while the sorry server stands in: logged, IPVS untouched until quorum returns', async (t) => {
  const s = state(vs('  quorum 2\n  sorry_server 10.0.0.9 80\n', 2, '    weight 1\n'));
  s.start();
  s.checkerResult(chk(0), false);
  t.same(weights(s), ['10.0.0.100:80 10.0.0.9:80=1']);
  const w = s.miscDynamicWeight(chk(1), 2 + 7);
  t.same(logs(w), [
    'Changing weight from 1 to 7 for active service [10.0.0.2]:tcp:80 of VS [10.0.0.100]:tcp:80',
    'Gained quorum 2+0=2 <= 7 for VS [10.0.0.100]:tcp:80',
    'Removing sorry server [10.0.0.9]:tcp:80 from VS [10.0.0.100]:tcp:80',
    'Adding alive servers to the pool for VS [10.0.0.100]:tcp:80',
  ]);
  t.same(weights(s), ['10.0.0.100:80 10.0.0.2:80=7']);
  t.same(logs(s.miscDynamicWeight(chk(1), 9)), [], 'the same exit status again changes nothing');
  t.same(logs(s.miscDynamicWeight(chk(1), 0)), [
    'Changing weight from 7 to 1 for active service [10.0.0.2]:tcp:80 of VS [10.0.0.100]:tcp:80',
    'Lost quorum 2-0=2 > 1 for VS [10.0.0.100]:tcp:80',
    'Adding sorry server [10.0.0.9]:tcp:80 to VS [10.0.0.100]:tcp:80',
    'Removing alive servers from the pool for VS [10.0.0.100]:tcp:80',
  ]);
  t.same(weights(s), ['10.0.0.100:80 10.0.0.9:80=1']);
  s.miscDynamicWeight(chk(1), 5);
  t.same(weights(s), ['10.0.0.100:80 10.0.0.2:80=3'], 'weight 3 regains the quorum');
  s.miscDynamicFailed(chk(1), 1);
  t.same(weights(s), ['10.0.0.100:80 10.0.0.2:80=3'], 'a dropped dynamic weight is silent: no IPVS edit');
  t.same(logs(s.checkerResult(chk(1), false)).slice(0, 1), ['Removing service [10.0.0.2]:tcp:80 from VS [10.0.0.100]:tcp:80']);
  s.checkerResult(chk(0), true);
  s.checkerResult(chk(1), true);
  t.same(weights(s), ['10.0.0.100:80 10.0.0.1:80=1', '10.0.0.100:80 10.0.0.2:80=1'], 'back with the configured weight');
});

t.test('ha_suspend: the same address twice suspends only when both go; groups never match', async (t) => {
  const s = state(
    `${vs('  ha_suspend\n', 1)}virtual_server_group G {\n  10.0.0.200 80\n}\nvirtual_server group G {\n  protocol TCP\n  ha_suspend\n  real_server 10.0.0.7 80 {\n    MISC_CHECK {\n      misc_path /bin/true\n    }\n  }\n}\n`,
  );
  s.start();
  t.same(logs(s.activateCheckers()), [
    'Deactivating healthchecker for service [10.0.0.1]:tcp:80 for VS [10.0.0.100]:tcp:80',
    'Deactivating healthchecker for service [10.0.0.7]:tcp:80 for VS [G]:0',
  ]);
  t.equal(s.checkerEnabled(chk(0)), false);
  t.same(logs(s.addressChanged('inet', '10.0.0.100', true)), ['Activating healthchecker for service [10.0.0.1]:tcp:80 for VS [10.0.0.100]:tcp:80']);
  t.same(logs(s.addressChanged('inet', '10.0.0.100', true)), []);
  t.same(logs(s.addressChanged('inet', '10.0.0.100', false)), [], 'still on another interface');
  t.same(logs(s.addressChanged('inet', '10.0.0.100', false)), ['Suspending healthchecker for service [10.0.0.1]:tcp:80 for VS [10.0.0.100]:tcp:80']);
  t.same(logs(s.addressChanged('inet', '10.0.0.200', true)), [], 'keepalived 2.2.7 never matches a group address');
  t.same(logs(s.addressChanged('inet6', '10.0.0.100', true)), [], 'another family');
});

t.test('address events in the log: -D for ha_suspend addresses, -a for all', async (t) => {
  const conf = vs('  ha_suspend\n', 1);
  const mk = (options: { logDetail?: boolean; logAddressChanges?: boolean }) => {
    const r = loadConfig('unit.conf', { text: `global_defs {\n  router_id unit\n}\n${conf}`, configTest: true });
    const s = new LvsState(r.config, options);
    s.start();
    s.activateCheckers();
    return s;
  };
  t.same(logs(mk({}).addressChanged('inet', '10.0.0.100', true)), [
    'Activating healthchecker for service [10.0.0.1]:tcp:80 for VS [10.0.0.100]:tcp:80',
  ]);
  t.same(logs(mk({ logDetail: true }).addressChanged('inet', '10.0.0.100', true)), [
    'Netlink reflector reports IP 10.0.0.100 added',
    'Activating healthchecker for service [10.0.0.1]:tcp:80 for VS [10.0.0.100]:tcp:80',
  ]);
  t.same(logs(mk({ logDetail: true }).addressChanged('inet', '10.0.0.5', true)), [], '-D: other addresses are quiet');
  t.same(logs(mk({ logAddressChanges: true }).addressChanged('inet', '10.0.0.5', false)), ['Netlink reflector reports IP 10.0.0.5 removed']);
});

t.test('FILE_CHECK: start-up values set weights and failures; reverse; runtime faults', async (t) => {
  const conf = `track_file tf {\n  file /nonexistent/kts-tf\n}\nvirtual_server 10.0.0.100 80 {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n` +
    `  real_server 10.0.0.1 80 {\n    weight 2\n    FILE_CHECK {\n      track_file tf\n      weight 3\n    }\n  }\n` +
    `  real_server 10.0.0.2 80 {\n    FILE_CHECK {\n      track_file tf\n      weight 0\n    }\n  }\n` +
    `  real_server 10.0.0.3 80 {\n    FILE_CHECK {\n      track_file tf\n      weight 0 reverse\n    }\n  }\n}\n`;
  const s = state(conf);
  // At start keepalived fails a weight-0 FILE_CHECK on any non-zero value, even with reverse.
  t.same(logs(s.start(() => 4)), ['Gained quorum 1+0=1 <= 14 for VS [10.0.0.100]:tcp:80'], '2 + 4×3 = 14 for .1');
  t.same(weights(s), ['10.0.0.100:80 10.0.0.1:80=14']);
  const stillDown = s.fileCheckValue(chk(2), 0);
  t.same(logs(stillDown), [], 'reverse: zero is a fault, and .3 is already out');
  t.same(fifo(stillDown), ['RS [10.0.0.3]:tcp:80 [10.0.0.100]:tcp:80 DOWN\n'], 'its first verdict notifies');
  t.same(logs(s.fileCheckValue(chk(2), 5)), ['Adding service [10.0.0.3]:tcp:80 to VS [10.0.0.100]:tcp:80'], 'reverse: non-zero is up');
  t.same(logs(s.fileCheckValue(chk(1), 0)), ['Adding service [10.0.0.2]:tcp:80 to VS [10.0.0.100]:tcp:80']);
  t.same(logs(s.fileCheckValue(chk(0), 4)), [], 'the same value again');
  t.same(logs(s.fileCheckValue(chk(0), 1)), ['Changing weight from 14 to 5 for active service [10.0.0.1]:tcp:80 of VS [10.0.0.100]:tcp:80']);
  t.same(s.fileCheckValue(chk(0, 5), 1), [], 'a bad reference');
  t.same(s.fileCheckValue({ vsIndex: 0, rsIndex: 0, checkerIndex: 0 }, 1), [], 'no change');
});

t.test('checkerEvent (the checkers\' result form) gives the same lines as the specific inputs', async (t) => {
  // misc_dynamic: exit 7 (adjustment 5 − 1 = +4 over weight 1 → 5), failure, exit 5 (→ 3), exit 0 (→ 1).
  const a = state(vs('  quorum 2\n  sorry_server 10.0.0.9 80\n'));
  const b = state(vs('  quorum 2\n  sorry_server 10.0.0.9 80\n'));
  const viaMisc: string[] = [...logs(a.start())];
  const viaEvent: string[] = [...logs(b.start())];
  viaMisc.push(...logs(a.miscDynamicWeight(chk(0), 7)), ...logs(a.checkerResult(chk(0), true)));
  viaEvent.push(...logs(b.checkerEvent(chk(0), true, 4)));
  a.miscDynamicFailed(chk(0), 1);
  viaMisc.push(...logs(a.checkerResult(chk(0), false)));
  viaEvent.push(...logs(b.checkerEvent(chk(0), false)));
  viaMisc.push(...logs(a.miscDynamicWeight(chk(0), 5)), ...logs(a.checkerResult(chk(0), true)));
  viaEvent.push(...logs(b.checkerEvent(chk(0), false, 2)), ...logs(b.checkerEvent(chk(0), true)));
  viaMisc.push(...logs(a.miscDynamicWeight(chk(0), 0)));
  viaEvent.push(...logs(b.checkerEvent(chk(0), true, 0)));
  t.same(viaEvent, viaMisc);
  t.same(weights(b), weights(a));
  t.ok(viaMisc.some((l) => l.startsWith('Changing weight from 1 to 3 for inactive service')), 'the inactive weight change is there');

  // FILE_CHECK weight 3: value 2 (+6), −1 (−3), fault, back at 0.
  const conf = `track_file tf {\n  file /nonexistent/kts-tf\n}\nvirtual_server 10.0.0.100 80 {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n` +
    `  real_server 10.0.0.1 80 {\n    weight 2\n    FILE_CHECK {\n      track_file tf\n      weight 3\n    }\n  }\n}\n`;
  const f1 = state(conf);
  const f2 = state(conf);
  const byValue = [...logs(f1.start())];
  const byEvent = [...logs(f2.start())];
  for (const [value, up, weight] of [[2, true, 6], [-1, true, -3], [-1e9, false, undefined], [0, true, 0]] as const) {
    byValue.push(...logs(f1.fileCheckValue(chk(0), value)));
    byEvent.push(...logs(f2.checkerEvent(chk(0), up, weight)));
  }
  t.same(byEvent, byValue);
  t.same(weights(f2), weights(f1));
});

t.test('IPv6 services and bad references', async (t) => {
  const s = state(
    'virtual_server fd00::100 443 {\n  lb_algo rr\n  lb_kind DR\n  protocol TCP\n  real_server fd00::1 443 {\n    MISC_CHECK {\n      misc_path /bin/true\n    }\n  }\n}\n',
  );
  t.same(logs(s.start()), ['Gained quorum 1+0=1 <= 1 for VS [fd00::100]:tcp:443']);
  t.same(logs(s.checkerResult(chk(0), false)), [
    'Removing service [fd00::1]:tcp:443 from VS [fd00::100]:tcp:443',
    'Lost quorum 1-0=1 > 0 for VS [fd00::100]:tcp:443',
  ]);
  t.same(s.checkerResult({ vsIndex: 5, rsIndex: 0, checkerIndex: 0 }, true), []);
  t.same(s.checkerResult({ vsIndex: 0, rsIndex: 9, checkerIndex: 0 }, true), []);
  t.same(s.miscDynamicWeight({ vsIndex: 0, rsIndex: 0, checkerIndex: 4 }, 5), []);
  t.same(s.setWeight(3, 0, 5), []);
  t.equal(s.inspect(7), undefined);
});
