// Every checker block a real_server may hold, in keepalived's install_checkers_keyword() order.
import type { KeywordDef } from '../../parser/keyword-tree';
import { bfdCheckerKeyword } from './bfd';
import type { CheckerScope } from './common';
import { dnsCheckerKeyword } from './dns';
import { fileCheckerKeyword } from './file';
import { httpCheckerKeywords } from './http';
import { miscCheckerKeyword } from './misc';
import { smtpCheckerKeyword } from './smtp';
import { pingCheckerKeyword } from './ping';
import { tcpCheckerKeyword } from './tcp';
import { udpCheckerKeyword } from './udp';

export { checkerScope, type CheckerScope } from './common';

export function checkerKeywords(scope: CheckerScope): KeywordDef[] {
  return [
    miscCheckerKeyword(scope),
    smtpCheckerKeyword(scope),
    tcpCheckerKeyword(scope),
    pingCheckerKeyword(scope),
    udpCheckerKeyword(scope),
    ...httpCheckerKeywords(scope),
    dnsCheckerKeyword(scope),
    fileCheckerKeyword(scope),
    bfdCheckerKeyword(scope),
  ];
}
