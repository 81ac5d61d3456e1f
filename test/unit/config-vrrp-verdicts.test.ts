// The installed keepalived 2.2.7 and our loader judge the same VRRP configurations (config-vrrp-cases.ts) and must
// give the same `-t` exit code. Both run inside one throw-away network namespace (lo, eth0, kpeer0), keepalived once
// per file, ours once for all files, so the interface checks see the same machine.
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOurs, type OurVerdict } from '../helpers/config-loader-run';
import { createConfigOracle, oracleUnavailable } from '../helpers/config-oracle';
import { VRRP_CASES } from './config-vrrp-cases';

t.test('keepalived -t and loadConfig agree on VRRP configurations', { skip: oracleUnavailable() ?? false }, async (t) => {
  const oracle = createConfigOracle();
  t.teardown(() => oracle.cleanup());
  const files = VRRP_CASES.map((c, i) => {
    const file = join(oracle.workDir, `vrrp-${i + 1}.conf`);
    writeFileSync(file, c.conf);
    return file;
  });
  const ours = await runOurs(oracle.ns, files);
  t.ok(VRRP_CASES.length >= 60, `${VRRP_CASES.length} configurations`);
  for (const [i, c] of VRRP_CASES.entries()) {
    const k = await oracle.keepalived(files[i] as string);
    const o = ours[i] as OurVerdict;
    t.equal(o.code, k.code, c.name, { keepalived: k.stderr, ours: o.diags });
  }
});
