// read_value_block() with where it ended: keepalived reports an empty value block at its closing line.
import type { Position } from '../diagnostics';
import type { KeywordArgs } from '../parser/keyword-args';

export interface ValueBlock {
  readonly words: string[];
  /** The closing `}` (or the keyword line when the input ended first). */
  readonly end: Position;
}

export function readValueBlock(a: KeywordArgs): ValueBlock {
  const words: string[] = [];
  const end = a.readBlockLines((e) => {
    for (const w of e.words) words.push(w);
  });
  return { words, end: end ?? a.pos };
}
