// `keepalived-ts` run straight from the TypeScript sources (tests and development, through a TypeScript loader);
// the published bin (bin/keepalived-ts.js) runs the same function from the compiled build.
import { keepalivedMain } from './keepalived';

process.exitCode = keepalivedMain(process.argv);
