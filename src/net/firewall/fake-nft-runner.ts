// In-memory NftRunner for unit tests: records every batch and answers listTables from what was added and deleted.
import type { NftRunner } from './nft-runner';

export class FakeNftRunner implements NftRunner {
  readonly batches: string[][] = [];
  readonly tables = new Set<string>();
  /** When set, apply() rejects with this message. */
  failWith: string | undefined;

  apply(lines: readonly string[]): Promise<void> {
    if (this.failWith) return Promise.reject(new Error(this.failWith));
    this.batches.push([...lines]);
    for (const l of lines) {
      const m = /^(add|delete) table (ip6?) (\S+)$/.exec(l);
      if (!m) continue;
      const key = `${m[2]} ${m[3]}`;
      if (m[1] === 'add') this.tables.add(key);
      else this.tables.delete(key);
    }
    return Promise.resolve();
  }

  listTables(): Promise<string[]> {
    return Promise.resolve([...this.tables]);
  }
}
