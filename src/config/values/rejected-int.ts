// keepalived's read_int() stores strtol()'s result, truncated to a C int, even when it rejects the word; some
// handlers use or print that value after the error.
import { strtol } from './c-numbers';

export function rejectedInt(word: string): number {
  return Number(BigInt.asIntN(32, BigInt(Math.trunc(strtol(word).value))));
}
