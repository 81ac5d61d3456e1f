// C's strtol/strtoul/strtod prefixes, as keepalived's number readers see a word: the parsed value and whether
// anything was left over (keepalived rejects leftovers). An empty word parses as 0 with nothing left, as in C.

const SPACE = /^[ \t\n\v\f\r]*/;

export interface CNumber {
  readonly value: number;
  /** Characters after the number (C's *endptr). */
  readonly rest: string;
  /** The value did not fit the C type (ERANGE). */
  readonly overflow: boolean;
}

/** strtol(…, 10) into a C long (64-bit). */
export function strtol(word: string): CNumber {
  const lead = (SPACE.exec(word) as RegExpExecArray)[0].length;
  const m = /^([+-]?)(\d+)/.exec(word.slice(lead));
  if (m === null) return { value: 0, rest: word, overflow: false };
  const big = BigInt(`${m[1]}${m[2]}`);
  const overflow = big > 0x7fffffffffffffffn || big < -0x8000000000000000n;
  return { value: Number(big), rest: word.slice(lead + m[0].length), overflow };
}

/** strtoul(…, base) into a C unsigned long (64-bit); the caller rejects a leading '-' first, as keepalived does. */
export function strtoul(word: string, base = 10): CNumber {
  const lead = (SPACE.exec(word) as RegExpExecArray)[0].length;
  const body = word.slice(lead);
  const digits = base === 16 ? /^([+-]?)(?:0[xX])?([0-9a-fA-F]+)/ : base === 8 ? /^([+-]?)([0-7]+)/ : /^([+-]?)(\d+)/;
  const m = digits.exec(body);
  if (m === null) return { value: 0, rest: word, overflow: false };
  const big = BigInt(base === 16 ? `0x${m[2]}` : base === 8 ? `0o${m[2]}` : (m[2] as string));
  return { value: Number(big), rest: body.slice(m[0].length), overflow: big > 0xffffffffffffffffn };
}

/** strtod(): decimal and hexadecimal floats, inf/infinity, nan. */
export function strtod(word: string): CNumber {
  const lead = (SPACE.exec(word) as RegExpExecArray)[0].length;
  const body = word.slice(lead);
  const special = /^([+-]?)(inf(?:inity)?|nan(?:\([0-9A-Za-z_]*\))?)/i.exec(body);
  if (special) {
    const sign = special[1] === '-' ? -1 : 1;
    const value = (special[2] as string).toLowerCase().startsWith('inf') ? sign * Infinity : NaN;
    return { value, rest: body.slice(special[0].length), overflow: false };
  }
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?/.exec(body);
  if (hex && ((hex[2] ?? '') + (hex[3] ?? '')).length > 0) {
    const int = hex[2] ?? '';
    const frac = hex[3] ?? '';
    let v = 0;
    for (const c of int + frac) v = v * 16 + parseInt(c, 16);
    v = v / 16 ** frac.length;
    v = v * 2 ** Number(hex[4] ?? 0) * (hex[1] === '-' ? -1 : 1);
    return { value: v, rest: body.slice(hex[0].length), overflow: !Number.isFinite(v) };
  }
  const dec = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(body);
  if (dec === null) return { value: 0, rest: word, overflow: false };
  const value = Number(dec[0]);
  const tiny = value !== 0 && Math.abs(value) < 2.2250738585072014e-308;
  return { value: tiny ? 0 : value, rest: body.slice(dec[0].length), overflow: !Number.isFinite(value) };
}
