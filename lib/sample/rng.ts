/**
 * Seeded pseudo-random numbers without global state: {@link createRng} returns an independent generator
 * object (sfc32, seeded through splitmix32), and every random helper in ecomlab takes such an object or a seed.
 */
import { check } from '../errors';

/** A seeded generator. Each call advances only this object's own state. */
export interface Rng {
  /** Next 32-bit unsigned integer. */
  nextUint32(): number;
  /** Next double, uniform in [0, 1), with 53 random bits. */
  uniform(): number;
  /** Next integer, uniform in [0, n) (rejection sampling, no modulo bias). */
  int(n: number): number;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Creates a seeded generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state),
 * its state filled from the seed by splitmix32 and warmed up by 15 draws. Same seed, same sequence, on every
 * platform. See https://pracrand.sourceforge.net/RNG_engines.txt.
 *
 * Complexity: O(1) per draw.
 * @param seed Any finite number; it is reduced to an unsigned 32-bit integer.
 * @throws DataError `invalid seed` when the seed is not a finite number.
 * @example
 * const rng = createRng(42);
 * rng.uniform(); // => 0.1986696231894315 (always, for seed 42)
 */
export function createRng(seed: number): Rng {
  check(typeof seed === 'number' && Number.isFinite(seed), 'seed', seed, 'expected a finite number');
  const sm = splitmix32(Math.floor(Math.abs(seed)) + (seed < 0 ? 0x80000000 : 0));
  let a = sm();
  let b = sm();
  let c = sm();
  let d = sm();
  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 15; i++) nextUint32();
  const uniform = (): number => {
    const hi = nextUint32() >>> 5; // 27 bits
    const lo = nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  };
  const int = (n: number): number => {
    check(Number.isInteger(n) && n > 0 && n <= 0x100000000, 'n', n, 'expected an integer in 1..2^32');
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const x = nextUint32();
      if (x < limit) return x % n;
    }
  };
  return { nextUint32, uniform, int };
}

/** An {@link Rng} or a seed to create one from. */
export type RngOrSeed = Rng | number;

/**
 * Returns `source` when it is a generator, else a new generator seeded with it.
 *
 * Complexity: O(1).
 * @throws DataError `invalid seed` for a non-finite seed.
 * @example
 * toRng(42).uniform() === createRng(42).uniform(); // => true
 */
export function toRng(source: RngOrSeed): Rng {
  return typeof source === 'number' ? createRng(source) : source;
}

/**
 * Draws `n` doubles uniform in [0, 1).
 *
 * Complexity: O(n).
 * @param rng Generator or seed.
 * @param n How many values.
 * @throws DataError `invalid n` for a negative or fractional count.
 * @example
 * randomUniform(7, 3).length; // => 3
 */
export function randomUniform(rng: RngOrSeed, n: number): Float64Array {
  check(Number.isInteger(n) && n >= 0, 'n', n, 'expected a non-negative integer');
  const source = toRng(rng);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = source.uniform();
  return out;
}

/**
 * Returns a shuffled copy (Fisher–Yates, uniform over permutations); the input is not touched.
 *
 * Complexity: O(n).
 * @param values Values to shuffle.
 * @param rng Generator or seed.
 * @example
 * shuffle([1, 2, 3, 4], 1).sort(); // => [1, 2, 3, 4]
 */
export function shuffle<T>(values: readonly T[], rng: RngOrSeed): T[] {
  const source = toRng(rng);
  const out = values.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = source.int(i + 1);
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}
