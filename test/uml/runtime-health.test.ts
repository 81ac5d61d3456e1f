// Real servers going down and recovering at run time, IPVS side: keepalived (inside user-mode Linux, MISC_CHECKs
// testing for a file per real server) removes a failed server, sets an inhibit_on_failure one to weight 0, brings
// in the sorry server when the quorum is lost and takes it out again on recovery. Our desired table for the same
// up/down states, applied by the reconciler phase after phase, must leave the same `ipvsadm -Sn` in every phase.
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config/load';
import { runInUml, umlUnavailable } from './uml-vm';
import type { HealthInput, HealthOutput } from './guest/runtime-health';

t.test('real servers down and back: our IPVS table = keepalived\'s in every phase', { skip: umlUnavailable() }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-health-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const files = { '10.20.6.1': join(dir, 'rs1'), '10.20.6.2': join(dir, 'rs2'), '10.20.6.3': join(dir, 'rs3') };
  const check = (f: string): string => `        MISC_CHECK {\n            misc_path "/bin/test -e ${f}"\n        }\n`;
  const text = `global_defs {
    enable_script_security
    script_user root
}
virtual_server 10.10.6.1 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    quorum 2
    sorry_server 10.20.6.100 8080
    real_server 10.20.6.1 8080 {
        weight 2
${check(files['10.20.6.1'])}    }
    real_server 10.20.6.2 8080 {
        weight 1
        inhibit_on_failure
${check(files['10.20.6.2'])}    }
}
virtual_server 10.10.6.2 80 {
    delay_loop 1
    lb_algo wrr
    lb_kind DR
    protocol TCP
    real_server 10.20.6.3 80 {
        weight 4
        inhibit_on_failure
${check(files['10.20.6.3'])}    }
}
`;
  const confPath = join(dir, 'health.conf');
  writeFileSync(confPath, text);
  const { config, diags } = loadConfig(confPath, { configId: 'uml' });
  t.same(diags.list.filter((d) => d.severity === 'error').map((d) => d.message), [], 'the configuration is clean');
  const all = Object.keys(files);
  const phases = [all, ['10.20.6.1', '10.20.6.3'], ['10.20.6.3'], [], all];
  const input: HealthInput = { confPath, config: { virtualServers: config.virtualServers, virtualServerGroups: config.virtualServerGroups }, files, phases };
  const { result: r } = await runInUml<HealthOutput>({ guest: resolve(__dirname, 'guest', 'runtime-health.ts'), input, timeoutMs: 170_000 });
  t.same(r.failed, [], 'no operation of ours failed');
  t.equal(r.keepalived.length, phases.length);
  const names = ['all up', 'rs2 down (inhibit: weight 0; quorum kept)', 'rs1 down too (removed; quorum lost: sorry server)',
    'rs3 down (inhibit, other service: weight 0)', 'all back (sorry server out)'];
  for (let i = 0; i < phases.length; i++) {
    t.same(r.ours[i], r.keepalived[i], `${names[i]}: ${r.keepalived[i].filter((l) => l.startsWith('-a')).map((l) => l.replace(/^-a -t \S+ -r /, '')).join(', ')}`);
  }
  if (r.ours.some((l, i) => JSON.stringify(l) !== JSON.stringify(r.keepalived[i]))) t.comment(r.log);
});
