// Runs Debian's pcre2test (the PCRE2 library keepalived links) over many (pattern, options, subject, offset) cases
// in one process, the way keepalived calls it: JIT, PCRE2_PARTIAL_HARD, the url's regex_options as compile
// options, regex_min_offset as the start offset. Subjects are bytes (one char each, 0..255, no backslash).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGEX_OPTION_NAMES } from '../../src/check/checkers/http/pcre/options';

export interface OracleCase {
  pattern: string;
  options: readonly string[];
  subject: string;
  offset?: number;
}

export type OracleResult =
  | { kind: 'match'; index: number }
  | { kind: 'partial' }
  | { kind: 'nomatch' }
  | { kind: 'invalid'; message: string; offset: number }
  | { kind: 'other'; text: string };

export const havePcre2test = spawnSync('pcre2test', ['-C'], { stdio: 'ignore' }).status === 0;

const DELIMS = ['/', '!', '"', "'", '`', '%', '&', ',', '=', '@', ';', '~', '-'];

function subjectLine(c: OracleCase): string {
  const sub = ['ph', 'callout_none', ...(c.offset ? [`offset=${c.offset}`] : [])].join(',');
  return `    ${encodeSubject(c.subject)}\\=${sub}`;
}

function encodeSubject(s: string): string {
  return [...s].map((ch) => (/[A-Za-z0-9]/.test(ch) ? ch : `\\x{${ch.charCodeAt(0).toString(16)}}`)).join('');
}

/** Length of a pcre2test display string (non-printables shown as \xhh). */
function shownLength(text: string): number {
  return text.replace(/\\x[0-9a-f]{2}/g, '.').length;
}

export function runPcre2test(cases: readonly OracleCase[]): OracleResult[] {
  const blocks = cases.map((c) => {
    const d = DELIMS.find((x) => !c.pattern.includes(x));
    if (d === undefined) throw new Error(`no delimiter for ${c.pattern}`);
    // keepalived skips words it does not know; pcre2test would refuse them.
    const mods = ['jit', 'aftertext', ...c.options.filter((o) => REGEX_OPTION_NAMES.includes(o))].join(',');
    return `${d}${c.pattern}${d}${mods}\n${subjectLine(c)}\n`;
  });
  const dir = mkdtempSync(join(tmpdir(), 'pcre2test-'));
  try {
    const file = join(dir, 'in.txt');
    // Patterns are config text (UTF-8, as keepalived reads them); subjects are written as \x{hh} bytes.
    writeFileSync(file, blocks.join('\n'), 'utf8');
    const r = spawnSync('pcre2test', ['-q', file], { encoding: 'latin1', maxBuffer: 64 << 20 });
    if (r.status !== 0 && r.status !== 1) throw new Error(`pcre2test: ${r.stderr}`);
    const outBlocks = r.stdout.split('\n\n');
    return cases.map((c, i) => parseBlock(outBlocks[i] ?? '', c));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseBlock(block: string, c: OracleCase): OracleResult {
  const lines = block.split('\n').filter((l) => l !== '');
  const at = lines.indexOf(subjectLine(c));
  const failed = /^Failed: error \d+ at offset (\d+): (.*)$/.exec(lines[at - 1] ?? '');
  if (failed !== null) return { kind: 'invalid', message: failed[2], offset: Number(failed[1]) };
  const result = lines[at + 1] ?? '';
  if (result === 'No match') return { kind: 'nomatch' };
  if (result.startsWith('Partial match:')) return { kind: 'partial' };
  const m = /^ 0: (.*)$/.exec(result);
  const after = /^ 0\+ (.*)$/.exec(lines[at + 2] ?? '');
  if (m !== null && after !== null) return { kind: 'match', index: c.subject.length - shownLength(after[1]) - shownLength(m[1]) };
  return { kind: 'other', text: lines.slice(1).join(' | ') };
}
