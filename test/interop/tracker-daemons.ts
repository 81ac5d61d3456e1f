// keepalived 2.2.7 or keepalived-ts started with a given configuration text in a lab namespace, with keepalived's
// command line (-n -l -D -f CONF -p -r -c) and pid files of its own; and what the tracker tests read back: log lines
// without time stamps, state transitions, and the priorities a VRID advertised on the wire (from a capture).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Implementation } from '../../src/lab/vrrp-daemon';
import type { AdvertEvent, WireEvent } from '../../src/lab/wire-events';
import { LabNode, NsProcess, spawnDaemonInNs } from '../helpers/netns';

export type Kind = Implementation;

export const tempDir = (what: string): string => mkdtempSync(join(tmpdir(), `kts-${what}-`));
export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

export class Daemon {
  proc: NsProcess | undefined;
  private text = '';

  constructor(readonly kind: Kind, readonly node: LabNode, readonly dir: string, readonly name: string) {}

  /** Starts with the configuration; resolves once the instance `instance` logged its first state. */
  async start(conf: string, instance = 'VI_1'): Promise<void> {
    const file = join(this.dir, `${this.name}.conf`);
    writeFileSync(file, conf);
    const pid = (w: string): string => join(this.dir, `${this.name}.${w}.pid`);
    const args = ['-n', '-l', '-D', '-f', file, '-p', pid('parent'), '-r', pid('vrrp'), '-c', pid('checkers')];
    this.proc = spawnDaemonInNs(this.node.ns, this.kind, args);
    this.proc.child.stderr?.on('data', (d: Buffer) => {
      this.text += d.toString();
    });
    await this.proc.waitFor(new RegExp(`\\(${instance}\\) Entering \\w+ STATE`), 30000);
  }

  /** Log lines without keepalived's console time stamp. */
  log(): string[] {
    return this.text.split('\n').map((l) => l.replace(/^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}: /, ''));
  }

  /** The states the instance entered, in order. */
  states(instance = 'VI_1'): string[] {
    const re = new RegExp(`^\\(${instance}\\) Entering (\\w+) STATE`);
    return this.log().map((l) => re.exec(l)?.[1]).filter((s): s is string => s !== undefined);
  }

  state(instance = 'VI_1'): string | undefined {
    return this.states(instance).at(-1);
  }

  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    await p?.stop('SIGTERM', 8000);
  }
}

/** The adverts of one VRID. */
export function adverts(events: readonly WireEvent[], vrid: number): AdvertEvent[] {
  return events.filter((e): e is AdvertEvent => e.kind === 'advert' && e.vrid === vrid);
}

/** The advertised priorities of one VRID (and sender), consecutive repeats removed. */
export function prioritySteps(events: readonly WireEvent[], vrid: number, srcMac?: string): number[] {
  const out: number[] = [];
  for (const a of adverts(events, vrid)) {
    if (srcMac !== undefined && a.srcMac !== srcMac) continue;
    if (out.at(-1) !== a.priority) out.push(a.priority);
  }
  return out;
}

/** The lines a tracker test compares between the implementations. */
export function trackerLines(lines: readonly string[]): string[] {
  return lines.filter((l) => /^VRRP_Script|^Script `|Changing effective priority|Setting effective priority|^Quorum |tracked file|Invalid number/.test(l));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls cond every 20 ms; true once it holds, false at the deadline. */
export async function until(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return true;
    await sleep(20);
  }
  return cond();
}
