// An in-memory ConfigFs for unit and fuzz tests: regular files with a mode, directories implied by file paths or
// added explicitly. No symlinks.
import * as path from 'node:path';
import type { ConfigFs, DirEntry, FsStat } from './config-fs';

export class MemoryFs implements ConfigFs {
  private readonly files = new Map<string, { data: Buffer; mode: number; readable: boolean }>();
  private readonly dirs = new Set<string>(['/']);

  /** Add a file (and its parent directories). mode defaults to 0o644. */
  addFile(p: string, content: string | Buffer, mode = 0o644, readable = true): this {
    const abs = path.resolve('/', p);
    this.files.set(abs, { data: typeof content === 'string' ? Buffer.from(content) : content, mode, readable });
    this.addDir(path.dirname(abs));
    return this;
  }

  addDir(p: string): this {
    for (let d = path.resolve('/', p); !this.dirs.has(d); d = path.dirname(d)) this.dirs.add(d);
    return this;
  }

  stat(p: string): FsStat | null {
    const f = this.files.get(p);
    if (f) return { isFile: true, isDirectory: false, mode: 0o100000 | f.mode };
    return this.dirs.has(p) ? { isFile: false, isDirectory: true, mode: 0o040755 } : null;
  }

  lstat(p: string): FsStat | null {
    return this.stat(p);
  }

  readdir(p: string): DirEntry[] | null {
    if (!this.dirs.has(p)) return null;
    const out: DirEntry[] = [];
    const inDir = (q: string): boolean => q !== p && path.dirname(q) === p;
    for (const d of this.dirs) if (inDir(d)) out.push({ name: path.basename(d), type: 'dir' });
    for (const f of this.files.keys()) if (inDir(f)) out.push({ name: path.basename(f), type: 'other' });
    return out;
  }

  readFile(p: string): Buffer | { readonly code: string } {
    const f = this.files.get(p);
    if (!f) return { code: this.dirs.has(p) ? 'EISDIR' : 'ENOENT' };
    return f.readable ? f.data : { code: 'EACCES' };
  }

  canRead(p: string): boolean {
    const f = this.files.get(p);
    return f ? f.readable : this.dirs.has(p);
  }

  realpath(p: string): string | null {
    return this.files.has(p) || this.dirs.has(p) ? p : null;
  }
}
