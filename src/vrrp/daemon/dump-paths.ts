// Where the VRRP process writes its dumps, as keepalived 2.2.7 decides it: the directory is $TMPDIR when that is an
// absolute path, else /tmp (set_tmp_dir); with data_use_instance and an instance name or network namespace the data
// file (only that one) becomes keepalived.<namespace>_<instance>.data (open_dump_file).
import type { KeepalivedConfig } from '../../config/model/keepalived-config';

export interface DumpPaths {
  data: string;
  stats: string;
  json: string;
}

export interface DumpNaming {
  dataUseInstance: boolean;
  instance: string | undefined;
  netNamespace: string | undefined;
}

/** keepalived's tmp_dir for an environment. */
export function dumpDirectory(env: NodeJS.ProcessEnv): string {
  const t = env.TMPDIR;
  return t !== undefined && t.startsWith('/') ? t : '/tmp';
}

export function dumpPaths(dir: string, n: DumpNaming): DumpPaths {
  return { data: dumpFilePath(dir, 'keepalived.data', n), stats: `${dir}/keepalived.stats`, json: `${dir}/keepalived.json` };
}

/** The naming a configuration asks for (data_use_instance, instance, net_namespace). */
export function dumpNaming(c: KeepalivedConfig | undefined): DumpNaming {
  return { dataUseInstance: c?.globalDefs.dataUseInstance ?? false, instance: c?.topLevel.instance, netNamespace: c?.topLevel.netNamespace };
}

/**
 * open_dump_file() for any dump name ("keepalived_check.data", …): in dir, with the namespace and instance before
 * the extension when data_use_instance applies.
 */
export function dumpFilePath(dir: string, fileName: string, n: DumpNaming): string {
  if (!n.dataUseInstance || (n.instance === undefined && n.netNamespace === undefined)) return `${dir}/${fileName}`;
  const dot = fileName.lastIndexOf('.');
  const sep = n.instance !== undefined && n.netNamespace !== undefined ? '_' : '';
  return `${dir}/${fileName.slice(0, dot)}.${n.netNamespace ?? ''}${sep}${n.instance ?? ''}${fileName.slice(dot)}`;
}
