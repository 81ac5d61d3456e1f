// Shared by the config-ip*/config-static* tests: a BuildContext over a fixed machine, and one-line entry parsing
// that returns the model together with the `-t` exit code keepalived's rules give for what was reported.
import { ConfigAbort, ConfigErr, Diagnostics, formatDiagnostic } from '../../src/config/diagnostics';
import { emptyConfig } from '../../src/config/model/keepalived-config';
import type { AddressEntry, RouteEntry, RuleEntry } from '../../src/config/model/static-routing';
import type { BuildContext } from '../../src/config/parser/build-context';
import type { BlockEntry } from '../../src/config/parser/keyword-args';
import { liveSystem, SystemView } from '../../src/config/system-view';
import { parseAddressEntry } from '../../src/config/values/ip-address';
import { parseRouteEntry } from '../../src/config/values/ip-route';
import { parseRuleEntry } from '../../src/config/values/ip-rule';

/** iproute2 name files as Debian ships them (the parts the tests use), so model tests do not depend on the host. */
export const IPROUTE2_FILES: Readonly<Record<string, string>> = {
  '/etc/iproute2/rt_tables': '255\tlocal\n254\tmain\n253\tdefault\n0\tunspec\n100\tcustom # a comment\n',
  '/etc/iproute2/rt_dsfield': '0x0\tdefault\n0x28\tAF11\n0xB8\tEF\n',
  '/etc/iproute2/group': '0\tdefault\n7\tblue\n',
  '/etc/iproute2/rt_realms': '0\tcosmos\n5\tfar\n',
  '/etc/iproute2/rt_protos': '0\tunspec\n4\tstatic\n18\tkeepalived\n186\tbgp\n',
  '/etc/iproute2/rt_scopes': '0\tglobal\n255\tnowhere\n254\thost\n253\tlink\n200\tsite\n',
  '/etc/protocols': 'icmp\t1\tICMP\ntcp\t6\tTCP\nudp\t17\tUDP\nipv6-icmp\t58\tIPv6-ICMP\n',
};

/** A machine with these interfaces and files; everything else is the real one. */
export function fixedSystem(interfaces: readonly string[], files: Readonly<Record<string, string>> = IPROUTE2_FILES): SystemView {
  const ifs = new Set(interfaces);
  return { ...liveSystem, interfaceExists: (n) => ifs.has(n), readText: (p) => files[p] };
}

export function makeCtx(system: SystemView = fixedSystem(['lo', 'eth0'])): BuildContext {
  return { config: emptyConfig(), diags: new Diagnostics(true), system, options: { configTest: true }, scripts: [] };
}

export function entryOf(line: string, lineNo = 1): BlockEntry {
  return { words: line.trim().split(/\s+/).filter(Boolean), text: line, pos: { file: 'test.conf', line: lineNo } };
}

/** keepalived's `-t` exit code for what the context has seen (2 when the parse stopped). */
export function exitCodeOf(ctx: BuildContext, aborted: boolean): number {
  if (aborted) return 2;
  const w = ctx.diags.worst;
  if (w === ConfigErr.Ok) return 0;
  if (w <= ConfigErr.Fatal) return 4;
  return w === ConfigErr.SecurityError ? 6 : 5;
}

export interface Parsed<T> {
  readonly value: T | undefined;
  readonly code: number;
  readonly messages: string[];
}

function run<T>(ctx: BuildContext, parse: () => T | undefined): Parsed<T> {
  let value: T | undefined;
  let aborted = false;
  try {
    value = parse();
  } catch (e) {
    if (!(e instanceof ConfigAbort)) throw e;
    aborted = true;
  }
  return { value, code: exitCodeOf(ctx, aborted), messages: ctx.diags.list.map((d) => formatDiagnostic(d)) };
}

export function address(line: string, opts: { vip?: boolean; ctx?: BuildContext } = {}): Parsed<AddressEntry> {
  const ctx = opts.ctx ?? makeCtx();
  return run(ctx, () => parseAddressEntry(ctx, entryOf(line), { vip: opts.vip ?? false, defaultDev: undefined }));
}

export function route(line: string, opts: { virtual?: boolean; ctx?: BuildContext } = {}): Parsed<RouteEntry> {
  const ctx = opts.ctx ?? makeCtx();
  return run(ctx, () => parseRouteEntry(ctx, entryOf(line), { virtual: opts.virtual ?? false, defaultDev: undefined }));
}

export function rule(line: string, opts: { virtual?: boolean; ctx?: BuildContext } = {}): Parsed<RuleEntry> {
  const ctx = opts.ctx ?? makeCtx();
  return run(ctx, () => parseRuleEntry(ctx, entryOf(line), { virtual: opts.virtual ?? false }));
}
