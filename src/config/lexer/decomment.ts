// keepalived's decomment(): drop leading blanks, a comment starting at an unquoted '#' or '!', the backslash of an
// unquoted '\#' / '\!', and trailing blanks. A trailing backslash (a $NAME= continuation) is kept, with the blanks
// before it removed. A double quote inside a comment no longer counts.
import { BLANKS, findAny, spanOf, trimEndBlanks } from './c-string';

export interface Decommented {
  readonly text: string;
  /** The line as keepalived quotes it in "Unterminated quote '%s'", when a double quote is left open. */
  readonly unterminatedQuote: string | null;
}

export function decomment(input: string): Decommented {
  let s = input.slice(spanOf(input, 0, BLANKS));
  let quote = false;
  let cont = false;
  let skip = -1;
  let p = 0;
  for (;;) {
    p = findAny(s, p, '!#"\\');
    if (p < 0) break;
    const c = s[p];
    if (c === '"') {
      if (skip < 0) quote = !quote;
      p++;
    } else if (c === '\\') {
      if (p + 1 >= s.length) {
        s = s.slice(0, p);
        cont = true;
        break;
      }
      if (!quote && (s[p + 1] === '#' || s[p + 1] === '!')) {
        s = s.slice(0, p) + s.slice(p + 1);
        p++;
      } else p += 2;
    } else {
      if (!quote && skip < 0) skip = p;
      p++;
    }
  }
  const unterminatedQuote = quote ? s : null;
  if (skip >= 0) s = s.slice(0, skip);
  s = trimEndBlanks(s);
  if (cont) s += '\\';
  return { text: s, unterminatedQuote };
}
