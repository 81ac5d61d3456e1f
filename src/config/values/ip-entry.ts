// The words of one address/route/rule entry as keepalived's parsers walk them: `slot(i)` is strvec_slot() (a missing
// word ends the whole parse with exit 2, as keepalived exits), `error()` is report_config_error() at the entry's line.
import { ConfigAbort, ConfigErr } from '../diagnostics';
import type { BlockEntry } from '../parser/keyword-args';
import { EXIT_MISSING_PARAMETER } from '../parser/keyword-args';
import type { BuildContext } from '../parser/build-context';

export class EntryWords {
  constructor(
    readonly ctx: BuildContext,
    readonly entry: BlockEntry,
  ) {}

  get count(): number {
    return this.entry.words.length;
  }

  has(i: number): boolean {
    return i < this.entry.words.length;
  }

  /** The word at `i`, or the parse stops as keepalived's strvec_slot() stops it. */
  slot(i: number): string {
    const w = this.entry.words[i];
    if (w !== undefined) return w;
    const first = this.entry.words[0] ?? '';
    const prev = this.entry.words[i - 1];
    const msg =
      prev !== undefined && i > 0
        ? `*** Configuration line starting \`${first}\` is missing a parameter after keyword \`${prev}\` at word position ${i + 1}`
        : `*** Configuration line starting \`${first}\` is missing a parameter at word position ${i + 1}`;
    this.ctx.diags.error(ConfigErr.MissingParameter, this.entry.pos, msg, first);
    throw new ConfigAbort(msg, EXIT_MISSING_PARAMETER);
  }

  error(message: string, err: ConfigErr = ConfigErr.GeneralError): void {
    this.ctx.diags.error(err, this.entry.pos, message);
  }
}
