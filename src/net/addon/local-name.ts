// The host's name as keepalived's get_local_name() finds it: the resolver's canonical name for uname's node name
// (getaddrinfo with AI_CANONNAME, which node:dns does not expose).
import { native } from './native';

/** The canonical name of this host, or undefined when its node name does not resolve. */
export function localName(): string | undefined {
  return native().localName() ?? undefined;
}
