// The checker process's root keywords: SSL, virtual_server_group and virtual_server (with its real servers and
// their health checkers). Handlers build drafts (sections/lvs/drafts.ts) that validate/check.ts resolves into the
// model, as keepalived's parser fills check_data and validate_check_config() completes it.
import type { BuildContext } from '../parser/build-context';
import type { KeywordDef } from '../parser/keyword-tree';
import { sslKeyword } from './lvs/ssl';
import { virtualServerKeyword } from './lvs/virtual-server';
import { vsGroupKeyword } from './lvs/vs-group';

export function virtualServerKeywords(ctx: BuildContext): KeywordDef[] {
  return [sslKeyword(ctx), vsGroupKeyword(ctx), virtualServerKeyword(ctx)];
}
