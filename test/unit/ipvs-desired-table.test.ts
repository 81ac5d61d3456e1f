// The desired IPVS table from a configuration when real servers go down at run time (the start-up states are
// compared live with keepalived under user-mode Linux in test/uml): removal or weight 0 with inhibit_on_failure,
// quorum with hysteresis, the sorry server (weight 1; weight 0 with sorry_server_inhibit while there is quorum),
// group ranges, weight clamping.
import t from 'tap';
import { loadConfig } from '../../src/config/load';
import type { RealServer, VirtualServer } from '../../src/config/model/virtual-server';
import { desiredTable, expandRange, startupHealth } from '../../src/ipvs/desired-table';
import type { TableService } from '../../src/ipvs/types';

function table(text: string, down: string[] = []): TableService[] {
  const { config } = loadConfig('test.conf', { text, configId: 'x' });
  return desiredTable(config, (vs: VirtualServer, rs: RealServer) => startupHealth(vs, rs) && !down.includes(rs.address));
}

const dests = (t: TableService[], i = 0): string[] => t[i].dests.map((d) => `${d.address}:${d.port} ${d.forward} w${d.weight}`);

const vs = (body: string): string => `virtual_server 10.0.0.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n${body}\n}\n`;
// Every real server has a checker: keepalived takes a server without one for always up.
const rs = (addr: string, extra = ''): string => ` real_server ${addr} 8080 {\n  weight 2\n  MISC_CHECK {\n   misc_path /bin/true\n  }\n${extra}\n }\n`;

t.test('a real server going down is removed, or kept at weight 0 with inhibit_on_failure', async (t) => {
  const conf = vs(rs('10.1.0.1') + rs('10.1.0.2', 'inhibit_on_failure') + rs('10.1.0.3'));
  t.same(dests(table(conf)), ['10.1.0.1:8080 masq w2', '10.1.0.2:8080 masq w2', '10.1.0.3:8080 masq w2']);
  t.same(dests(table(conf, ['10.1.0.1', '10.1.0.2'])), ['10.1.0.2:8080 masq w0', '10.1.0.3:8080 masq w2']);
});

t.test('quorum lost: live servers leave (weight 0 with inhibit), the sorry server comes in at weight 1', async (t) => {
  const conf = vs(` quorum 4\n sorry_server 10.1.0.100 9090\n${rs('10.1.0.1')}${rs('10.1.0.2', 'inhibit_on_failure')}${rs('10.1.0.3')}`);
  t.same(dests(table(conf)), ['10.1.0.1:8080 masq w2', '10.1.0.2:8080 masq w2', '10.1.0.3:8080 masq w2'], 'weight 6 ≥ 4');
  t.same(dests(table(conf, ['10.1.0.1'])), ['10.1.0.2:8080 masq w2', '10.1.0.3:8080 masq w2'], 'weight 4 ≥ 4');
  t.same(dests(table(conf, ['10.1.0.1', '10.1.0.3'])), ['10.1.0.2:8080 masq w0', '10.1.0.100:9090 masq w1'], 'weight 2 < 4');
});

t.test('hysteresis: quorum + hysteresis at start-up, quorum - hysteresis to lose it', async (t) => {
  const conf = vs(` quorum 3\n hysteresis 2\n sorry_server 10.1.0.100 9090\n${rs('10.1.0.1')}${rs('10.1.0.2')}${rs('10.1.0.3')}`);
  t.same(dests(table(conf)), ['10.1.0.1:8080 masq w2', '10.1.0.2:8080 masq w2', '10.1.0.3:8080 masq w2'], '6 ≥ 5');
  t.same(dests(table(conf, ['10.1.0.1'])), ['10.1.0.2:8080 masq w2', '10.1.0.3:8080 masq w2'], 'at run time 4 ≥ 3-2: kept');
  // An alpha checker starts its server down: 4 < 3+2 at start-up.
  const alpha = vs(` quorum 3\n hysteresis 2\n sorry_server 10.1.0.100 9090\n${rs('10.1.0.1', 'MISC_CHECK {\n misc_path /bin/true\n alpha\n }')}${rs('10.1.0.2')}${rs('10.1.0.3')}`);
  t.same(dests(table(alpha, ['10.1.0.1'])), ['10.1.0.100:9090 masq w1'], 'at start-up 4 < 3+2');
});

