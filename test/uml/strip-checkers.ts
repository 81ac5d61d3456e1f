// Removes every health-checker block (HTTP_GET { … }, MISC_CHECK { … }, …) from keepalived.conf text, so that
// keepalived and we both see every real server up and program the same table without any checks running.
// Brace counting ignores comments ('!' and '#' to the end of the line); a block whose '{' is on the next line is
// removed too.
const CHECKER = /^(HTTP_GET|SSL_GET|TCP_CHECK|SMTP_CHECK|MISC_CHECK|DNS_CHECK|UDP_CHECK|PING_CHECK|FILE_CHECK|BFD_CHECK)(\s|\{|$)/;

export function stripCheckers(text: string): string {
  const out: string[] = [];
  let depth = 0;
  let skipping = false;
  for (const line of text.split('\n')) {
    const code = line.replace(/[!#].*$/, '');
    const opens = (code.match(/\{/g) ?? []).length;
    const closes = (code.match(/\}/g) ?? []).length;
    if (skipping) {
      depth += opens - closes;
      if (depth <= 0 && (opens > 0 || closes > 0)) skipping = false;
      continue;
    }
    if (CHECKER.test(code.trim())) {
      depth = opens - closes;
      skipping = depth > 0 || opens === 0; // no '{' yet: it opens on a later line
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}
