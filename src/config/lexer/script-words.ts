// keepalived's alloc_strvec_quoted_escaped(), used for script command lines: words split at unquoted WHITE_SPACE;
// '...' and "..." quote (and may be glued to other text in the same word); a backslash escapes inside and outside
// quotes: \a \b \E \f \n \r \t \v, \nnn (1-3 octal digits), \xXX... (any number of hex digits, low 8 bits kept),
// \cC (control character), and \C for any other C is C itself.
import { ConfigErr, type Diagnostics, type Position } from '../diagnostics';
import { WHITE_SPACE, findAny, isXDigit, spanOf } from './c-string';

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 7,
  b: 8,
  E: 0x1b,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 9,
  v: 0x0b,
};

/**
 * The argv of a script string. Like keepalived, an unterminated quote or a backslash at the very end makes the
 * whole string unusable: [] is returned (the unterminated quote is reported as keepalived does when diags is given:
 * "String '<s>': missing terminating <q>", ConfigErr.UnmatchedQuote). Escapes produce char codes 0-255.
 */
export function splitScriptWords(text: string, pos?: Position, diags?: Diagnostics): string[] {
  const words: string[] = [];
  let quote = '';
  let i = 0;
  while (i < text.length) {
    i += spanOf(text, i, WHITE_SPACE);
    if (i >= text.length) break;
    let word = '';
    while (i < text.length) {
      const stop = findAny(text, i, quote === '"' ? '"\\' : quote === "'" ? "'\\" : WHITE_SPACE + '\'"\\');
      if (stop < 0) {
        if (quote) {
          diags?.error(ConfigErr.UnmatchedQuote, pos, `String '${text}': missing terminating ${quote}`);
          return [];
        }
        word += text.slice(i);
        i = text.length;
        break;
      }
      word += text.slice(i, stop);
      i = stop;
      const c = text[i];
      if (c === '\\') {
        if (++i >= text.length) return []; // keepalived only logs "Missing escape char at end"
        const r = unescapeAt(text, i);
        word += String.fromCharCode(r.code);
        i = r.next;
      } else if (quote) {
        quote = ''; // the closing quote
        i++;
      } else if (c === '"' || c === "'") {
        quote = c;
        i++;
      } else break; // unquoted white space ends the word
    }
    words.push(word);
  }
  return words;
}

/** The escape whose letter is at text[i]; returns the byte and the index after the escape. */
function unescapeAt(text: string, i: number): { code: number; next: number } {
  const c = text[i];
  if (c === 'x' && isXDigit(text[i + 1])) {
    let v = 0;
    i++;
    while (isXDigit(text[i])) v = ((v << 4) | parseInt(text[i++], 16)) & 0xff;
    return { code: v, next: i };
  }
  if (c === 'c' && i + 1 < text.length) return { code: text.charCodeAt(i + 1) & 0x1f, next: i + 2 };
  if (c >= '0' && c <= '7') {
    let v = 0;
    let n = 0;
    while (n < 3 && text[i] >= '0' && text[i] <= '7') {
      v = v * 8 + (text.charCodeAt(i++) - 0x30);
      n++;
    }
    return { code: v & 0xff, next: i };
  }
  return { code: SIMPLE_ESCAPES[c] ?? text.charCodeAt(i), next: i + 1 };
}
