/**
 * The BG/NBD likelihood evaluates its logarithms once per distinct (x, tx, T) triple; the value must equal the
 * per-customer closed form (written out here independently) on data with many repeated triples.
 */
import { bgNbdLogLikelihood } from '../../lib/ltv';
import { lnGamma } from '../../lib/ltv/special';
import { createRng } from '../../lib/sample/rng';

function perCustomer(
  { r, alpha, a, b }: { r: number; alpha: number; a: number; b: number },
  x: number[],
  tx: number[],
  T: number[],
): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const a1 = lnGamma(r + xi) - lnGamma(r) + r * Math.log(alpha);
    const a2 = lnGamma(a + b) + lnGamma(b + xi) - lnGamma(b) - lnGamma(a + b + xi);
    const a3 = -(r + xi) * Math.log(alpha + T[i]!);
    const a4 = xi > 0 ? Math.log(a) - Math.log(b + xi - 1) - (r + xi) * Math.log(alpha + tx[i]!) : -Infinity;
    const m = Math.max(a3, a4);
    total += a1 + a2 + m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
  }
  return total;
}

test('grouped likelihood = per-customer closed form (200,000 customers, few distinct triples)', () => {
  const rng = createRng(5);
  const n = 200_000;
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = 1 + rng.int(373);
    const f = rng.uniform() < 0.4 ? 0 : 1 + rng.int(20);
    x.push(f);
    tx.push(f === 0 ? 0 : rng.int(t + 1));
    T.push(t);
  }
  for (const params of [
    { r: 1, alpha: 1, a: 1, b: 1 },
    { r: 0.8, alpha: 60, a: 0.3, b: 6 },
    { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 },
  ]) {
    const want = perCustomer(params, x, tx, T);
    const got = bgNbdLogLikelihood(params, { frequency: x, recency: tx, T });
    expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(1e-12);
  }
});
