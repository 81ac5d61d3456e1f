// A quarter of the loader fuzz (10⁵ configurations over the four files): see test/helpers/config-fuzz.ts.
import t from 'tap';
import { fuzzLoader } from '../helpers/config-fuzz';

t.test('25000 random and mutated configurations', async (t) => {
  const { escaped, unplaced, firstProblem } = fuzzLoader(0x6b656570 + 4, 25_000);
  t.equal(escaped, 0, 'no exception escapes the loader', { firstProblem });
  t.equal(unplaced, 0, 'every error found while reading names a position', { firstProblem });
});
