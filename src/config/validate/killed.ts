// Where keepalived 2.2.7 itself crashes (SIGSEGV) on a configuration: an unnamed bfd_instance, a bare neighbor_ip,
// an unterminated quote in a script. We do not copy a crash: the load stops there with a clear error at the line,
// and `-t` reports "errors found" (5), which is what the input deserves.
import { ConfigAbort, ConfigErr } from '../diagnostics';
import type { KeywordArgs } from '../parser/keyword-args';

/** `-t`'s exit code for configuration errors. */
const EXIT_CONFIG_ERRORS = 5;

export class ConfigKilled extends ConfigAbort {
  constructor(message: string) {
    super(message, EXIT_CONFIG_ERRORS);
    this.name = 'ConfigKilled';
  }
}

/** Reports the line keepalived 2.2.7 crashes on and ends the load. */
export function crashesKeepalived(a: KeywordArgs, why: string): never {
  const msg = `${why} (keepalived 2.2.7 crashes on this line)`;
  a.error(ConfigErr.GeneralError, msg);
  throw new ConfigKilled(msg);
}
