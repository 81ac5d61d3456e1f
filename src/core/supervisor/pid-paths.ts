// keepalived's pid file names (verified in the 2.2.7 binary; its man page's keepalived_vrrp.pid is wrong).
// -p/-r/-c/-b override them one by one; `use_pid_dir` moves them into /run/keepalived/, and `instance NAME` names
// them <base>_NAME.pid in that directory.

export interface PidFilePaths {
  parent: string;
  vrrp: string;
  checker: string;
  bfd: string;
}

export const PID_DIR = '/run';
export const PID_SUBDIR = '/run/keepalived';

const BASES: Readonly<Record<keyof PidFilePaths, string>> = {
  parent: 'keepalived',
  vrrp: 'vrrp',
  checker: 'checkers',
  bfd: 'bfd',
};

export interface PidPathOptions {
  /** -p, -r, -c, -b */
  overrides?: Partial<PidFilePaths>;
  /** global_defs use_pid_dir */
  usePidDir?: boolean;
  /** global_defs instance NAME */
  instance?: string;
}

export function pidFilePaths(o: PidPathOptions = {}): PidFilePaths {
  const path = (k: keyof PidFilePaths): string => {
    const given = o.overrides?.[k];
    if (given !== undefined) return given;
    if (o.instance) return `${PID_SUBDIR}/${BASES[k]}_${o.instance}.pid`;
    return `${o.usePidDir ? PID_SUBDIR : PID_DIR}/${BASES[k]}.pid`;
  };
  return { parent: path('parent'), vrrp: path('vrrp'), checker: path('checker'), bfd: path('bfd') };
}
