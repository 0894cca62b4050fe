/**
 * BG/NBD ("beta-geometric / negative binomial") purchase model of Fader, Hardie & Lee (2005),
 * "Counting Your Customers the Easy Way", with lifetimes' formulas. http://brucehardie.com/papers/018/fader_et_al_mksc_05.pdf
 */
import { check } from '../errors';
import type { BgNbdModel, BgNbdParams } from './types';
import { minimize } from './optimize';
import { hyp2f1, lnGamma } from './special';

// Module-level aliases: global lookups are slow inside jest's vm context (hot loops below).
const { exp, log, max, pow } = Math;
const MAX = Number.MAX_VALUE;

/** frequency / recency / T columns (a {@link CustomerSummary} fits). */
export interface FrtColumns {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
}

function checkFrt(data: FrtColumns): number {
  const n = data.frequency.length;
  check(
    data.recency.length === n && data.T.length === n,
    'summary columns',
    [n, data.recency.length, data.T.length],
    'lengths differ',
  );
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i]!;
    const tx = data.recency[i]!;
    const T = data.T[i]!;
    if (!(Number.isInteger(x) && x >= 0)) check(false, `frequency at row ${i}`, x, 'non-negative integer');
    if (!(tx >= 0 && T >= tx && Number.isFinite(T)))
      check(false, `recency/T at row ${i}`, [tx, T], '0 <= recency <= T');
  }
  return n;
}

function logAddExp(a: number, b: number): number {
  const m = max(a, b);
  return m + log(exp(a - m) + exp(b - m));
}

/**
 * BG/NBD log-likelihood of one customer (closed form, only ln Γ needed):
 * ln L = A₁ + A₂ + ln(e^{A₃} + [x > 0] e^{A₄}) with A₁ = ln Γ(r+x) − ln Γ(r) + r ln α,
 * A₂ = ln Γ(a+b) + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x), A₃ = −(r+x) ln(α+T),
 * A₄ = ln a − ln(b+x−1) − (r+x) ln(α+tₓ). Summed over customers.
 *
 * Complexity: O(customers).
 * @param params r, α, a, b (all positive).
 * @param data frequency, recency, T.
 * @example
 * const rows = readFileSync('data/cdnow/cdnow_customers_summary.csv', 'utf8').trim().split('\n').slice(1);
 * const cols = rows.map((row) => row.split(',').map(Number));
 * const cdnow = { frequency: cols.map((c) => c[1]!), recency: cols.map((c) => c[2]!), T: cols.map((c) => c[3]!) };
 * bgNbdLogLikelihood({ r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 }, cdnow); // => -9582.4256 (CDNOW weekly summary)
 */
export function bgNbdLogLikelihood(params: BgNbdParams, data: FrtColumns): number {
  return compileBgNbdLogLikelihood(data)(params);
}

/**
 * The BG/NBD log-likelihood as a function of the parameters for fixed data, vectorised over customer groups:
 * customers with the same (x, tₓ, T) have the same likelihood term, so the logarithms are evaluated once per
 * distinct triple (daily summaries of a year have at most a few hundred thousand distinct triples however many
 * customers there are) and the ln Γ terms once per distinct frequency. The terms are then summed one per
 * customer in input order, so the value is bit-identical to the per-customer formula.
 */
