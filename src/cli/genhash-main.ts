// `genhash-ts` run straight from the TypeScript sources (tests and development, through a TypeScript loader); the
// published bin (bin/genhash-ts.js) runs the same function from the compiled build.
import { genhashMain, settleExitCode } from './genhash';

process.exitCode = settleExitCode(genhashMain(process.argv));
