// `include_check` is a global_defs keyword, but it changes how later includes are read, and keepalived runs its
// handler between two reads. So the lexer follows the block structure just far enough to see an include_check line
// directly inside global_defs (a global_defs without its '{' is read as a block all the same, as keepalived does).
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
    const words = splitWords(text, undefined, null);
    if (this.depth === 0 && this.lastTopKeyword === 'global_defs') {
      this.depth = 1;
      this.inGlobalDefs = true;
    }
    this.lastTopKeyword = this.depth === 0 ? (words[0] ?? null) : null;
    return this.depth === 1 && this.inGlobalDefs && words[0] === 'include_check' ? words : null;
  }
}
