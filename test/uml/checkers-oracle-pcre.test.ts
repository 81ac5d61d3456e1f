// HTTP_GET `regex` written for PCRE2, side by side with keepalived 2.2.7's checker process inside user-mode Linux:
// possessive quantifiers, atomic groups, \A \Z \Q…\E \N, POSIX classes, inline options, regex_no_match, and the
// patterns keepalived's PCRE2_PARTIAL_HARD matching never lets match (an anchor or lookahead at the very end of the
// body: PCRE2 reports "partial", keepalived "Regex match failed"). Every url asks the same server
// (HTTP/1.0, body "hello world\n", 500 while down), so each real server's lines show what its regex made of it.
import t from 'tap';
import { runDownUp, sameLinesPerServer, umlAvailable } from '../helpers/uml-checker-oracle';

const REGEXES: ReadonlyArray<readonly [regex: string, extra: string]> = [
  ['(?i)HELLO\\s++WORLD', ''],
  ['(?>hel+)o\\b', ''],
  ['[[:alpha:]]++ [[:alpha:]]{5}\\n', ''],
  ['\\Qhello w\\E(?=orld)', ''],
  ['hello\\N*+\\n', ''],
  ['world$', ''],
  ['world\\Z', ''],
  ['world\\n(?!x)', ''],
  ['GOODBYE', 'regex_options caseless\n        regex_no_match'],
  // Before a newline (not at the end), a multiline $ needs no more text: this one matches.
  ['WORLD$', 'regex_options caseless multiline'],
];

const rsAddress = (i: number): string => `10.9.0.${21 + i}`;

const config = (): string => `
virtual_server 10.9.0.1 80 {
  delay_loop 2
  lb_algo rr
  lb_kind NAT
  protocol TCP
${REGEXES.map(
  ([regex, extra], i) => `  real_server ${rsAddress(i)} 80 {
    HTTP_GET {
      url {
        path /r${i}
        regex "${regex.replace(/\\/g, '\\\\')}"
        ${extra}
      }
      connect_ip 10.9.0.2
      connect_port 8090
      log_all_failures
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }`,
).join('\n')}
}
`;

t.test('PCRE2 regexes: keepalived-ts logs what keepalived logs', { skip: !umlAvailable() && 'needs user-mode Linux and keepalived' }, async (t) => {
  const outcome = await runDownUp(t, {
    servers: [{ kind: 'http', address: '10.9.0.2', port: 8090 }],
    config,
    loAddresses: ['10.9.0.1/32', '10.9.0.2/32'],
  });
  sameLinesPerServer(t, outcome, REGEXES.map((_r, i) => `[${rsAddress(i)}]:tcp:80`));
});