t.test('run-time weights: quorum kept with hysteresis (lost below quorum - hysteresis)', async (t) => {
  const conf = vs(` quorum 3\n hysteresis 1\n sorry_server 10.1.0.100 9090\n${rs('10.1.0.1')}${rs('10.1.0.2')}`);
  const { config } = loadConfig('test.conf', { text: conf, configId: 'x' });
  const weights = (w: number) => ({ weight: (_v: VirtualServer, r: RealServer) => (r.address === '10.1.0.1' ? w : r.weight) });
  t.same(dests(desiredTable(config, startupHealth, weights(-5))), ['10.1.0.1:8080 masq w0', '10.1.0.2:8080 masq w2'], 'a negative weight counts as 0: 2 is not < 3 - 1');
  t.same(dests(desiredTable(config, startupHealth, weights(9))), ['10.1.0.1:8080 masq w9', '10.1.0.2:8080 masq w2']);
  const down = desiredTable(config, (_v, r) => r.address !== '10.1.0.2', weights(1));
  t.same(dests(down), ['10.1.0.100:9090 masq w1'], '1 < 3 - 1: the sorry server');
});

t.test('sorry_server_inhibit: at weight 0 while there is quorum; DR sorry server takes the service port', async (t) => {
  const conf = `virtual_server 10.0.0.1 80 {\n lb_algo rr\n lb_kind DR\n protocol TCP\n sorry_server 10.1.0.100 80\n sorry_server_inhibit\n${rs('10.1.0.1')}}\n`;
  t.same(dests(table(conf)), ['10.1.0.1:80 route w2', '10.1.0.100:80 route w0']);
  t.same(dests(table(conf, ['10.1.0.1'])), ['10.1.0.100:80 route w1']);
});

t.test('alpha: a server with an alpha checker starts down', async (t) => {
  const conf = vs(rs('10.1.0.1', 'MISC_CHECK {\n misc_path /bin/true\n alpha\n }') + rs('10.1.0.2'));
  t.same(dests(table(conf)), ['10.1.0.2:8080 masq w2']);
});

t.test('groups: one service per range address and fwmark, granularity dropped', async (t) => {
  const conf = `virtual_server_group G {\n 10.0.0.1-3 80\n fwmark 4\n}\nvirtual_server group G {\n lb_algo rr\n lb_kind DR\n protocol TCP\n persistence_timeout 60\n persistence_granularity 255.255.255.0\n${rs('10.1.0.1')}}\n`;
  const tab = table(conf);
  t.same(tab.map((x) => `${x.service.fwmark || x.service.address}:${x.service.port} m${x.service.netmask.toString(16)} t${x.service.timeout}`),
    ['10.0.0.1:80 mffffffff t60', '10.0.0.2:80 mffffffff t60', '10.0.0.3:80 mffffffff t60', '4:0 mffffffff t60']);
  t.same(tab.map((x) => x.dests[0].port), [80, 80, 80, 0], 'DR destinations take the entry port, 0 for fwmark');
});

t.test('plain service: persistence granularity kept; weights clamped', async (t) => {
  const conf = `virtual_server 10.0.0.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n persistence_granularity 255.255.0.0\n real_server 10.1.0.1 80 {\n  weight 5\n }\n}\n`;
  const [s] = table(conf);
  t.match(s.service, { netmask: 0xffff0000, timeout: 360, flags: 1 }, 'granularity implies persistence 360');
});

t.test('address ranges', async (t) => {
  t.same(expandRange('inet', '10.0.0.250', '10.0.0.252'), ['10.0.0.250', '10.0.0.251', '10.0.0.252']);
  t.same(expandRange('inet6', 'fd00::fffe', 'fd00::1:0'), ['fd00::fffe', 'fd00::ffff', 'fd00::'], 'only the last 16 bits count, wrapping');
  t.same(expandRange('inet', '10.0.0.255', '10.0.0.0'), ['10.0.0.255', '10.0.0.0'], 'the last octet wraps without carry');
  t.same(expandRange('inet6', 'fd00::a', 'fd00::c'), ['fd00::a', 'fd00::b', 'fd00::c']);
  t.same(expandRange('inet', '10.0.0.1', '10.0.0.1'), ['10.0.0.1']);
});
