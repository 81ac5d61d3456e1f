// Configurations keepalived 2.2.7 itself crashes on (a NULL or dangling pointer in its checker parser): its `-t`
// ends with SIGSEGV. We do not copy a crash: the parse stops with a clear error and `-t`'s "errors found" code.
import { ConfigAbort, ConfigErr, type Position } from '../../diagnostics';
import type { BuildContext } from '../../parser/build-context';

/** `-t`'s exit code for configuration errors, which is what a crash on bad input really reports. */
export const EXIT_KEEPALIVED_CRASH = 5;

export function crashLikeKeepalived(ctx: BuildContext, pos: Position | undefined, why: string): never {
  const msg = `${why} (keepalived 2.2.7 crashes on this configuration)`;
  ctx.diags.error(ConfigErr.GeneralError, pos, msg);
  throw new ConfigAbort(msg, EXIT_KEEPALIVED_CRASH);
}
