// Parameter definitions ($NAME=VALUE) and how a use ($NAME / ${NAME} / ${NAME params}) is recognised, as keepalived's
// check_definition() / find_definition() / set_definition(). Predefined: _PWD, _INSTANCE, _RANDOM [MIN [MAX]],
// _HASH, _BANG (2.2.7 has no _ENV: ${_ENV X} stays as written).
import { BLANKS, isAlnum, isAlpha, isBlank, isDigit, spanOf, trimEndBlanks } from './c-string';

export type StdFunction = 'pwd' | 'instance' | 'random';

export interface Def {
  readonly name: string;
  value: string;
  /** A multi-line value: lines separated by '\n'. */
  multiline: boolean;
  /** Predefined definitions computed at each use; cleared when the name is redefined. */
  fn: StdFunction | null;
  /** How many numeric parameters ${NAME p1 p2} may take (2 for _RANDOM, kept even when redefined). */
  readonly maxParams: number;
}

/** A use of a definition found in a line. */
export interface DefUse {
  readonly def: Def;
  /** Index of the first and last parameter characters in the line, for ${NAME params}. */
  readonly params: { readonly start: number; readonly end: number } | null;
}

export class Definitions {
  private readonly byNameMap = new Map<string, Def>();

  constructor() {
    this.add('_PWD', '', 'pwd', 0);
    this.add('_INSTANCE', '', 'instance', 0);
    this.add('_RANDOM', '', 'random', 2);
    this.add('_HASH', '#', null, 0);
    this.add('_BANG', '!', null, 0);
  }

  private add(name: string, value: string, fn: StdFunction | null, maxParams: number): Def {
    const def: Def = { name, value, multiline: false, fn, maxParams };
    this.byNameMap.set(name, def);
    return def;
  }

  private byName(name: string): Def | undefined {
    return this.byNameMap.get(name);
  }

  /**
   * The definition used at buf[at] (just after a '$'), or null. A bare $NAME must be followed by blank, ',', ')' or
   * the end; ${NAME} may be followed by anything. A multi-line definition is only used at the very end of the line.
   */
  findUse(buf: string, at: number): DefUse | null {
    const braces = buf[at] === '{';
    const start = braces ? at + 1 : at;
    if (!isAlpha(buf[start]) && buf[start] !== '_') return null;
    let p = start + 1;
    while (p < buf.length && (isAlnum(buf[p]) || buf[p] === '_')) p++;
    const name = buf.slice(start, p);
    let params: DefUse['params'] = null;
    if (braces) {
      let ps = -1;
      let pe = -1;
      for (; p < buf.length && (buf[p] === ' ' || isDigit(buf[p])); p++) {
        if (buf[p] === ' ') continue;
        if (ps < 0) ps = p;
        pe = p;
      }
      if (ps >= 0 && pe + 1 !== p) return null; // parameters may not be followed by a space
      if (buf[p] !== '}') return null;
      if (ps >= 0) params = { start: ps, end: pe };
    } else if (p < buf.length && !isBlank(buf[p]) && buf[p] !== ',' && buf[p] !== ')') return null;
    const atEnd = braces ? start + name.length + 1 === buf.length : start + name.length === buf.length;
    const def = this.byName(name);
    if (!def || (def.multiline && !atEnd)) return null;
    if (params && !def.maxParams) return null;
    return { def, params };
  }

  /** set_definition(): give NAME a single-line value (the ~SEQ / ~LST variable), creating it if needed. */
  set(name: string, value: string): void {
    const def = this.byName(name);
    if (def) {
      def.value = value;
      def.fn = null;
    } else this.add(name, value, null, 0);
  }

  /**
   * check_definition(): a line "$NAME=VALUE" defines NAME (no blank before '='; blanks after '=' skipped). A value
   * ending in '\' starts a multi-line definition (its first line, if any, is kept with a '\n'). Returns the
   * definition, or null when the line is not a definition.
   */
  define(buf: string): Def | null {
    if (buf[0] !== '$' || !(isAlpha(buf[1]) || buf[1] === '_')) return null;
    let p = 2;
    for (; p < buf.length && buf[p] !== '='; p++) if (!isAlnum(buf[p]) && buf[p] !== '_') return null;
    if (buf[p] !== '=') return null;
    const name = buf.slice(1, p);
    const def = this.byName(name) ?? this.add(name, '', null, 0);
    def.fn = null;
    p++;
    let value = buf.slice(p + spanOf(buf, p, BLANKS));
    def.multiline = value.endsWith('\\');
    if (def.multiline) {
      value = trimEndBlanks(value.slice(0, -1));
      if (value !== '') value += '\n';
    }
    def.value = value;
    return def;
  }
}
