// keepalived -C and keepalived-ts -C side by side in one user-mode Linux VM (IPVS), each on its own virtual
// addresses (`ours` / `theirs` prefixes, so they share the kernel's table without touching each other's services),
// checking the same HTTP real servers on lo, which the test switches between 200 and 500. A step runs an action,
// waits until both checker logs show a line, lets them settle and compares the checker lines (timestamps and the
// virtual address normalised; check results server by server, since servers' checks interleave at random) and
// `ipvsadm -Sn`. keepalived-ts and the switchable servers run from dist/ (`npx tsc -p tsconfig.build.json` first).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Test } from 'tap';
import { daemonLine, UmlShell } from './uml-shell';

const REPO = resolve(__dirname, '..', '..');

/** Lines keepalived's parent writes (the comparison is of the checker process's lines). */
const PARENT = /^(Starting Keepalived|Running on|Command line|\s|Opening file|Configuration file|NOTICE|Starting Healthcheck child|Startup complete|Reloading \.\.\.|Reload complete|Stopping$|CPU usage|Stopped Keepalived|Healthcheck child process|pid \d+ exited|Restart of|read eventfd)/;
export const STAMP = /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}: /;
const CHECK_RESULT = /^(Remote Web server|HTTP status code|Error |Timeout |Read timeout)/;

export const withoutResults = (lines: string[]): string[] => lines.filter((l) => !CHECK_RESULT.test(l));

export function resultsByServer(lines: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const l of lines.filter((x) => CHECK_RESULT.test(x))) (out[/\[[^\]]+\]/.exec(l)?.[0] ?? ''] ??= []).push(l);
  return out;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

export class TwinCheckers {
  private seen = { ours: 0, theirs: 0 };

  private constructor(
    private readonly t: Test,
    readonly uml: UmlShell,
    private readonly dir: string,
    /** Virtual address prefixes, e.g. '10.10.1.' and '10.10.2.'. */
    readonly ours: string,
    readonly theirs: string,
  ) {}

