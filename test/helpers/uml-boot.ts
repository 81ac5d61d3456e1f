// What every user-mode Linux harness shares (the host kernel has no IPVS, the UML kernel has it as modules): the
// check that UML can run here, the module tree modprobe is pointed at (the guest's /lib/modules is the host's,
// which has no UML modules), the kernel command line that boots it on the host's own file system (hostfs) with an
// init script, and starting it in its own process group so that all of its host processes can be killed together.
// The harnesses differ in what the init script does: test/uml/uml-vm.ts runs one guest script, uml-shell.ts serves
// shell commands, uml-checker-oracle.ts runs a checker scenario.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

export const UML_MODULES_DIR = '/usr/lib/uml/modules';

/** Every IPVS scheduler, the sip persistence engine, and the dummy interface. */
export const IPVS_MODULES = [
  'ip_vs', 'ip_vs_rr', 'ip_vs_wrr', 'ip_vs_lc', 'ip_vs_wlc', 'ip_vs_lblc', 'ip_vs_lblcr', 'ip_vs_dh', 'ip_vs_sh',
  'ip_vs_sed', 'ip_vs_nq', 'ip_vs_mh', 'ip_vs_fo', 'ip_vs_ovf', 'ip_vs_pe_sip', 'dummy',
];

export function findOnPath(cmd: string): string | undefined {
  for (const d of (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':').concat(['/usr/sbin', '/sbin'])) {
    if (d && existsSync(join(d, cmd))) return join(d, cmd);
  }
  return undefined;
}

/** Why UML cannot run here (no linux.uml, no modules, or one of the commands missing); undefined when it can. */
export function umlUnavailable(commands: readonly string[] = []): string | undefined {
  if (!findOnPath('linux.uml')) return 'linux.uml not installed (apt-get install user-mode-linux)';
  if (!existsSync(UML_MODULES_DIR) || readdirSync(UML_MODULES_DIR).length === 0) return `no modules in ${UML_MODULES_DIR}`;
  for (const c of commands) if (!findOnPath(c)) return `${c} not installed`;
  return undefined;
}

/** Makes root/lib/modules/<version> point at the UML modules; returns root, for `modprobe -d root`. */
export function moduleRoot(root: string): string {
  const version = readdirSync(UML_MODULES_DIR)[0] ?? '';
  mkdirSync(join(root, 'lib', 'modules'), { recursive: true });
  symlinkSync(join(UML_MODULES_DIR, version), join(root, 'lib', 'modules', version));
  return root;
}

/** The init script's line loading modules from moduleRoot(root) (a failure is reported on the console). */
export function modprobeLine(root: string, modules: readonly string[] = IPVS_MODULES): string {
  return `for m in ${modules.join(' ')}; do modprobe -d '${root}' $m || echo "modprobe $m failed"; done`;
}

export interface UmlSpawnOptions {
  memory: string;
  stdio: StdioOptions;
  env?: NodeJS.ProcessEnv;
  /** Host CPUs (taskset -c list) the whole VM runs on; default: any. */
  cpus?: string;
}

/** Boots linux.uml with init as its init script, in its own process group (see killUml). */
export function spawnUml(init: string, o: UmlSpawnOptions): ChildProcess {
  const args = [`mem=${o.memory}`, 'root=/dev/root', 'rootfstype=hostfs', 'rootflags=/', 'rw', `init=${init}`, 'con=null', 'con0=fd:0,fd:1'];
  const uml = findOnPath('linux.uml') ?? 'linux.uml';
  // taskset execs the VM in place (same pid), so the process group is still the VM's.
  const [cmd, argv] = o.cpus === undefined ? [uml, args] : ['taskset', ['-c', o.cpus, uml, ...args]];
  return spawn(cmd, argv, { detached: true, stdio: o.stdio, env: o.env ?? process.env });
}

/** Kills the VM's whole process group (UML runs as several host processes); quiet when it is gone. */
export function killUml(vm: ChildProcess): void {
  if (vm.pid === undefined) return;
  try {
    process.kill(-vm.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
