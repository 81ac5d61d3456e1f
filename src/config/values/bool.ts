// keepalived's check_true_false() and the common "keyword [BOOL]" form, where a bare keyword means true.
import { ConfigErr } from '../diagnostics';
import type { KeywordArgs } from '../parser/keyword-args';

/** true|on|yes → true, false|off|no → false, anything else undefined (keepalived's -1). */
export function checkTrueFalse(word: string): boolean | undefined {
  if (word === 'true' || word === 'on' || word === 'yes') return true;
  if (word === 'false' || word === 'off' || word === 'no') return false;
  return undefined;
}

/**
 * `keyword [BOOL]`: true without a value; an invalid value is reported with keepalived's usual wording
 * ("Invalid value 'x' for keyword") and leaves the setting as `fallback`.
 */
export function readOptionalBool(a: KeywordArgs, i: number, fallback: boolean, what = a.keyword): boolean {
  if (!a.has(i)) return true;
  const v = checkTrueFalse(a.word(i));
  if (v === undefined) {
    a.error(ConfigErr.GeneralError, `Invalid value '${a.word(i)}' for ${what}`);
    return fallback;
  }
  return v;
}