  /** Boots the VM with addresses on lo and switchable HTTP servers (port 8080) on servers (removed with the test). */
  static async boot(t: Test, nets: { ours: string; theirs: string }, loAddresses: string[], servers: string[]): Promise<TwinCheckers> {
    const dir = mkdtempSync(join(tmpdir(), 'kts-twin-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const uml = await UmlShell.boot(join(dir, 'uml'));
    t.teardown(() => uml.close());
    const tw = new TwinCheckers(t, uml, dir, nets.ours, nets.theirs);
    const f = (name: string): string => tw.file(name);
    await uml.run(`for a in ${loAddresses.join(' ')}; do ip addr add $a/32 dev lo; done`);
    writeFileSync(f('down.json'), '[]');
    const main = join(REPO, 'dist', 'src', 'lab', 'checker-oracle', 'switch-servers-main.js');
    await uml.run(`setsid ${process.execPath} ${main} ${f('down.json')} ${servers.map((a) => `${a}:8080`).join(' ')} > ${f('servers.log')} 2>&1 < /dev/null & echo $! > ${f('servers.pid')}`);
    t.teardown(() => uml.run(`kill -TERM $(cat ${f('servers.pid')}); true`).then(() => undefined));
    await waitFor('the real servers', () => existsSync(`${f('down.json')}.ready`));
    return tw;
  }

  /** A file in the run's directory (shared with the VM through hostfs). */
  file(name: string): string {
    return join(this.dir, name);
  }

  /** The servers (addresses) that answer 500 from now on; the others answer 200. */
  setDown(addresses: string[]): void {
    writeFileSync(this.file('down.json'), JSON.stringify(addresses.map((a) => `${a}:8080`)));
  }

  /** Writes both configurations (conf(prefix) for each side). */
  writeConfigs(conf: (net: string, who: 'ours' | 'ka') => string): void {
    writeFileSync(this.file('ours.conf'), conf(this.ours, 'ours'));
    writeFileSync(this.file('ka.conf'), conf(this.theirs, 'ka'));
  }

  /** Starts keepalived -C, then ours (-n -l -D -C, their own pid files); both are stopped with the test. */
  async start(): Promise<void> {
    const f = (name: string): string => this.file(name);
    await this.uml.run(daemonLine('ka', '-C', f('ka.conf'), f));
    await this.uml.run(daemonLine('ours', '-C', f('ours.conf'), f));
    this.t.teardown(() => this.uml.run(`for p in ${f('ka.p')} ${f('ours.p')}; do [ -e $p ] && kill $(cat $p); done; true`).then(() => undefined));
  }

  /** Sends a signal to both parents. */
  async signal(sig: 'HUP' | 'TERM' | 'USR1'): Promise<void> {
    await this.uml.run(`kill -${sig} $(cat ${this.file('ka.p')}) $(cat ${this.file('ours.p')})`);
  }

  /** The checker process's lines of a side, without timestamps, keepalived's virtual addresses made ours. */
  lines(who: 'ours' | 'ka'): string[] {
    const path = this.file(`${who}.log`);
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    return text.split('\n').filter((l) => STAMP.test(l)).map((l) => l.replace(STAMP, '')).filter((l) => !PARENT.test(l))
      .map((l) => l.split(this.theirs).join(this.ours).replace(/^Stopped - used .*/, 'Stopped - used …'));
  }

  /** Our services and keepalived's, in ipvsadm -Sn form with keepalived's virtual address made ours. */
  async tables(): Promise<{ ours: string[]; theirs: string[] }> {
    const lines = (await this.uml.run('ipvsadm -Sn')).split('\n').filter(Boolean);
    const pick = (net: string): string[] => lines.filter((l) => l.includes(net)).map((l) => l.split(net).join(this.ours)).sort();
    return { ours: pick(this.ours), theirs: pick(this.theirs) };
  }

  /** Runs a step, waits for both logs to show `last`, lets them settle and compares lines and tables. */
  async step(name: string, action: () => Promise<void> | void, last: string | RegExp): Promise<void> {
    const t = this.t;
    await action();
    const has = (l: string[]): boolean => l.some((x) => (typeof last === 'string' ? x === last : last.test(x)));
    await waitFor(`${name}: ${String(last)}`, () => has(this.lines('ours').slice(this.seen.ours)) && has(this.lines('ka').slice(this.seen.theirs)), 40_000);
    await sleep(2500); // a second delay_loop and more: anything either side still has to say
    const o = this.lines('ours').slice(this.seen.ours);
    const k = this.lines('ka').slice(this.seen.theirs);
    this.seen = { ours: this.seen.ours + o.length, theirs: this.seen.theirs + k.length };
    t.same(withoutResults(o), withoutResults(k), `${name}: checker log lines`);
    t.same(resultsByServer(o), resultsByServer(k), `${name}: check result lines, server by server`);
    const tb = await this.tables();
    t.same(tb.ours, tb.theirs, `${name}: ipvsadm -Sn`);
    if (JSON.stringify(o) !== JSON.stringify(k) || JSON.stringify(tb.ours) !== JSON.stringify(tb.theirs)) {
      t.comment(`ours:\n${o.join('\n')}\n${tb.ours.join('\n')}\nkeepalived:\n${k.join('\n')}\n${tb.theirs.join('\n')}`);
    }
  }

  /** Waits for both daemons to exit; their exit codes. */
  async exitCodes(): Promise<{ ours: string; theirs: string }> {
    await waitFor('both daemons to exit', () => existsSync(this.file('ka.rc')) && existsSync(this.file('ours.rc')));
    return { ours: readFileSync(this.file('ours.rc'), 'utf8').trim(), theirs: readFileSync(this.file('ka.rc'), 'utf8').trim() };
  }
}
