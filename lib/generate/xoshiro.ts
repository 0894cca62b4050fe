/**
 * The generator's own seeded PRNG: xoshiro128** (Blackman & Vigna, 2018), 128-bit state seeded through
 * splitmix32. Kept private to lib/generate so the bytes a seed produces never change when another area's
 * random helpers change. See https://prng.di.unimi.it/xoshiro128starstar.c.
 */

// Math members as module constants: jest's vm context makes every global lookup in a hot loop slow.
const { PI, cos, imul, log, sqrt } = Math;

/** A xoshiro128** stream. Each call advances only this object's state; no global state. */
export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * Seeds the state from a 32-bit seed with splitmix32 (four outputs), so nearby seeds give unrelated streams.
   *
   * Complexity: O(1).
   * @param seed Any integer; reduced to unsigned 32 bits.
   * @example
   * new Xoshiro128(42).nextUint32(); // => 2837322924 (the same on every run and platform)
   */
  constructor(seed: number) {
    let state = seed >>> 0;
    const next = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /**
   * Next unsigned 32-bit integer.
   *
   * Complexity: O(1).
   * @example
   * new Xoshiro128(1).nextUint32(); // => 2442144158
   */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    const m = imul(s1, 5);
    const result = imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    this.s1 = s1 ^ n2;
    this.s0 = s0 ^ n3;
    this.s2 = n2 ^ t;
    this.s3 = (n3 << 11) | (n3 >>> 21);
    return result;
  }

  /**
   * Next double uniform in [0, 1) with 32 random bits (enough for sampling; never returns 1).
   *
   * Complexity: O(1).
   * @example
   * new Xoshiro128(7).uniform(); // => 0.23382771760225296 (in [0, 1))
   */
  uniform(): number {
    return this.nextUint32() * 2.3283064365386963e-10;
  }

  /**
   * Next double uniform in (0, 1]: safe for `log`.
   *
   * Complexity: O(1).
   * @example
   * new Xoshiro128(7).uniformPositive(); // => 0.2338277178350836 (in (0, 1]: its log is finite)
   */
  uniformPositive(): number {
    return (this.nextUint32() + 1) * 2.3283064365386963e-10;
  }

  /**
   * Standard normal draw (Box-Muller, one value per call).
   *
   * Complexity: O(1).
   * @example
   * new Xoshiro128(3).normal(); // => -0.5020466566101441
   */
  normal(): number {
    const u = this.uniformPositive();
    const v = this.uniform();
    return sqrt(-2 * log(u)) * cos(2 * PI * v);
  }
}
