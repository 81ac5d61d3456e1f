// `lb_kind`/`lvs_method`/`sorry_server_lvs_method NAT|DR|TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum]`, as
// keepalived's svr_forwarding_handler() reads it: the method is taken first, then the tunnel options; an option
// error leaves the new method in place with the previous tunnel settings.
import { ConfigErr } from '../../diagnostics';
import type { KeywordArgs } from '../../parser/keyword-args';
import { readUnsignedWord } from '../../values/read-number';
import type { ForwardingMethod, TunnelChecksum, TunnelType } from '../../model/virtual-server';

export type Method = ForwardingMethod['method'];

/** The forwarding settings of a server while parsing: the method may still be unset (keepalived's FWD_MASK). */
export interface ForwardingDraft {
  method: Method | undefined;
  type: TunnelType;
  port: number;
  checksum: TunnelChecksum;
}

export function unsetForwarding(): ForwardingDraft {
  return { method: undefined, type: 'ipip', port: 0, checksum: 'nocsum' };
}

/** Updates `fwd` from the keyword line; `server` names the server kind in messages (virtual, real, sorry). */
export function readForwarding(a: KeywordArgs, fwd: ForwardingDraft, server: string): void {
  const word = a.word(1);
  if (word !== 'NAT' && word !== 'DR' && word !== 'TUN') {
    a.error(ConfigErr.GeneralError, `PARSER : unknown [${word}] routing method for ${server} server.`);
    return;
  }
  fwd.method = word;
  let type: TunnelType = 'ipip';
  let port = 0;
  let checksum: TunnelChecksum = 'nocsum';
  for (let i = 2; i < a.count; i++) {
    const opt = a.word(i);
    if (opt === 'type') {
      if (!a.has(i + 1)) return a.error(ConfigErr.GeneralError, `Missing tunnel type for ${server} server.`);
      const t = a.word(++i);
      if (t !== 'ipip' && t !== 'gue' && t !== 'gre') {
        return a.error(ConfigErr.GeneralError, `Unknown tunnel type ${t} for ${server} server.`);
      }
      type = t;
    } else if (opt === 'port') {
      if (!a.has(i + 1)) return a.error(ConfigErr.GeneralError, `Missing port for ${server} server gue tunnel.`);
      const p = readUnsignedWord(a, a.word(++i), 1, 65535, false);
      if (p === undefined) return a.error(ConfigErr.GeneralError, `Invalid gue tunnel port ${a.word(i)} for ${server} server.`);
      port = p;
    } else if (opt === 'nocsum' || opt === 'csum' || opt === 'remcsum') checksum = opt;
    else return a.error(ConfigErr.GeneralError, `Invalid tunnel option ${opt} for ${server} server.`);
  }
  if ((type === 'gue') !== (port !== 0)) {
    return a.error(ConfigErr.GeneralError, 'gue tunnels require port, otherwise cannot have port.');
  }
  if (type === 'ipip' && checksum !== 'nocsum') {
    return a.error(ConfigErr.GeneralError, 'ipip tunnels do not support checksum option.');
  }
  if (type === 'gre' && checksum === 'remcsum') {
    return a.error(ConfigErr.GeneralError, 'gre tunnels do not support remote checksum option.');
  }
  fwd.type = type;
  fwd.port = port;
  fwd.checksum = checksum;
}

/** The model value, once a method is known. */
export function toForwardingMethod(fwd: ForwardingDraft): ForwardingMethod | undefined {
  return fwd.method === undefined ? undefined : { method: fwd.method, type: fwd.type, port: fwd.port, checksum: fwd.checksum };
}
