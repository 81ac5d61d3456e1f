// The VRRP process's LVS sync daemon driver (LvsSyncSwitch) on the fake IPVS: the kernel commands keepalived sends
// at an instance's initialisation, its MASTER/BACKUP changes, a reload (same and changed settings) and the stop, and
// the error lines keepalived logs for the ones the kernel refuses (the UML test compares these with keepalived).
import t from 'tap';
import type { LvsSyncDaemon } from '../../src/config/model/global-defs';
import { FakeIpvs } from '../../src/ipvs/fake-ipvs';
import { syncDaemonCommand } from '../../src/ipvs/sync-daemon';
import { LvsSyncSwitch } from '../../src/vrrp/daemon/lvs-sync';

const lvs = (iface: string): LvsSyncDaemon => ({ interface: iface, instance: 'VI_1', id: 0, maxlen: undefined, port: undefined, ttl: undefined, group: undefined });

t.test('keepalived\'s error lines for the daemon commands', async (t) => {
  const f = new FakeIpvs();
  const cfg = { state: 'master' as const, interface: 'eth0', syncId: 0, maxLen: 0, mcastGroup: '', mcastPort: 0, mcastTtl: 0 };
  t.equal(await syncDaemonCommand(f, 'start', cfg), undefined, 'a start that works says nothing');
  t.equal(await syncDaemonCommand(f, 'start', cfg), 'IPVS cmd IP_VS_SO_SET_STARTDAEMON(1163) error: Daemon has already run(17)');
  t.equal(await syncDaemonCommand(f, 'stop', 'backup'), 'IPVS cmd IP_VS_SO_SET_STOPDAEMON(1164) error: No daemon is running(3)');
  t.equal(await syncDaemonCommand(f, 'start', { ...cfg, state: 'backup', interface: '' }), 'IPVS cmd IP_VS_SO_SET_STARTDAEMON(1163) error: No such device(19)');
});

t.test('init, master, reloads, stop', async (t) => {
  const f = new FakeIpvs();
  const lines: string[] = [];
  const s = new LvsSyncSwitch(f, lvs('eth0'), 51, (l) => lines.push(l));
  t.equal(s.instance, 'VI_1');
  s.start('backup');
  s.switchTo('master');
  // A reload with the same settings: the bare restart is refused and ignored; the initialisation's start is logged.
  s.reconfigure(lvs('eth0'), 51);
  s.start('master');
  // Changed settings: the running daemon stops, the initialisation starts the new one.
  s.reconfigure(lvs('eth1'), 51);
  s.start('master');
  await s.stop();
  t.same(f.calls, [
    'start sync daemon backup on eth0 syncid 0',
    'stop sync daemon backup', 'start sync daemon master on eth0 syncid 0',
    'start sync daemon master on  syncid 0', 'stop sync daemon backup',
    'start sync daemon master on eth0 syncid 0',
    'stop sync daemon master', 'start sync daemon master on  syncid 0', 'stop sync daemon backup',
    'start sync daemon master on eth1 syncid 0',
    'stop sync daemon master',
  ]);
  t.same(lines, ['IPVS cmd IP_VS_SO_SET_STARTDAEMON(1163) error: Daemon has already run(17)'], 'only what keepalived logs');
  t.same(await f.listSyncDaemons(), [], 'nothing left running');
});

t.test('a reload that drops lvs_sync_daemon: nothing more is sent, the daemon is left running', async (t) => {
  const f = new FakeIpvs();
  const s = new LvsSyncSwitch(f, lvs('eth0'), 51, () => undefined);
  s.start('backup');
  s.reconfigure(undefined, undefined);
  t.equal(s.instance, undefined);
  s.switchTo('master');
  await s.stop();
  t.same((await f.listSyncDaemons()).map((d) => d.state), ['backup']);
});