function compileBgNbdLogLikelihood(data: FrtColumns): (params: BgNbdParams) => number {
  const n = data.frequency.length;
  const distinct = new Map<number, number>();
  // (x, tx, T) -> group; a nested map keyed by numbers (no string keys: 1M+ customers).
  const groupsOf = new Map<number, Map<number, Map<number, number>>>();
  const gx: number[] = [];
  const gxIndex: number[] = [];
  const gtx: number[] = [];
  const gT: number[] = [];
  const groupOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i]!;
    const tx = data.recency[i]!;
    const T = data.T[i]!;
    let k = distinct.get(x);
    if (k === undefined) distinct.set(x, (k = distinct.size));
    let byTx = groupsOf.get(x);
    if (byTx === undefined) groupsOf.set(x, (byTx = new Map()));
    let byT = byTx.get(tx);
    if (byT === undefined) byTx.set(tx, (byT = new Map()));
    const g = byT.get(T);
    if (g === undefined) {
      groupOf[i] = gx.length;
      byT.set(T, gx.length);
      gx.push(x);
      gxIndex.push(k);
      gtx.push(tx);
      gT.push(T);
    } else groupOf[i] = g;
  }
  const m = gx.length;
  const X = Float64Array.from(gx);
  const XI = Int32Array.from(gxIndex);
  const TX = Float64Array.from(gtx);
  const TT = Float64Array.from(gT);
  const xs = [...distinct.keys()];
  const lnTerms = new Float64Array(xs.length);
  const lnB = new Float64Array(xs.length);
  const llOfGroup = new Float64Array(m);
  return ({ r, alpha, a, b }) => {
    const base = lnGamma(a + b) - lnGamma(b) - lnGamma(r) + r * log(alpha);
    const lnA = log(a);
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k]!;
      lnTerms[k] = base + lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x);
      lnB[k] = x > 0 ? log(b + x - 1) : 0;
    }
    for (let g = 0; g < m; g++) {
      const x = X[g]!;
      const k = XI[g]!;
      const a3 = -(r + x) * log(alpha + TT[g]!);
      const ll = x > 0 ? logAddExp(a3, lnA - lnB[k]! - (r + x) * log(alpha + TX[g]!)) : a3;
      llOfGroup[g] = lnTerms[k]! + ll;
    }
    // Summed per customer in input order: the same floating-point sum as one term per customer.
    let total = 0;
    for (let i = 0; i < n; i++) total += llOfGroup[groupOf[i]!]!;
    return total;
  };
}

/** Options of {@link fitBgNbd}. */
export interface BgNbdFitOptions {
  /** Start values of r, α, a, b. Default all 1. */
  initial?: BgNbdParams;
  /** L2 penalty on the parameters (lifetimes' `penalizer_coef`: + coef × Σ params² per customer). Default 0. */
  penalizer?: number;
}

/**
 * Fits BG/NBD by maximum likelihood: minimises −ln L / n (+ penalizer × Σ params²) over the logs of
 * r, α, a, b with {@link minimize} (Nelder-Mead restarts + BFGS), each log-parameter kept in [−20, 20].
 * Deterministic.
 * On CDNOW (`cdnow_customers_summary.csv`, weeks) it gives r = 0.242593, α = 4.413532, a = 0.792886,
 * b = 2.425752 (Fader, Hardie & Lee 2005; lifetimes' Quickstart).
 *
 * Complexity: O(customers) once + O(distinct (x, tₓ, T) triples × evaluations) (a few thousand evaluations).
 * @param data frequency (repeat purchases), recency and T in the same time unit.
 * @param options See {@link BgNbdFitOptions}.
 * @throws DataError on bad columns (frequency not a non-negative integer, recency outside 0..T) or no customer.
 * @example
 * const rows = readFileSync('data/cdnow/cdnow_customers_summary.csv', 'utf8').trim().split('\n').slice(1);
 * const cols = rows.map((row) => row.split(',').map(Number));
 * const cdnow = { frequency: cols.map((c) => c[1]!), recency: cols.map((c) => c[2]!), T: cols.map((c) => c[3]!) };
 * const m = fitBgNbd(cdnow);
 * [m.r, m.alpha, m.a, m.b]; // => [0.2426, 4.414, 0.7929, 2.426] (as published)
 */
export function fitBgNbd(data: FrtColumns, { initial, penalizer = 0 }: BgNbdFitOptions = {}): BgNbdModel {
  const n = checkFrt(data);
  check(n > 0, 'customers', n, 'need at least one');
  check(penalizer >= 0, 'penalizer', penalizer);
  const start = initial ?? { r: 1, alpha: 1, a: 1, b: 1 };
  for (const [k, v] of Object.entries(start))
    check(v > 0 && Number.isFinite(v), `initial ${k}`, v, 'must be positive');
  const logLikelihood = compileBgNbdLogLikelihood(data);
  // Log-parameters are kept inside [-20, 20]: far outside, the likelihood's floating-point terms degenerate
  // (e.g. b -> 0 with x = 1) and could look better than the true optimum.
  const objective = (x: number[]) => {
    if (x.some((z) => !(z >= -20 && z <= 20))) return Infinity;
    const [r, alpha, a, b] = x.map(exp) as [number, number, number, number];
    const penalty = penalizer * (r * r + alpha * alpha + a * a + b * b);
    return -logLikelihood({ r, alpha, a, b }) / n + penalty;
  };
  const result = minimize(objective, [start.r, start.alpha, start.a, start.b].map(Math.log));
  const [r, alpha, a, b] = result.x.map(exp) as [number, number, number, number];
  return {
    kind: 'bgnbd',
    r,
    alpha,
    a,
    b,
    logLikelihood: logLikelihood({ r, alpha, a, b }),
    customers: n,
    iterations: result.iterations,
    converged: result.converged,
  };
}

