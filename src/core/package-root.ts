// The project's root folder, found by walking up from this file, so the same code works from src/ (ts-node, tests)
// and from dist/src/ (the compiled bins).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'keepalived-ts') {
      root = dir;
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`keepalived-ts package.json not found above ${__dirname}`);
  }
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
