// Which process logs which configuration diagnostic, and in what order (src/config/parse-log.ts): the parent its own
// blocks (global_defs), each child its own blocks, both children a track_file, every process what is wrong whatever
// the block; the children add global_defs at a reload; every list follows the file from the top, though global_defs is
// read first. (The live comparison with keepalived is test/interop/config-diagnostics-per-process.test.ts.)
import t from 'tap';
import { formatDiagnostic } from '../../src/config/diagnostics';
import { loadConfig } from '../../src/config/load';
import { processParseLog, type ParsingProcess } from '../../src/config/parse-log';

const TEXT = `unknown_a
vrrp_script chk {
    script "/bin/true"
    bogus_script
}
global_defs {
    bogus_global
}
track_file tf {
    bogus_tf
}
virtual_server_group G {
    bogus_vsg
}
}
unknown_b
`;

const r = loadConfig('/k.conf', { text: TEXT, configTest: false });
// (Without the default script user's look-up, which depends on the host's users.)
const log = (p: ParsingProcess, reload: boolean): string[] =>
  processParseLog(r.diags, p, reload)
    .map((d) => (typeof d === 'string' ? d : formatDiagnostic(d).replace(/^\(\/k\.conf: /, '(')))
    .filter((l) => !l.startsWith('Script user'));

t.same(log('parent', false), [
  "(Line 1) Unknown keyword 'unknown_a'",
  "(Line 7) Unknown keyword 'bogus_global'",
  "(Line 15) Extra '}' found",
  "(Line 15) Unknown keyword '}'",
  "(Line 16) Unknown keyword 'unknown_b'",
], 'parent: global_defs and what every process reports');
t.same(log('parent', true), log('parent', false), 'parent: the same at a reload');

const trackFile = ["(Line 10) Unknown keyword 'bogus_tf'", '(Line 11) No file set for track_file tf - ignoring'];
const tail = ["(Line 15) Extra '}' found", "(Line 15) Unknown keyword '}'", "(Line 16) Unknown keyword 'unknown_b'"];
t.same(log('vrrp', false), [
  "(Line 1) Unknown keyword 'unknown_a'",
  "(Line 4) Unknown keyword 'bogus_script'",
  ...trackFile,
  ...tail,
], 'VRRP process at start-up: its blocks and track_file, not global_defs nor the checker blocks');
t.same(log('vrrp', true), [
  "(Line 1) Unknown keyword 'unknown_a'",
  "(Line 4) Unknown keyword 'bogus_script'",
  "(Line 7) Unknown keyword 'bogus_global'",
  ...trackFile,
  ...tail,
], 'VRRP process at a reload: global_defs too, in file order');
const vsg = ['(Line 13) Invalid virtual server group IP address bogus_vsg  - skipping', '(Line 14) virtual server group G has no entries - removing'];
t.same(log('check', false), ["(Line 1) Unknown keyword 'unknown_a'", ...trackFile, ...vsg, ...tail], 'checker process at start-up: its blocks and track_file');
t.same(log('check', true), ["(Line 1) Unknown keyword 'unknown_a'", "(Line 7) Unknown keyword 'bogus_global'", ...trackFile, ...vsg, ...tail], 'checker process at a reload: global_defs too');
