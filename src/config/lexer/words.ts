// keepalived's alloc_strvec(): split a line into words at WHITE_SPACE; a word starting with '"' runs to the next '"'
// (no escapes) and loses its quotes; a '"' inside an unquoted word ends that word. Braces are ordinary characters
// here (the lexer has already put every unquoted brace on a line of its own).
import { ConfigErr, type Diagnostics, type Position } from '../diagnostics';
import { WHITE_SPACE, cspanOf, spanOf } from './c-string';

/**
 * The words of a line. An unmatched quote is reported ("Unmatched quote: '<line>'", ConfigErr.UnmatchedQuote) and
 * ends the split, keeping the words before it. Pass diags = null to split silently.
 */
export function splitWords(text: string, pos: Position | undefined, diags: Diagnostics | null): string[] {
  const words: string[] = [];
  let i = 0;
  for (;;) {
    i += spanOf(text, i, WHITE_SPACE);
    if (i >= text.length) break;
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) {
        diags?.error(ConfigErr.UnmatchedQuote, pos, `Unmatched quote: '${text}'`);
        break;
      }
      words.push(text.slice(i + 1, close));
      i = close + 1;
    } else {
      const n = cspanOf(text, i, WHITE_SPACE + '"');
      words.push(text.slice(i, i + n));
      i += n;
    }
  }
  return words;
}
