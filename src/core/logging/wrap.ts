// keepalived's wrapping of the "Command line:" message (also repeated in its crash banner). Measured on 2.2.7: the
// arguments are quoted with '…' and joined with single spaces; a line holds at most 102 characters; an argument
// that does not fit starts a new line indented to the width of the prefix; an argument longer than a whole line is
// cut into pieces that fill the lines.

export const COMMAND_LINE_WIDTH = 102;

/** Splits prefix + words into lines of at most width characters (continuations indented by prefix.length). */
export function wrapWords(prefix: string, words: readonly string[], width = COMMAND_LINE_WIDTH): string[] {
  const indent = ' '.repeat(prefix.length);
  const lines: string[] = [];
  let line = prefix;
  let empty = true; // nothing after the prefix / indent yet
  for (const word of words) {
    if (!empty && line.length + 1 + word.length <= width) {
      line += ` ${word}`;
      continue;
    }
    if (!empty) {
      lines.push(line);
      line = indent;
    }
    let rest = word;
    while (line.length + rest.length > width && line.length < width) {
      const take = width - line.length;
      lines.push(line + rest.slice(0, take));
      rest = rest.slice(take);
      line = indent;
    }
    line += rest;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** The lines of keepalived's "Command line: 'keepalived' '-n' …" message for argv (argv[0] first). */
export function commandLineLines(argv: readonly string[], prefix = 'Command line: '): string[] {
  return wrapWords(prefix, argv.map((a) => `'${a}'`));
}
