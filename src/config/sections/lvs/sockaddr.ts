// keepalived's inet_stosockaddr() with a port word: the port is read first (reported as read_unsigned() reports
// it), then the address; undefined when either is refused.
import type { KeywordArgs } from '../../parser/keyword-args';
import { readUnsignedWord } from '../../values/read-number';
import { parseHostPart, type SockAddr } from './inet-address';

export function inetStoSockaddr(a: KeywordArgs, text: string, port: string | undefined): SockAddr | undefined {
  let portNum = 0;
  if (port !== undefined) {
    const p = readUnsignedWord(a, port, 1, 65535, true);
    if (p === undefined) return undefined;
    portNum = p;
  }
  const host = parseHostPart(text);
  return host && { ...host, port: portNum };
}
