// Measures of a parsed pattern: the fixed length of a lookbehind branch (PCRE2 10.42 requires one), the
// shortest match, whether it has a lookbehind, and whether a group tries the empty string last.
import type { Node } from './ast';

/** The length a lookbehind branch always matches, or undefined when it can vary. */
export function fixedLength(n: Node): number | undefined {
  switch (n.t) {
    case 'set':
      return 1;
    case 'assert':
    case 'look':
    case 'fail':
      return 0;
    case 'seq': {
      let total = 0;
      for (const i of n.items) {
        const l = fixedLength(i);
        if (l === undefined) return undefined;
        total += l;
      }
      return total;
    }
    case 'alt': {
      const lens = n.alts.map(fixedLength);
      return lens.every((l) => l !== undefined && l === lens[0]) ? lens[0] : undefined;
    }
    case 'group':
      return fixedLength(n.body);
    case 'repeat': {
      if (n.min !== n.max) return undefined;
      const l = fixedLength(n.body);
      return l === undefined ? undefined : l * n.min;
    }
    default:
      return undefined;
  }
}

/**
 * Whether, in backtracking order, the node tries matching the empty string only after everything else. PCRE2
 * ends a repeat at an iteration that matched nothing, where JavaScript rejects that iteration and backtracks into
 * it: the two agree only when the empty way comes last.
 */
export function emptyComesLast(n: Node): boolean {
  switch (n.t) {
    case 'seq':
      return n.items.every(emptyComesLast);
    case 'alt':
      return n.alts.every((a, i) => emptyComesLast(a) && (i === n.alts.length - 1 || minLength(a) > 0));
    case 'group':
    case 'look':
      return emptyComesLast(n.body);
    case 'repeat':
      if (n.mode === 'lazy' && n.min === 0 && n.max > 0) return false;
      return emptyComesLast(n.body);
    default:
      return true;
  }
}

/** The shortest subject the pattern can match (0: it can match the empty string). */
export function minLength(n: Node): number {
  switch (n.t) {
    case 'set':
    case 'newline':
      return 1;
    case 'seq':
      return n.items.reduce((a, i) => a + minLength(i), 0);
    case 'alt':
      return Math.min(...n.alts.map(minLength));
    case 'group':
      return minLength(n.body);
    case 'repeat':
      return n.min === 0 ? 0 : n.min * minLength(n.body);
    case 'fail':
      return Infinity;
    default:
      return 0;
  }
}

export function hasLookbehind(n: Node): boolean {
  switch (n.t) {
    case 'seq':
      return n.items.some(hasLookbehind);
    case 'alt':
      return n.alts.some(hasLookbehind);
    case 'group':
    case 'repeat':
      return hasLookbehind(n.body);
    case 'look':
      return n.behind || hasLookbehind(n.body);
    default:
      return false;
  }
}