/**
 * Expected purchases of a new customer in (0, t] (lifetimes `expected_number_of_purchases_up_to_time`):
 * E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b; a+b−1; t/(α+t))].
 *
 * Complexity: O(series terms).
 * @param params Fitted parameters (a ≠ 1).
 * @param t Time (same unit as the fit).
 * @throws DataError when t < 0.
 * @example
 * const cdnowParams = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 }; // CDNOW, weeks
 * bgNbdExpectedPurchases(cdnowParams, 78); // => 1.858 (lifetimes' test: 1.8576 with the unrounded fit)
 */
export function bgNbdExpectedPurchases({ r, alpha, a, b }: BgNbdParams, t: number): number {
  check(t >= 0 && Number.isFinite(t), 't', t, 'must be >= 0');
  if (t === 0) return 0;
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, z));
}

/**
 * Expected purchases in the next t periods of a customer with history (x, tₓ, T) (lifetimes
 * `conditional_expected_number_of_purchases_up_to_time`, eq. 10 of Fader, Hardie & Lee 2005):
 * [(a+b+x−1)/(a−1) · (1 − ((α+T)/(α+T+t))^{r+x} · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t)))] /
 * [1 + [x > 0] · a/(b+x−1) · ((α+T)/(α+tₓ))^{r+x}].
 *
 * Complexity: O(series terms).
 * @param params Fitted parameters.
 * @param t Horizon (same unit as the fit), >= 0.
 * @param x Repeat purchases.
 * @param tx Recency.
 * @param T Age.
 * @throws DataError when t < 0.
 * @example
 * const cdnowParams = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 }; // CDNOW, weeks
 * bgNbdConditionalExpectedPurchases(cdnowParams, 39, 2, 30.43, 38.86); // => 1.226 (lifetimes' test)
 */
export function bgNbdConditionalExpectedPurchases(
  { r, alpha, a, b }: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  check(t >= 0 && Number.isFinite(t), 't', t, 'must be >= 0');
  if (t === 0) return 0;
  const z = t / (alpha + T + t);
  const aa = r + x;
  const bb = b + x;
  const cc = a + b + x - 1;
  let lnHyp = log(hyp2f1(aa, bb, cc, z));
  if (!(lnHyp > -MAX && lnHyp < MAX))
    lnHyp = log(hyp2f1(cc - aa, cc - bb, cc, z)) + (cc - aa - bb) * log(1 - z);
  const first = (a + b + x - 1) / (a - 1);
  const second = 1 - exp(lnHyp + (r + x) * log((alpha + T) / (alpha + t + T)));
  const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * pow((alpha + T) / (alpha + tx), r + x) : 0);
  return (first * second) / denominator;
}

/**
 * Probability that a customer with history (x, tₓ, T) is still alive (lifetimes
 * `conditional_probability_alive`): 1 when x = 0, else 1 / (1 + a/(b+x−1) · ((α+T)/(α+tₓ))^{r+x}).
 *
 * Complexity: O(1).
 * @param params Fitted parameters.
 * @param x Repeat purchases.
 * @param tx Recency.
 * @param T Age.
 * @example
 * const cdnowParams = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 }; // CDNOW, weeks
 * bgNbdProbabilityAlive(cdnowParams, 0, 0, 30); // => 1 (no repeat purchase yet)
 * bgNbdProbabilityAlive(cdnowParams, 2, 30.43, 38.86); // => 0.7266
 */
export function bgNbdProbabilityAlive(
  { r, alpha, a, b }: BgNbdParams,
  x: number,
  tx: number,
  T: number,
): number {
  if (x === 0) return 1;
  const logDiv = (r + x) * log((alpha + T) / (alpha + tx)) + log(a / (b + x - 1));
  return 1 / (1 + exp(logDiv));
}
