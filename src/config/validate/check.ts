// keepalived's checker-side completion of a configuration, in its order: link virtual servers to their groups,
// validate_check_config() on each virtual server, then the checkers' inherited settings; the result becomes the
// model's virtualServers, and (as validate_check_config() ends) the security of the checker's scripts.
import type { BuildContext } from '../parser/build-context';
import { checkState } from '../sections/lvs/drafts';
import { applyCheckerDefaults } from './check/checker-defaults';
import { linkGroups } from './check/link-groups';
import { virtualServer } from './check/to-model';
import { validateVirtualServers } from './check/virtual-servers';
import { checkCheckerScriptSecurity } from './script-security';

export function validateCheck(ctx: BuildContext): void {
  const state = checkState(ctx);
  linkGroups(ctx, state);
  validateVirtualServers(ctx, state);
  applyCheckerDefaults(state);
  ctx.config.virtualServers = state.vs.map(virtualServer);
  checkCheckerScriptSecurity(ctx);
}
