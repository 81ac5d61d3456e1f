// Scripts without a user while the default script user, keepalived_script, does not exist: keepalived logs
// "Script user 'keepalived_script' does not exist" once per process, at the first script that needs it — the parent
// for global_defs scripts (its children inherit the answer), else each of the VRRP and checker processes for its own
// scripts, again at each reload — and never with -t. With enable_script_security the scripts are then dropped
// ("Unable to set default user …", "Failed to set default user for notify script … - ignoring"); a script naming a
// user or group that does not exist is dropped too ("Invalid user/group for …"). Without script security each process
// reports its own scripts ("SECURITY VIOLATION - …"). keepalived and keepalived-ts run
// each configuration in a namespace: the -t output and exit code, and these lines of a run (with a SIGHUP where the
// configuration is VRRP only), must be the same.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLab, spawnInNs, type NsProcess } from '../helpers/netns';

const REPO = resolve(__dirname, '..', '..');
const STAMP = /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}: /;
/** The lines about script users, and script security (which each process reports for its own scripts). */
const ABOUT = /Script (user|group) '|default user|Invalid user\/group|Unable to resolve script|SECURITY VIOLATION/;
/** A user and a group this test relies on not existing. */
const NOBODY = 'kts_no_such_user';

function exists(db: 'passwd' | 'group', name: string): boolean {
  try {
    execFileSync('getent', [db, name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const instance = (ifname: string, extra: string): string => `vrrp_instance V {
    state BACKUP
    interface ${ifname}
    virtual_router_id 68
    priority 100
    advert_int 1
${extra}    virtual_ipaddress {
        10.68.0.100/24
    }
}
`;
const vrrpScript = 'vrrp_script chk {\n    script "/bin/true"\n    interval 1\n}\n';
const virtualServer = `virtual_server 10.68.0.100 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 10.68.0.2 80 {
        notify_up /bin/true
        MISC_CHECK {
            misc_path /bin/true
        }
    }
}
`;

interface Case { name: string; text: (ifname: string, dir: string) => string; flags: string[]; reload: boolean }

const cases: Case[] = [
  {
    name: 'VRRP scripts, no script security',
    text: (i) => `${vrrpScript}${instance(i, '    track_script {\n        chk\n    }\n    notify_master "/bin/true"\n')}`,
    flags: [], reload: true,
  },
  {
    name: 'VRRP scripts, enable_script_security',
    text: (i) => `global_defs {\n    enable_script_security\n}\n${vrrpScript}${instance(i, '    track_script {\n        chk\n    }\n    notify_master "/bin/true"\n')}`,
    flags: [], reload: true,
  },
  {
    // -P: the checker process would stop the daemon (no IPVS here) before the VRRP process has read its configuration.
    name: 'a global_defs script (the parent asks), VRRP and checker scripts, -P',
    text: (i, d) => `global_defs {\n    notify_fifo ${d}/fifo\n    notify_fifo_script /bin/true\n}\n${instance(i, '    notify_master "/bin/true"\n')}${virtualServer}`,
    flags: ['-P'], reload: true,
  },
  {
    name: 'a startup script (the parent checks its security) and VRRP scripts',
    text: (i) => `global_defs {\n    startup_script /bin/true\n}\n${instance(i, '    notify_master "/bin/true"\n')}`,
    flags: [], reload: true,
  },
  {
    name: 'a global_defs script and VRRP scripts (the children ask again at a reload)',
    text: (i, d) => `global_defs {\n    vrrp_notify_fifo ${d}/vfifo\n    vrrp_notify_fifo_script /bin/true\n}\n${instance(i, '    notify_master "/bin/true"\n')}`,
    flags: [], reload: true,
  },
  {
    name: 'checker scripts only (-C)',
    text: () => virtualServer,
    flags: ['-C'], reload: false,
  },
  {
    name: 'users that do not exist',
    text: (i) => `global_defs {\n    script_user root\n}\n${instance(i, `    notify_master "/bin/true" ${NOBODY}\n    notify_backup "/bin/true" root ${NOBODY}\n`)}`,
    flags: [], reload: true,
  },
];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function lines(p: NsProcess): string[] {
  return (p.stderr() + p.stdout().toString()).split('\n').filter((l) => STAMP.test(l)).map((l) => l.replace(STAMP, ''));
}
/** The script-user lines before and after the first "Reloading", each sorted (the processes write concurrently). */
function split(all: string[]): { start: string[]; reload: string[] } {
  const at = all.findIndex((l) => /^Reloading/.test(l));
  const pick = (l: string[]): string[] => l.filter((x) => ABOUT.test(x)).sort();
  return at < 0 ? { start: pick(all), reload: [] } : { start: pick(all.slice(0, at)), reload: pick(all.slice(at)) };
}

if (process.getuid?.() !== 0) t.plan(0, 'needs root (namespaces)');
else if (exists('passwd', 'keepalived_script')) t.plan(0, 'the user keepalived_script exists here');
else if (exists('passwd', NOBODY) || exists('group', NOBODY)) t.plan(0, `${NOBODY} exists here`);
else {
  t.test('a missing script user: the same lines, in the same processes, as keepalived', async (t) => {
    const lab = createLab([{ addrs: ['10.68.0.1/24'] }]);
    t.teardown(() => lab.dispose());
    const node = lab.nodes[0];
    const dir = mkdtempSync(join(tmpdir(), 'kts-scriptuser-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const ours = (args: string[]): [string, string[]] => ['env', ['-u', 'NODE_OPTIONS', process.execPath, join(REPO, 'bin', 'keepalived-ts.js'), ...args]];

    for (const [n, c] of cases.entries()) {
      const conf = join(dir, `c${n}.conf`);
      writeFileSync(conf, c.text(node.ifname, dir));
      // -t: keepalived logs nothing of this; its errors and exit code are what they are.
      const test = async (who: 'ka' | 'ours'): Promise<{ code: number | null; out: string }> => {
        const args = ['-t', '-f', conf];
        const p = who === 'ka' ? spawnInNs(node.ns, 'keepalived', args) : spawnInNs(node.ns, ...ours(args));
        const code = await p.exited;
        return { code, out: (p.stderr() + p.stdout().toString()).split(dir).join('DIR') };
      };
      const kaTest = await test('ka');
      t.same(await test('ours'), kaTest, `${c.name}: -t (exit ${kaTest.code})`);

      const run = async (who: 'ka' | 'ours'): Promise<{ start: string[]; reload: string[] }> => {
        const pids = ['p', 'r', 'c'].flatMap((x) => [`-${x}`, join(dir, `${who}${n}.${x}`)]);
        const args = ['-n', '-l', '-D', ...c.flags, '-f', conf, ...pids];
        const p = who === 'ka' ? spawnInNs(node.ns, 'keepalived', args) : spawnInNs(node.ns, ...ours(args));
        const kill = setTimeout(() => void p.stop('SIGKILL'), 50_000);
        try {
          // Up (VRRP's first state) or gone (the checker process cannot open IPVS here and the daemon stops).
          await p.waitFor(/Entering BACKUP STATE|exited with permanent error/, 30_000).catch(() => undefined);
          if (c.reload) {
            const before = split(lines(p)).start.length;
            process.kill(p.pid, 'SIGHUP');
            const end = Date.now() + 20_000;
            // The reload's lines: as many as at start-up (each process asks again), or the deadline.
            while (Date.now() < end && split(lines(p)).reload.length < before) await sleep(200);
            await sleep(300);
          }
          await p.stop('SIGTERM', 20_000);
        } finally {
          clearTimeout(kill);
        }
        return split(lines(p));
      };
      const ka = await run('ka');
      const mine = await run('ours');
      t.ok(ka.start.length > 0, `${c.name}: keepalived logs about the script user (${ka.start.length} lines)`);
      t.same(mine.start, ka.start, `${c.name}: start-up`);
      if (c.reload) t.same(mine.reload, ka.reload, `${c.name}: SIGHUP (${ka.reload.length} lines)`);
    }
  });
}
