/** Small sampling helpers of the generator: cumulative weights, inverse-CDF picks, primes, id order. */
const { ceil, floor, max } = Math;

/** Cumulative shares of `weights` (the last is exactly 1). */
export function cumulative(weights: number[]): Float64Array {
  const cdf = new Float64Array(weights.length);
  let total = 0;
  for (const w of weights) total += w;
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += (weights[i] as number) / total;
    cdf[i] = acc;
  }
  cdf[weights.length - 1] = 1;
  return cdf;
}

/** The shares back from a cumulative array. */
export function cumulativeToShares(cdf: Float64Array): Float64Array {
  const shares = new Float64Array(cdf.length);
  for (let i = 0; i < cdf.length; i++) shares[i] = (cdf[i] as number) - (i > 0 ? (cdf[i - 1] as number) : 0);
  return shares;
}

/** The first index whose cumulative share is above `u` (binary search). */
export function pick(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (u < (cdf[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** x³ (skews a uniform draw toward 0: popular items first). */
export function cube(x: number): number {
  return x * x * x;
}

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

/** The smallest prime >= n (the modulus of the id permutations). */
export function primeAtLeast(n: number): number {
  let p = max(2, ceil(n));
  while (!isPrime(p)) p++;
  return p;
}

/** Visits 1..max in lexicographic (string) order, like the real file's user grouping (1, 10, 100, ..., 2, 20 ...). */
export function* lexicographic(max: number): Generator<number> {
  let current = 1;
  for (let i = 0; i < max; i++) {
    yield current;
    if (current * 10 <= max) current *= 10;
    else {
      if (current >= max) current = floor(current / 10);
      current += 1;
      while (current % 10 === 0) current = floor(current / 10);
    }
  }
}
