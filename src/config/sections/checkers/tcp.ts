// TCP_CHECK { common keywords }: connects and closes.
import type { KeywordDef } from '../../parser/keyword-tree';
import type { CheckerScope } from './common';
import { plainChecker } from './plain';

export function tcpCheckerKeyword(scope: CheckerScope): KeywordDef {
  return plainChecker(scope, 'TCP_CHECK');
}
