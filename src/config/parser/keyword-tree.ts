// The keyword tree a configuration is parsed against, shaped as keepalived's install_keyword*() builds it: every
// level is a table of keywords; a keyword may open a sub-level (`name … {` … `}`) and may have a handler that runs
// on its own line and a close handler that runs at the sub-level's `}`.
import type { Position } from '../diagnostics';
import type { KeywordArgs } from './keyword-args';

export interface KeywordDef {
  readonly name: string;
  /** Runs for the keyword's line; value-block keywords read their block through `args`. */
  readonly handler?: (args: KeywordArgs) => void;
  /** The keywords of the sub-level this keyword opens; its lines go between `{` and `}`. */
  readonly sub?: KeywordTable;
  /** Runs when the sub-level closes (keepalived's sub_close_handler); `end` is where its `}` stood. */
  readonly close?: (end: Position | undefined) => void;
}

export type KeywordTable = ReadonlyMap<string, KeywordDef>;

/** Builds a table, with aliases: `['lb_algo', 'lvs_sched']` installs one definition under both names. */
export function keywordTable(defs: ReadonlyArray<KeywordDef & { readonly aliases?: readonly string[] }>): KeywordTable {
  const table = new Map<string, KeywordDef>();
  for (const def of defs) {
    if (table.has(def.name)) throw new Error(`keyword '${def.name}' installed twice`);
    table.set(def.name, def);
    for (const alias of def.aliases ?? []) {
      if (table.has(alias)) throw new Error(`keyword '${alias}' installed twice`);
      table.set(alias, def);
    }
  }
  return table;
}
