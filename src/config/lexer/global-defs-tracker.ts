// `include_check` is a global_defs keyword, but it changes how later includes are read, and keepalived runs its
// handler between two reads. So the lexer follows the block structure just far enough to see an include_check line
// directly inside global_defs (a global_defs without its '{' is read as a block all the same, as keepalived does).
import { WHITE_SPACE, cspanOf, spanOf } from './c-string';
import { splitWords } from './words';

export class GlobalDefsTracker {
  private depth = 0;
  private inGlobalDefs = false;
  private lastTopKeyword: string | null = null;

  /** Feed each line in order; returns the words of an include_check line that keepalived would act on. */
  onLine(text: string): string[] | null {
    if (text === '{' || text === '}') {
      if (text === '}') this.depth = Math.max(0, this.depth - 1);
      else {
        if (this.depth === 0) this.inGlobalDefs = this.lastTopKeyword === 'global_defs';
        this.depth++;
      }
      this.lastTopKeyword = null;
      return null;
    }
    if (this.depth === 0 && this.lastTopKeyword === 'global_defs') {
      this.depth = 1;
      this.inGlobalDefs = true;
    }
    if (this.depth === 0) this.lastTopKeyword = firstWord(text);
    else if (this.depth === 1 && this.inGlobalDefs && firstWord(text) === 'include_check') {
      return splitWords(text, undefined, null);
    }
    return null;
  }
}

/** The first word as alloc_strvec() would give it, without splitting the whole line. */
function firstWord(text: string): string | null {
  const i = spanOf(text, 0, WHITE_SPACE);
  if (i >= text.length) return null;
  if (text[i] === '"') {
    const close = text.indexOf('"', i + 1);
    return close < 0 ? null : text.slice(i + 1, close);
  }
  return text.slice(i, i + cspanOf(text, i, WHITE_SPACE + '"'));
}
