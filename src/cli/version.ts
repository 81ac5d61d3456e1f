// Version banner. The first line keeps keepalived's "Keepalived vX.Y.Z (date)" shape, which scripts parse, and
// names the keepalived release this one is a drop-in for.
import { release, version as kernelVersion } from 'node:os';
import { packageVersion } from '../core/package-root';

export const KEEPALIVED_COMPAT_VERSION = '2.2.7';
export const KEEPALIVED_COMPAT_DATE = '01/16,2022';

export function versionBanner(): string {
  return [
    `Keepalived v${KEEPALIVED_COMPAT_VERSION} (${KEEPALIVED_COMPAT_DATE}), keepalived-ts v${packageVersion()}`,
    '',
    `Running on Linux ${release()} ${kernelVersion()}`,
    `Node.js ${process.version}`,
    '',
  ].join('\n');
}
