// The shapes most global_defs keywords share: a bare flag, and `keyword [BOOL]` in keepalived's two wordings for a
// bad value ("Invalid value 'x' for global KEYWORD specified" and "Invalid value for KEYWORD specified").
import { ConfigErr } from '../../diagnostics';
import type { KeywordDef } from '../../parser/keyword-tree';
import { checkTrueFalse } from '../../values/bool';

/** A keyword definition for keywordTable(), which may carry aliases. */
export type KeywordSpec = KeywordDef & { readonly aliases?: readonly string[] };

/** A keyword that only switches something on; anything after it is ignored. */
export function flag(name: string, set: () => void): KeywordDef {
  return { name, handler: () => set() };
}

/** `keyword [BOOL]`; a bad value is reported and leaves the setting alone. */
export function optionalBool(name: string, set: (v: boolean) => void, wording: 'global' | 'plain' = 'global', label = name): KeywordDef {
  return {
    name,
    handler: (a) => {
      if (!a.has(1)) return set(true);
      const v = checkTrueFalse(a.word(1));
      if (v !== undefined) return set(v);
      a.error(
        ConfigErr.GeneralError,
        wording === 'global' ? `Invalid value '${a.word(1)}' for global ${label} specified` : `Invalid value for ${label} specified`,
      );
    },
  };
}
