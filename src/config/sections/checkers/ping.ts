// PING_CHECK { common keywords }: an ICMP echo to the real server.
import type { KeywordDef } from '../../parser/keyword-tree';
import type { CheckerScope } from './common';
import { plainChecker } from './plain';

export function pingCheckerKeyword(scope: CheckerScope): KeywordDef {
  return plainChecker(scope, 'PING_CHECK');
}
