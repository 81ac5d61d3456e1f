// global_defs lvs_sync_daemon against keepalived: its VRRP process (inside user-mode Linux, on a dummy interface)
// starts the backup sync daemon while its instance is BACKUP and switches to the master one when it becomes
// MASTER; our switchSyncDaemon with the settings from our config model must leave the same daemons
// (`ipvsadm -Ln --daemon`) at each step — with every option given, and with the sync id defaulting to the VRID.
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config/load';
import { runInUml, umlUnavailable } from './uml-vm';
import type { SyncCase, SyncResult } from './guest/sync-daemon';

const instance = `vrrp_instance VI_1 {
    state MASTER
    interface dummy0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        10.3.0.100/24
    }
}
`;
const configs: Record<string, string> = {
  'every option': `global_defs {\n    lvs_sync_daemon dummy0 VI_1 id 7 maxlen 1400 port 8850 ttl 3 group 224.0.0.82\n}\n${instance}`,
  'sync id from the VRID': `global_defs {\n    lvs_sync_daemon dummy0 VI_1\n}\n${instance}`,
};

t.test('lvs_sync_daemon: our daemons = keepalived\'s through BACKUP and MASTER', { skip: umlUnavailable() }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-syncd-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const cases: SyncCase[] = Object.entries(configs).map(([name, text], i) => {
    const confPath = join(dir, `c${i}.conf`);
    writeFileSync(confPath, text);
    const { config } = loadConfig(confPath, { configId: 'uml' });
    const lvs = config.globalDefs.lvsSyncDaemon;
    if (!lvs) throw new Error(`${name}: no lvs_sync_daemon in the model`);
    const vrid = config.vrrpInstances.find((v) => v.name === lvs.instance)?.virtualRouterId;
    return { name, confPath, lvs, vrid };
  });
  const { result } = await runInUml<SyncResult[]>({
    guest: resolve(__dirname, 'guest', 'sync-daemon.ts'), input: cases, dummyAddresses: ['10.3.0.1/24'], timeoutMs: 170_000,
  });
  for (const r of result) {
    t.test(r.name, async (t) => {
      t.equal(r.keepalived.length, 2, `keepalived: ${r.keepalived.map((l) => l.join(' + ')).join(' → ')}`);
      t.same(r.ours, r.keepalived, 'ours: the same daemons after BACKUP, then after MASTER');
      if (r.keepalived.length !== 2) t.comment(r.keepalivedLog);
    });
  }
});
