// What the configuration reader says about an HTTP_GET url regex: PCRE2's refusal as keepalived logs it (and the
// url then has no regex), a valid pattern the translation cannot reproduce (kept, reported), and PCRE2-only syntax
// accepted silently. Escapes in the quoted string are keepalived's (\\ is one backslash).
import t from 'tap';
import { formatDiagnostic } from '../../src/config/diagnostics';
import { loadConfig } from '../../src/config/load';

function urls(regexLines: string[]): { regexes: Array<string | undefined>; lines: string[] } {
  const body = regexLines.map((r, i) => `      url {\n        path /${i}\n        ${r}\n      }`).join('\n');
  const text = `virtual_server 10.0.0.1 80 {\n  protocol TCP\n  real_server 10.0.0.2 80 {\n    HTTP_GET {\n${body}\n    }\n  }\n}\n`;
  const r = loadConfig('/nonexistent/keepalived.conf', { text });
  const checker = r.config.virtualServers[0].realServers[0].checkers[0];
  const found = checker.type === 'HTTP_GET' ? checker.url.map((u) => u.regex) : [];
  return { regexes: found, lines: r.diags.list.map(formatDiagnostic) };
}

t.test('regex diagnostics', async (t) => {
  const { regexes, lines } = urls([
    'regex "(?i)\\\\Aok++(?>x|y)\\\\z"',
    'regex "(?<=a+)b"',
    'regex "a\\\\Kb"',
    'regex "[[:alpha:]]+"\n        regex_options caseless bogus',
  ]);
  t.same(regexes, ['(?i)\\Aok++(?>x|y)\\z', undefined, 'a\\Kb', '[[:alpha:]]+']);
  t.ok(lines.some((l) => l.includes("Invalid regex: '(?<=a+)b' at offset 0: lookbehind assertion is not fixed length")), 'keepalived\'s line for a PCRE2 error');
  t.ok(lines.some((l) => l.includes("regex 'a\\Kb' uses \\K (resetting the match start), which keepalived-ts cannot reproduce exactly")), 'untranslatable: reported');
  t.equal(lines.filter((l) => /regex/i.test(l)).length, 2, 'nothing said about the valid ones');
});
