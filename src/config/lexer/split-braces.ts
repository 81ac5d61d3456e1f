// The end of keepalived's read_line(): a line is cut at its first '{' or '}' outside double quotes so that the
// brace stands on a line of its own. The part after the cut is the "residue", read back as the next line (and so
// goes through @conditions, $NAME= and substitution again, and may itself be an include).
import { BLANKS, findAny, spanOf, trimEndBlanks } from './c-string';

export interface BraceSplit {
  readonly line: string;
  readonly residue: string | null;
}

export function splitAtBrace(buf: string): BraceSplit {
  let p = 0;
  if (buf[0] !== '{' && buf[0] !== '}') {
    for (;;) {
      const q = findAny(buf, p, '{}"');
      if (q < 0) return { line: trimEndBlanks(buf), residue: null };
      if (buf[q] !== '"') {
        p = q;
        break;
      }
      // An unmatched quote hides every brace after it.
      const close = buf.indexOf('"', q + 1);
      if (close < 0) return { line: trimEndBlanks(buf), residue: null };
      p = close + 1;
    }
  }
  if (p >= buf.length) return { line: trimEndBlanks(buf), residue: null };
  // A leading brace keeps the line; the rest, after blanks, is the residue. Otherwise the brace starts the residue.
  const cut = p === 0 ? spanOf(buf, 1, BLANKS) + 1 : p;
  if (cut >= buf.length) return { line: trimEndBlanks(buf), residue: null };
  return { line: trimEndBlanks(buf.slice(0, cut)), residue: trimEndBlanks(buf.slice(cut)) };
}
