// A user-mode Linux kernel (the host kernel has no IPVS) driven through files: its root file system is the host's
// own (hostfs), so the init script polls a work directory for numbered shell commands and writes their output back.
// Used to run the real keepalived's checker process and ipvsadm against a kernel that has ip_vs.
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { killUml, modprobeLine, moduleRoot, spawnUml, umlUnavailable } from './uml-boot';

const REPO = resolve(__dirname, '..', '..');
const IPVS_MODULES = ['ip_vs', 'ip_vs_rr', 'ip_vs_wrr', 'ip_vs_lc', 'ip_vs_wlc', 'ip_vs_sh', 'ip_vs_dh', 'dummy'];

/** Whether this machine can boot user-mode Linux with IPVS modules. */
export function umlAvailable(): boolean {
  return umlUnavailable() === undefined;
}

export class UmlShell {
  private next = 0;

  private constructor(
    private readonly dir: string,
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
  ) {}

  /** Boots a UML kernel whose init script serves commands from dir (an empty host directory). */
  static async boot(dir: string, bootTimeoutMs = 60_000): Promise<UmlShell> {
    moduleRoot(dir);
    const init = join(dir, 'init.sh');
    writeFileSync(
      init,
      `#!/bin/sh
mount -t proc proc /proc; mount -t sysfs sys /sys
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
${modprobeLine(dir, IPVS_MODULES)}
ip link set lo up
touch ${dir}/ready
n=0
while [ ! -e ${dir}/halt ]; do
  if [ -e ${dir}/cmd.$n ]; then
    sh ${dir}/cmd.$n > ${dir}/res.$n.tmp 2>&1; mv ${dir}/res.$n.tmp ${dir}/res.$n; n=$((n+1))
  else sleep 0.1; fi
done
echo o > /proc/sysrq-trigger
`,
      { mode: 0o755 },
    );
    const child = spawnUml(init, { memory: '512M', stdio: ['ignore', 'ignore', 'ignore'] });
    const exited = new Promise<void>((res) => child.on('exit', () => res()));
    const shell = new UmlShell(dir, child, exited);
    const deadline = Date.now() + bootTimeoutMs;
    while (!existsSync(join(dir, 'ready'))) {
      if (Date.now() > deadline || child.exitCode !== null) {
        await shell.close();
        throw new Error('user-mode Linux did not boot');
      }
      await sleep(100);
    }
    return shell;
  }

  /** Runs a shell command inside UML; resolves with its output (stdout and stderr). */
  async run(command: string, timeoutMs = 30_000): Promise<string> {
    const n = this.next++;
    writeFileSync(join(this.dir, `cmd.${n}.tmp`), command + '\n');
    renameSync(join(this.dir, `cmd.${n}.tmp`), join(this.dir, `cmd.${n}`));
    const res = join(this.dir, `res.${n}`);
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(res)) {
      if (Date.now() > deadline) throw new Error(`UML command timed out: ${command}`);
      await sleep(50);
    }
    return readFileSync(res, 'utf8');
  }

  /** Powers the kernel off (by its init script, else by killing its process group). */
  async close(): Promise<void> {
    writeFileSync(join(this.dir, 'halt'), '');
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<boolean>((res) => (timer = setTimeout(() => res(false), 20_000)));
    const done = await Promise.race([this.exited.then(() => true), giveUp]);
    clearTimeout(timer);
    if (!done) {
      killUml(this.child);
      await this.exited;
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The shell line that starts keepalived ('ka') or keepalived-ts ('ours', from dist/) in the background inside UML:
 * `-n -l -D` and flags, the configuration conf, pid files f(`${who}.p|r|c`), the console to f(`${who}.log`) and,
 * once it exits, its exit code to f(`${who}.rc`). env: assignments put before the command (e.g. TMPDIR=…).
 */
export function daemonLine(who: 'ka' | 'ours', flags: string, conf: string, f: (name: string) => string, env = ''): string {
  const pids = `-p ${f(`${who}.p`)} -r ${f(`${who}.r`)} -c ${f(`${who}.c`)}`;
  const bin = who === 'ka' ? 'keepalived' : `env -u NODE_OPTIONS ${process.execPath} ${join(REPO, 'bin', 'keepalived-ts.js')}`;
  const cmd = `${env ? `${env} ` : ''}${bin} -n -l -D ${flags} -f ${conf} ${pids}`;
  return `setsid sh -c '${cmd} > ${f(`${who}.log`)} 2>&1; echo $? > ${f(`${who}.rc`)}' < /dev/null > /dev/null 2>&1 &`;
}
