// Table-driven comparison with the installed keepalived 2.2.7: each address/route/rule entry line of
// config-ip-cases.ts goes into a static_* block (or a minimal vrrp_instance on eth0 for the virtual_* blocks);
// keepalived -t runs on the file inside a throw-away network namespace (lo and eth0 exist, nosuchif0 does not) and
// our loadConfig() runs on the same file with a machine view of that namespace. The exit codes must be equal
// (keepalived's is measured live, never written down), and where keepalived names a line ours must name it too.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { configTestExitCode, loadConfig } from '../../src/config/load';
import type { BuildContext } from '../../src/config/parser/build-context';
import { resolveStaticDefaults } from '../../src/config/sections/static-routing';
import { liveSystem, SystemView } from '../../src/config/system-view';
import { fileOracle, mapLimited, positions, RunResult } from '../helpers/config-oracle';
import * as cases from './config-ip-cases';

/** The oracle's namespace as our loader sees it: its interfaces, the host's files. */
const nsSystem: SystemView = {
  ...liveSystem,
  interfaceExists: (n) => n === 'lo' || n === 'eth0' || n === 'kpeer0',
};

type Kind = 'static_ipaddress' | 'static_routes' | 'static_rules' | 'virtual_ipaddress' | 'virtual_routes' | 'virtual_rules';

function configFor(kind: Kind, line: string): string {
  if (kind.startsWith('static_')) return `${kind} {\n    ${line}\n}\n`;
  const vips = kind === 'virtual_ipaddress' ? '' : '    virtual_ipaddress {\n        10.2.2.2\n    }\n';
  return `vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 1\n    priority 100\n${vips}    ${kind} {\n        ${line}\n    }\n}\n`;
}

/** loadConfig(), plus the static default-interface step in case validation does not run it yet (it is idempotent). */
function ourVerdict(file: string): { code: number; lines: number[]; messages: string[] } {
  const result = loadConfig(file, { configTest: true, system: nsSystem });
  if (!result.abort && result.config.statics.staticIpaddress.some((a) => a.dev === undefined)) {
    const ctx: BuildContext = { config: result.config, diags: result.diags, system: nsSystem, options: { configTest: true }, scripts: [] };
    resolveStaticDefaults(ctx);
  }
  const lines = result.diags.list.filter((d) => d.pos?.file === file).map((d) => d.pos?.line as number);
  return { code: configTestExitCode(result), lines, messages: result.diags.list.map((d) => d.message) };
}

const oracle = fileOracle(t);
if (oracle) {
  const tables: Array<[Kind, readonly string[]]> = [
    ['static_ipaddress', cases.STATIC_ADDRESSES],
    ['virtual_ipaddress', cases.VIRTUAL_ADDRESSES],
    ['static_routes', cases.STATIC_ROUTES],
    ['virtual_routes', cases.VIRTUAL_ROUTES],
    ['static_rules', cases.STATIC_RULES],
    ['virtual_rules', cases.VIRTUAL_RULES],
  ];
  // Every file is written first and keepalived runs on them a few at a time; ours runs as each verdict arrives.
  let n = 0;
  const runs = tables.map(([kind, lines]) =>
    lines.map((line) => {
      const file = join(oracle.workDir, `case-${n++}.conf`);
      writeFileSync(file, configFor(kind, line));
      return { line, file };
    }),
  );
  const verdicts = mapLimited(runs.flat(), 4, (r) => oracle.keepalived(r.file));
  let v = 0;
  tables.forEach(([kind], ti) => {
    const first = v;
    v += (runs[ti] as unknown[]).length;
    t.test(kind, async (t) => {
      const codes = new Set<number | null>();
      for (const [i, { line, file }] of (runs[ti] ?? []).entries()) {
        const k: RunResult = await (verdicts[first + i] as Promise<RunResult>);
        const o = ourVerdict(file);
        codes.add(k.code);
        const diag = { keepalived: k.stderr, ours: o.messages };
        t.equal(o.code, k.code, `${kind}: ${line}`, diag);
        const theirLines = positions(k.stderr)
          .filter((p) => p.file === file)
          .map((p) => p.line);
        if (theirLines.length > 0) t.ok(o.lines.includes(theirLines[0] as number), `${line}: ours names line ${theirLines[0]}`, diag);
      }
      t.ok(codes.has(0) && codes.has(5), `${kind}: the table has valid and broken entries`);
    });
  });
}
