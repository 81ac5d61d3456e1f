// `-d` / `--dump-conf`: the resolved configuration, every setting under its keyword with the value keepalived
// would use (defaults included), one section per heading as keepalived's own dump groups them.
import type { KeepalivedConfig } from '../model/keepalived-config';
import { isTimerField, keywordOf } from './keyword-name';

/** Heading, model key, and the keyword that introduces each item of a list section. */
const SECTIONS: ReadonlyArray<readonly [string, keyof KeepalivedConfig, string]> = [
  ['Top level', 'topLevel', ''],
  ['Global definitions', 'globalDefs', ''],
  ['Linkbeat interfaces', 'linkbeatInterfaces', 'linkbeat_interface'],
  ['Interface up/down delays', 'interfaceUpDownDelays', 'interface'],
  ['Track groups', 'trackGroups', 'track_group'],
  ['GARP groups', 'garpGroups', 'garp_group'],
  ['Static addresses, routes and rules', 'statics', ''],
  ['Track files', 'trackFiles', 'track_file'],
  ['VRRP scripts', 'vrrpScripts', 'vrrp_script'],
  ['VRRP track processes', 'vrrpTrackProcesses', 'vrrp_track_process'],
  ['VRRP sync groups', 'vrrpSyncGroups', 'vrrp_sync_group'],
  ['VRRP instances', 'vrrpInstances', 'vrrp_instance'],
  ['BFD instances', 'bfdInstances', 'bfd_instance'],
  ['SSL', 'ssl', ''],
  ['Virtual server groups', 'virtualServerGroups', 'virtual_server_group'],
  ['Virtual servers', 'virtualServers', 'virtual_server'],
];

function scalar(v: unknown, field: string): string {
  if (typeof v === 'number' && isTimerField(field)) return `${(v / 1e6).toFixed(6).replace(/\.?0+$/, '')}s`;
  if (typeof v === 'string') return /^[^\s"]+$/.test(v) ? v : JSON.stringify(v);
  return String(v);
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function dumpField(out: string[], field: string, v: unknown, indent: string): void {
  const key = keywordOf(field);
  if (v === undefined) {
    out.push(`${indent}${key} = (unset)`);
    return;
  }
  if (isScalar(v)) {
    out.push(`${indent}${key} = ${scalar(v, field)}`);
  } else if (Array.isArray(v)) {
    if (v.length === 0) out.push(`${indent}${key} = (none)`);
    else if (v.every(isScalar)) out.push(`${indent}${key} = ${v.map((x) => scalar(x, field)).join(' ')}`);
    else v.forEach((item, i) => dumpObject(out, `${key} ${nameOf(item, i)}`, item, indent));
  } else if (v instanceof Map) {
    dumpObject(out, key, Object.fromEntries(v), indent);
  } else {
    dumpObject(out, key, v, indent);
  }
}

function nameOf(item: unknown, i: number): string {
  const name = (item as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : `#${i + 1}`;
}

function dumpObject(out: string[], title: string, v: unknown, indent: string): void {
  if (isScalar(v)) {
    out.push(`${indent}${title} = ${scalar(v, '')}`);
    return;
  }
  out.push(`${indent}${title} {`);
  for (const [field, value] of Object.entries(v as Record<string, unknown>)) {
    if (field === 'name' || field === 'pos') continue;
    dumpField(out, field, value, `${indent}  `);
  }
  out.push(`${indent}}`);
}

export function dumpConfigText(config: KeepalivedConfig): string {
  const out: string[] = [];
  for (const [heading, key, itemKeyword] of SECTIONS) {
    const v = config[key];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out.push(`------< ${heading} >------`);
    if (Array.isArray(v)) v.forEach((item, i) => dumpObject(out, `${itemKeyword} ${nameOf(item, i)}`, item, ' '));
    else for (const [field, value] of Object.entries(v as object)) dumpField(out, field, value, ' ');
  }
  return `${out.join('\n')}\n`;
}
