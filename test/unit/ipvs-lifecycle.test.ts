// Start/stop and the sync-daemon switch on FakeIpvs (the behaviour against keepalived is measured in test/uml):
// lvs_flush, timeouts set and put back, only our services removed at stop unless flush_on_stop is full; the
// switch stops the other daemon first and does not fail when there is none.
import t from 'tap';
import { loadConfig } from '../../src/config/load';
import { FakeIpvs } from '../../src/ipvs/fake-ipvs';
import { startIpvs, stopIpvs } from '../../src/ipvs/lifecycle';
import { switchSyncDaemon, syncDaemonConfig } from '../../src/ipvs/sync-daemon';

const vs = `virtual_server 10.0.0.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n real_server 10.1.0.1 80 {\n }\n}\n`;
const conf = (globals: string) => loadConfig('t.conf', { text: `global_defs {\n ${globals}\n}\n${vs}`, configId: 'x' }).config;

async function withForeign(): Promise<FakeIpvs> {
  const f = new FakeIpvs();
  await f.addService({ family: 'inet', fwmark: 0, protocol: 'TCP', address: '10.9.0.1', port: 80, scheduler: 'rr', flags: 0, timeout: 0, netmask: 0xffffffff, peName: '' });
  return f;
}

t.test('default: foreign kept, own removed at stop, timeouts put back', async (t) => {
  const f = await withForeign();
  const c = conf('lvs_timeouts tcp 100');
  const { session } = await startIpvs(f, c);
  t.equal((await f.readTable()).length, 2);
  t.same(await f.getTimeouts(), { tcp: 100, tcpFin: 120, udp: 300 });
  await stopIpvs(f, c, session);
  t.same((await f.readTable()).map((x) => x.service.address), ['10.9.0.1']);
  t.same(await f.getTimeouts(), { tcp: 900, tcpFin: 120, udp: 300 });
});

t.test('lvs_flush and lvs_flush_on_stop full', async (t) => {
  const f = await withForeign();
  const c = conf('lvs_flush\n lvs_flush_on_stop');
  const { session } = await startIpvs(f, c);
  t.same((await f.readTable()).map((x) => x.service.address), ['10.0.0.1'], 'foreign flushed at start');
  await f.addService({ family: 'inet', fwmark: 0, protocol: 'TCP', address: '10.9.0.2', port: 80, scheduler: 'rr', flags: 0, timeout: 0, netmask: 0xffffffff, peName: '' });
  await stopIpvs(f, c, session);
  t.same(await f.readTable(), [], 'everything flushed at stop');
});

t.test('sync daemon switch', async (t) => {
  const f = new FakeIpvs();
  const lvs = { interface: 'eth0', instance: 'VI_1', id: undefined, maxlen: undefined, port: undefined, ttl: undefined, group: undefined };
  t.same(syncDaemonConfig(lvs, 'backup', 51), { state: 'backup', interface: 'eth0', syncId: 51, maxLen: 0, mcastGroup: '', mcastPort: 0, mcastTtl: 0 });
  await switchSyncDaemon(f, lvs, 'backup', 51);
  await switchSyncDaemon(f, lvs, 'master', 51);
  t.same((await f.listSyncDaemons()).map((d) => d.state), ['master']);
  t.same(f.calls, ['stop sync daemon master', 'start sync daemon backup on eth0 syncid 51', 'stop sync daemon backup', 'start sync daemon master on eth0 syncid 51']);
  await t.rejects(switchSyncDaemon(f, lvs, 'master', 51), { code: 'EEXIST' }, 'a real failure is not swallowed');
});
