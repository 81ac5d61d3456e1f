// glibc's srandom()/random() (TYPE_3 additive feedback generator), so ${_RANDOM} gives keepalived's numbers for a
// given seed. keepalived seeds with random_seed when configured, else with time(NULL).
export class GlibcRandom {
  private r: Int32Array | null = null;
  private i = 0;

  constructor(private readonly seed: number) {}

  /** srandom(seed), done at the first use: most configurations never ask for a random number. */
  private init(): Int32Array {
    let word = this.seed >>> 0 || 1;
    const init = new Int32Array(344);
    init[0] = word | 0;
    word = init[0];
    for (let k = 1; k < 31; k++) {
      // 16807 * word % 2147483647 without overflow (Schrage), with C's truncating division
      const hi = Math.trunc(word / 127773);
      const lo = word % 127773;
      word = 16807 * lo - 2836 * hi;
      if (word < 0) word += 2147483647;
      init[k] = word;
    }
    for (let k = 31; k < 34; k++) init[k] = init[k - 31];
    for (let k = 34; k < 344; k++) init[k] = (init[k - 31] + init[k - 3]) | 0;
    this.r = init.slice(344 - 34);
    return this.r;
  }

  /** random(): 0 .. 2^31-1. */
  next(): number {
    const r = this.r ?? this.init();
    const k = this.i;
    const v = (r[(k + 34 - 31) % 34] + r[(k + 34 - 3) % 34]) | 0;
    r[k] = v;
    this.i = (k + 1) % 34;
    return v >>> 1;
  }
}
