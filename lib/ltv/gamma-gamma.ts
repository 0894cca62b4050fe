/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves for Customer Base
 * Analysis"; lifetimes' GammaGammaFitter). http://www.brucehardie.com/notes/025/gamma_gamma.pdf
 */
import { check } from '../errors';
import type { GammaGammaModel, GammaGammaParams } from './types';
import { minimize } from './optimize';
import { lnGamma } from './special';

// Module-level aliases: global lookups are slow inside jest's vm context (hot loops below).
const { log } = Math;

/**
 * Gamma-Gamma log-likelihood of returning customers (x > 0, mean spend m > 0), summed:
 * ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m + px ln x − (px+q) ln(xm+v).
 *
 * Complexity: O(customers).
 * @param params p, q, v.
 * @param frequency Repeat purchases x (> 0).
 * @param monetaryValue Mean spend m of the repeat purchases (> 0).
 * @example
 * gammaGammaLogLikelihood({ p: 6.25, q: 3.74, v: 15.44 }, [2, 1], [22.35, 11.77]); // => -7.289
 */
export function gammaGammaLogLikelihood(
  { p, q, v }: GammaGammaParams,
  frequency: ArrayLike<number>,
  monetaryValue: ArrayLike<number>,
): number {
  let total = 0;
  const base = -lnGamma(q) + q * log(v);
  let lastX = NaN;
  let lnTerm = 0;
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i]!;
    const m = monetaryValue[i]!;
    const px = p * x;
    // Frequencies repeat a lot: reuse the ln Γ terms while x is unchanged (sorted input makes this O(distinct x)).
    if (x !== lastX) {
      lnTerm = lnGamma(px + q) - lnGamma(px) + px * log(x);
      lastX = x;
    }
    total += base + lnTerm + (px - 1) * log(m) - (px + q) * log(x * m + v);
  }
  return total;
}

/** Options of {@link fitGammaGamma}. */
export interface GammaGammaFitOptions {
  /** Start values. Default p = q = v = 1. */
  initial?: GammaGammaParams;
  /** L2 penalty (lifetimes' `penalizer_coef`). Default 0. */
  penalizer?: number;
}

/**
 * Fits Gamma-Gamma by maximum likelihood on the returning customers (frequency > 0) only: customers with
 * frequency 0 are skipped, as lifetimes' users are told to do. Minimises −ln L / n over log p, log q, log v.
 * On CDNOW's `cdnow_customers_summary_with_transactions.csv` (x, zbar; 946 returning customers) it gives
 * p = 6.25, q = 3.74, v = 15.44.
 *
 * Complexity: O(customers × evaluations).
 * @param frequency Repeat purchases per customer.
 * @param monetaryValue Mean spend of the repeat purchases.
 * @param options See {@link GammaGammaFitOptions}.
 * @throws DataError on length mismatch, a returning customer with monetary value <= 0, or none returning.
 * @example
 * const rows = readFileSync('data/cdnow/cdnow_customers_summary_with_transactions.csv', 'utf8').trim().split('\n');
 * const cols = rows.slice(1).map((row) => row.split(',').map(Number)); // ID, x, t_x, T, zbar
 * const gg = fitGammaGamma(cols.map((c) => c[1]!), cols.map((c) => c[4]!));
 * [gg.p, gg.q, gg.v]; // => [6.249, 3.745, 15.45] (lifetimes prints 6.25, 3.74, 15.45)
 */
export function fitGammaGamma(
  frequency: ArrayLike<number>,
  monetaryValue: ArrayLike<number>,
  { initial, penalizer = 0 }: GammaGammaFitOptions = {},
): GammaGammaModel {
  check(
    frequency.length === monetaryValue.length,
    'column lengths',
    [frequency.length, monetaryValue.length],
    'differ',
  );
  const xs: number[] = [];
  const ms: number[] = [];
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i]!;
    if (!(x > 0)) continue;
    const m = monetaryValue[i]!;
    if (!(m > 0 && Number.isFinite(m)))
      check(false, `monetaryValue at row ${i}`, m, 'must be > 0 for a returning customer');
    xs.push(x);
    ms.push(m);
  }
  // Sort by frequency so the likelihood reuses its ln Γ terms (the sum is order-independent up to rounding).
  const order = xs.map((_, i) => i).sort((i, j) => xs[i]! - xs[j]! || i - j);
  const xsSorted = order.map((i) => xs[i]!);
  const msSorted = order.map((i) => ms[i]!);
  const n = xs.length;
  check(n > 0, 'returning customers', n, 'need at least one customer with frequency > 0');
  const start = initial ?? { p: 1, q: 1, v: 1 };
  const objective = (z: number[]) => {
    if (z.some((w) => !(w >= -20 && w <= 20))) return Infinity; // log-parameters kept in [-20, 20]
    const [p, q, v] = z.map(Math.exp) as [number, number, number];
    return (
      -gammaGammaLogLikelihood({ p, q, v }, xsSorted, msSorted) / n + penalizer * (p * p + q * q + v * v)
    );
  };
  const result = minimize(objective, [start.p, start.q, start.v].map(Math.log));
  const [p, q, v] = result.x.map(Math.exp) as [number, number, number];
  return {
    kind: 'gammaGamma',
    p,
    q,
    v,
    logLikelihood: gammaGammaLogLikelihood({ p, q, v }, xsSorted, msSorted),
    customers: n,
    iterations: result.iterations,
    converged: result.converged,
  };
}

/**
 * Expected mean spend per transaction of a customer (lifetimes `conditional_expected_average_profit`):
 * w·m + (1 − w)·v·p/(q − 1) with w = p·x / (p·x + q − 1). For x = 0 this is the population mean v·p/(q−1).
 *
 * Complexity: O(1).
 * @param params p, q (> 1), v.
 * @param frequency x.
 * @param monetaryValue m (ignored when x = 0).
 * @throws DataError when q <= 1 (the population mean does not exist).
 * @example
 * gammaGammaExpectedAverageProfit({ p: 6.25, q: 3.74, v: 15.44 }, 0, 0); // => 35.22 (v·p/(q−1))
 */
export function gammaGammaExpectedAverageProfit(
  { p, q, v }: GammaGammaParams,
  frequency: number,
  monetaryValue: number,
): number {
  check(q > 1, 'q', q, 'must be > 1 for a finite mean spend');
  const weight = (p * frequency) / (p * frequency + q - 1);
  const population = (v * p) / (q - 1);
  return frequency > 0 ? (1 - weight) * population + weight * monetaryValue : population;
}
