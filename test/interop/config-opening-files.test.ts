// With -D keepalived 2.2.7's parent logs each configuration file it opens ("Opening file '…'."), at start-up and
// at every reload: the root file before "Configuration file …", then each include as the root is parsed (glob
// matches in order, relative paths as written, nested includes). keepalived and keepalived-ts run the same files
// side by side in namespaces; their lines about files must be the same (the node's folder normalised away).
import t from 'tap';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLabAsync } from '../../src/lab/netns-lab';
import { IMPLEMENTATIONS, type Implementation, type VrrpDaemon } from '../../src/lab/vrrp-daemon';
import { runConf } from '../helpers/conf-node';

const FILE_LINE = /^(Opening file |Configuration file |Config files missing)/;

function root(k: number): string {
  return `global_defs {
  router_id files${k}
}
include inc/*.conf
include nested.inc
`;
}

const INSTANCE = `vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 71
  priority 100
  virtual_ipaddress {
    10.87.0.100/24
  }
}
`;

/** The included files next to the root one: two glob matches, one nested include with a relative path. */
function writeIncludes(dir: string): void {
  mkdirSync(join(dir, 'inc'), { recursive: true });
  writeFileSync(join(dir, 'inc', 'a.conf'), INSTANCE);
  writeFileSync(join(dir, 'inc', 'b.conf'), '# nothing\n');
  writeFileSync(join(dir, 'nested.inc'), 'include inc/deeper/*.inc\n');
  mkdirSync(join(dir, 'inc', 'deeper'), { recursive: true });
  writeFileSync(join(dir, 'inc', 'deeper', 'one.inc'), '# deeper\n');
}

function fileLines(d: VrrpDaemon, dir: string, from = 0): string[] {
  return d.lines.slice(from).map((l) => l.text.replace(/^.*?\d\d:\d\d:\d\d \d{4}: /, '').split(dir).join('<DIR>')).filter((l) => FILE_LINE.test(l));
}

t.test('-D names each configuration file opened, at start-up and reload, as keepalived', async (t) => {
  const lab = await createLabAsync([{ addrs: ['10.87.0.1/24'] }, { addrs: ['10.87.0.2/24'] }]);
  const base = mkdtempSync(join(tmpdir(), 'kts-files-'));
  const runs: Array<{ impl: Implementation; d: VrrpDaemon; dir: string }> = [];
  t.teardown(async () => {
    await Promise.all(runs.map((r) => r.d.stop('SIGTERM')));
    await lab.dispose();
    rmSync(base, { recursive: true, force: true });
  });
  IMPLEMENTATIONS.forEach((impl, i) => {
    const dir = join(base, impl);
    writeIncludes(dir);
    runs.push({ impl, dir, d: runConf(lab.nodes[i], impl, base, impl, root(i)) });
  });
  await Promise.all(runs.map((r) => r.d.waitForLine(/\(VI_1\) Entering BACKUP STATE/, 30_000)));
  const [k, o] = runs;
  const kStart = fileLines(k.d, k.dir);
  t.ok(kStart.some((l) => l.includes("inc/deeper/one.inc")), 'keepalived names the nested include (test sanity)');
  t.same(fileLines(o.d, o.dir), kStart, 'start-up: the same file lines as keepalived');

  const marks = runs.map((r) => r.d.lines.length);
  for (const r of runs) process.kill(r.d.pid, 'SIGHUP');
  await Promise.all(runs.map((r, i) => r.d.waitForLine(/^.*Opening file '.*one\.inc'\./, 20_000, marks[i])));
  t.same(fileLines(o.d, o.dir, marks[1]), fileLines(k.d, k.dir, marks[0]), 'reload: the same file lines as keepalived');
});
