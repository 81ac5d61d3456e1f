// A read position over the lexer's lines, shared by the tree walker and the value-block readers (a handler such as
// virtual_ipaddress consumes the lines of its own block, as keepalived's alloc_value_block does).
import type { Position } from '../diagnostics';
import type { SourceLine } from '../source-line';

export class LineCursor {
  private index = 0;

  constructor(private readonly lines: readonly SourceLine[]) {}

  next(): SourceLine | undefined {
    return this.index < this.lines.length ? this.lines[this.index++] : undefined;
  }

  /** Where the last line handed out stood. */
  get lastPos(): Position | undefined {
    return this.index > 0 ? this.lines[this.index - 1]?.pos : undefined;
  }

  /** The index of the last line handed out (-1 before the first). */
  get lastIndex(): number {
    return this.index - 1;
  }

  peek(): SourceLine | undefined {
    return this.lines[this.index];
  }

  get done(): boolean {
    return this.index >= this.lines.length;
  }
}
