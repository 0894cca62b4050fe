/**
 * The k-d tree neighbour search of SMOTE gives exactly the brute force's neighbours (same order, ties by lower
 * index) on data full of ties, and is not quadratic.
 */
import { kNearestNeighbors, kNearestNeighborsBrute } from '../../lib/sample';
import { createRng } from '../../lib/sample/rng';

function grid(n: number, d: number, levels: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.int(levels) / 2));
}

describe('kNearestNeighbors (k-d tree) equals the brute force', () => {
  test.each([
    [500, 2, 3, 1, 1],
    [2000, 3, 5, 5, 2],
    [1500, 12, 3, 5, 3],
    [1200, 12, 50, 7, 4],
    [300, 1, 2, 5, 5],
  ])('n=%p d=%p levels=%p k=%p (seed %p)', (n, d, levels, k, seed) => {
    const rows = grid(n, d, levels, seed);
    const tree = kNearestNeighbors(rows, k).map((r) => Array.from(r));
    const brute = kNearestNeighborsBrute(rows, k).map((r) => Array.from(r));
    expect(tree).toEqual(brute);
  });

  test('continuous data, all rows identical, and small inputs', () => {
    const rng = createRng(9);
    const rows = Array.from({ length: 3000 }, () => Array.from({ length: 12 }, () => rng.uniform() * 3 - 1));
    expect(kNearestNeighbors(rows, 5).map((r) => Array.from(r))).toEqual(
      kNearestNeighborsBrute(rows, 5).map((r) => Array.from(r)),
    );
    const same = Array.from({ length: 200 }, () => [1, 2, 3]);
    expect(kNearestNeighbors(same, 3).map((r) => Array.from(r))).toEqual(
      kNearestNeighborsBrute(same, 3).map((r) => Array.from(r)),
    );
    expect(kNearestNeighbors([[0], [1], [3]], 1).map((r) => Array.from(r))).toEqual([[1], [0], [1]]);
  });

  test('is not quadratic: distance evaluations grow about n log n on churn-like (correlated) rows', () => {
    const rng = createRng(11);
    // Churn-feature-like rows: 12 columns driven by 3 latent factors, a few of them integer-valued.
    const rows = (n: number): number[][] =>
      Array.from({ length: n }, () => {
        const z = [rng.uniform(), rng.uniform(), -Math.log(1 - rng.uniform())];
        return Array.from({ length: 12 }, (_, c) => {
          const v = z[c % 3]! * (1 + c / 4) + 0.05 * rng.uniform();
          return c < 4 ? Math.round(v * 4) : v;
        });
      });
    const small = rows(2_000);
    const big = rows(40_000);
    const a = { distances: 0 };
    const b = { distances: 0 };
    const nnSmall = kNearestNeighbors(small, 5, a);
    kNearestNeighbors(big, 5, b);
    expect(nnSmall.map((r) => Array.from(r))).toEqual(
      kNearestNeighborsBrute(small, 5).map((r) => Array.from(r)),
    );
    // Brute force computes n(n-1) distances: 20x the rows would cost 400x; the tree costs far less.
    expect(a.distances).toBeLessThan(0.2 * 2_000 * 1_999);
    expect(b.distances / a.distances).toBeLessThan(60);
    expect(b.distances).toBeLessThan(0.02 * 40_000 * 39_999);
  });
});
