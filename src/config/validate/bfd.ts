// keepalived's BFD validation under -t (bfd_validate_config) finds nothing the parser has not already reported:
// every bfd_instance check (neighbour, address families, duplicates, max_hops) runs when its block closes, in
// sections/bfd.ts, at the positions keepalived reports them.
import type { BuildContext } from '../parser/build-context';

export function validateBfd(_ctx: BuildContext): void {}
