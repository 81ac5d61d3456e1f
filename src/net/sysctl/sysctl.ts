// The per-namespace sysctls under /proc/sys (principle 3: one interface, a real backend and a fake for unit
// tests), read and written without blocking the loop (principle 7). A name is given as its parts, so an interface
// name with dots (vrrp.51) needs no escaping: ['net', 'ipv6', 'conf', 'vrrp.51', 'disable_ipv6'].
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Sysctl {
  /** The integer value, or undefined when the entry is missing or does not hold one. */
  readInt(parts: readonly string[]): Promise<number | undefined>;
  /** Writes an integer; resolves with the errno code on failure (callers log it), undefined on success. */
  writeInt(parts: readonly string[], value: number): Promise<string | undefined>;
}

/** /proc/sys/net/ipv4/conf/IF/NAME from ['net', 'ipv4', 'conf', IF, NAME]. */
export function sysctlPath(parts: readonly string[]): string {
  for (const p of parts) if (p === '' || p === '.' || p === '..' || p.includes('/')) throw new TypeError(`bad sysctl name part '${p}'`);
  return join('/proc/sys', ...parts);
}

export class ProcSysctl implements Sysctl {
  async readInt(parts: readonly string[]): Promise<number | undefined> {
    try {
      const text = (await readFile(sysctlPath(parts), 'utf8')).trim();
      return /^-?\d+$/.test(text) ? Number(text) : undefined;
    } catch {
      return undefined;
    }
  }

  async writeInt(parts: readonly string[], value: number): Promise<string | undefined> {
    try {
      await writeFile(sysctlPath(parts), `${value}\n`);
      return undefined;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    }
  }
}

/** An in-memory table by dotted name ('net.ipv4.conf.all.rp_filter'); a write to a missing entry fails ENOENT. */
export class FakeSysctl implements Sysctl {
  readonly values = new Map<string, number>();
  /** Every write, in order. */
  readonly writes: Array<{ name: string; value: number }> = [];
  /** Entries writes may create (e.g. those of interfaces created later); default: any. */
  constructor(private readonly creatable: (name: string) => boolean = () => true) {}

  async readInt(parts: readonly string[]): Promise<number | undefined> {
    return this.values.get(parts.join('.'));
  }

  async writeInt(parts: readonly string[], value: number): Promise<string | undefined> {
    const name = parts.join('.');
    if (!this.values.has(name) && !this.creatable(name)) return 'ENOENT';
    this.values.set(name, value);
    this.writes.push({ name, value });
    return undefined;
  }
}
