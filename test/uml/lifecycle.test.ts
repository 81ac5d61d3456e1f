// Start and stop as keepalived's checker process does them, with a foreign service already in the kernel:
// lvs_flush (the foreign service goes at start), lvs_flush_on_stop (full: everything goes at stop) or VS / the
// default (only keepalived's services go), lvs_timeouts set while running and put back after. The real keepalived
// runs each configuration inside user-mode Linux; ours (startIpvs/stopIpvs) must leave the same table and
// timeouts, running and stopped.
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config/load';
import { runInUml, umlUnavailable } from './uml-vm';
import type { LifecycleCase, LifecycleResult } from './guest/lifecycle';

const body = `virtual_server 10.10.5.1 80 {
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 10.20.5.1 8080 {
        weight 2
    }
}
virtual_server fwmark 15 {
    lb_algo wlc
    lb_kind DR
    persistence_timeout 60
    real_server 10.20.5.2 {
        weight 1
    }
}
`;
const globals: Record<string, string> = {
  'default (remove own services at stop)': 'lvs_timeouts tcp 1200 udp 90',
  'lvs_flush (at start)': 'lvs_flush\n    lvs_timeouts tcpfin 30',
  'lvs_flush_on_stop (full)': 'lvs_flush_on_stop',
  'lvs_flush_on_stop VS': 'lvs_flush_on_stop VS',
};

t.test('start and stop: our IPVS table = keepalived\'s, running and after stop', { skip: umlUnavailable() }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-life-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const cases: LifecycleCase[] = Object.entries(globals).map(([name, g], i) => {
    const confPath = join(dir, `c${i}.conf`);
    writeFileSync(confPath, `global_defs {\n    ${g}\n}\n${body}`);
    const { config, diags } = loadConfig(confPath, { configId: 'uml' });
    t.same(diags.list.filter((d) => d.severity === 'error').map((d) => d.message), [], `${name}: the configuration is clean`);
    return { name, confPath, config: { virtualServers: config.virtualServers, virtualServerGroups: config.virtualServerGroups, globalDefs: config.globalDefs } };
  });
  const { result } = await runInUml<LifecycleResult[]>({ guest: resolve(__dirname, 'guest', 'lifecycle.ts'), input: cases, timeoutMs: 170_000 });
  t.equal(result.length, cases.length);
  for (const r of result) {
    t.test(r.name, async (t) => {
      t.same(r.failed, [], 'no operation of ours failed');
      t.same(r.ours.running.save, r.keepalived.running.save, `running: ${r.keepalived.running.save.length} rules, the same`);
      t.same(r.ours.running.timeouts, r.keepalived.running.timeouts, `running timeouts: ${r.keepalived.running.timeouts.join(' ')}`);
      t.same(r.ours.stopped.save, r.keepalived.stopped.save, `stopped: ${r.keepalived.stopped.save.length} rules left, the same`);
      t.same(r.ours.stopped.timeouts, r.keepalived.stopped.timeouts, `stopped timeouts: ${r.keepalived.stopped.timeouts.join(' ')}`);
    });
  }
});
