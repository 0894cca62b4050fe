import { kNearestNeighbors, smote } from '../../lib/sample';
import fixture from '../fixtures/model/smote_imblearn.json';

const X = fixture.X as number[][];
const y = fixture.y as number[];
const minorityIndex = fixture.minorityIndex as number[];
const minorityRows = minorityIndex.map((i) => X[i]!);

/** Independent brute-force k nearest (by sorting all distances). */
function bruteNearest(rows: number[][], i: number, k: number): number[] {
  return rows
    .map((r, j) => ({ j, d: r.reduce((s, v, c) => s + (v - rows[i]![c]!) ** 2, 0) }))
    .filter((e) => e.j !== i)
    .sort((a, b) => a.d - b.d || a.j - b.j)
    .slice(0, k)
    .map((e) => e.j);
}

/** Whether `s` lies on the segment a→b: s = a + u(b − a) with 0 ≤ u < 1, collinear to 1e-9. */
function onSegment(s: ArrayLike<number>, a: number[], b: number[]): boolean {
  const dir = a.map((v, c) => b[c]! - v);
  const len2 = dir.reduce((t, v) => t + v * v, 0);
  if (len2 === 0) return a.every((v, c) => Math.abs(s[c]! - v) < 1e-12);
  const u = dir.reduce((t, v, c) => t + v * (s[c]! - a[c]!), 0) / len2;
  if (u < -1e-12 || u >= 1) return false;
  return a.every((v, c) => Math.abs(v + u * dir[c]! - s[c]!) < 1e-9);
}

/** Some minority row a and one of its k nearest minority neighbours b with s on segment a→b. */
function liesOnSomeSegment(s: ArrayLike<number>, neighbors: number[][]): boolean {
  return minorityRows.some((a, i) => neighbors[i]!.some((j) => onSegment(s, a, minorityRows[j]!)));
}

describe('smote', () => {
  const bruteNeighbors = minorityRows.map((_, i) => bruteNearest(minorityRows, i, 5));

  it('finds the same k nearest minority neighbours as sklearn NearestNeighbors', () => {
    const nn = kNearestNeighbors(minorityRows, 5).map((r) => Array.from(r));
    expect(nn).toEqual(fixture.neighbors);
    expect(nn).toEqual(bruteNeighbors);
  });

  it.each(fixture.strategies.map((s) => [s.samplingStrategy, s.generated] as const))(
    'generates exactly as many rows as imbalanced-learn for samplingStrategy %p (%p)',
    (strategy, generated) => {
      const out = smote(X, y, { samplingStrategy: strategy as 'auto' | number, seed: 3 });
      expect(out.nGenerated).toBe(generated);
      expect(out.X.length).toBe(X.length + generated);
      expect(out.y.slice(X.length).every((v) => v === 1)).toBe(true);
      expect(out.y.slice(0, X.length)).toEqual(y);
    },
  );

  it('puts every synthetic row on a segment from a minority row to one of its 5 nearest minority neighbours', () => {
    const out = smote(X, y, { seed: 123 });
    expect(out.nGenerated).toBe(330);
    for (let s = 0; s < out.nGenerated; s++) {
      const row = out.X[X.length + s]!;
      // The recorded provenance is checked against geometry computed here, not trusted.
      const base = out.synthetic.base[s]!;
      const nb = out.synthetic.neighbor[s]!;
      const localBase = minorityIndex.indexOf(base);
      expect(localBase).toBeGreaterThanOrEqual(0);
      expect(bruteNeighbors[localBase]).toContain(minorityIndex.indexOf(nb));
      expect(onSegment(row, X[base]!, X[nb]!)).toBe(true);
      const u = out.synthetic.step[s]!;
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
    // And without provenance: every row can be explained by some minority segment.
    for (let s = 0; s < 40; s++) expect(liesOnSomeSegment(out.X[X.length + s]!, bruteNeighbors)).toBe(true);
  });

  it("accepts imbalanced-learn's own synthetic rows under the same geometric rule (same semantics)", () => {
    const auto = fixture.strategies.find((s) => s.samplingStrategy === 'auto')!;
    for (const row of auto.synthetic!) expect(liesOnSomeSegment(row, bruteNeighbors)).toBe(true);
  });

  it("matches imbalanced-learn's synthetic distribution (means within 4 standard errors, stds within 20%)", () => {
    const auto = fixture.strategies.find((s) => s.samplingStrategy === 'auto')!;
    const out = smote(X, y, { seed: 2024 });
    const synth = out.X.slice(X.length);
    const n = synth.length;
    for (let c = 0; c < 3; c++) {
      const vals = synth.map((r) => r[c]!);
      const mean = vals.reduce((a, b) => a + b, 0) / n;
      const std = Math.sqrt(vals.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
      const se = Math.sqrt(std ** 2 / n + auto.std![c]! ** 2 / n);
      expect(Math.abs(mean - auto.mean![c]!)).toBeLessThan(4 * se);
      expect(std / auto.std![c]!).toBeGreaterThan(0.8);
      expect(std / auto.std![c]!).toBeLessThan(1.2);
    }
  });

  it('is deterministic for a seed and does not mutate its input', () => {
    const frozen = Object.freeze(X.map((r) => Object.freeze([...r]))) as unknown as number[][];
    const a = smote(frozen, Object.freeze([...y]), { seed: 5 });
    const b = smote(X, y, { seed: 5 });
    expect(a.X.map((r) => Array.from(r))).toEqual(b.X.map((r) => Array.from(r)));
    expect(smote(X, y, { seed: 6 }).X[X.length]).not.toEqual(a.X[X.length]);
  });

  it('balances class 0 when it is the minority', () => {
    const flipped = y.map((v) => 1 - v);
    const out = smote(X, flipped, { seed: 1 });
    expect(out.minorityClass).toBe(0);
    expect(out.y.filter((v) => v === 0).length).toBe(400);
  });

  it('rejects bad arguments with clear messages', () => {
    expect(() => smote(X, y, { samplingStrategy: 0.175 })).toThrow(
      /invalid samplingStrategy: 0.175 \(would generate 0 rows/,
    );
    expect(() => smote(X, y, { k: 0 })).toThrow(/invalid k: 0/);
    expect(() => smote([[0], [1], [2], [5], [6]], [1, 1, 0, 0, 0], { k: 2 })).toThrow(
      /invalid k: 2 \(needs at least 3 minority rows, got 2\)/,
    );
    expect(() => smote([[0, 1], [1]], [0, 1])).toThrow(/invalid X: row 1 has 1 columns, expected 2/);
    expect(() => smote([[0], [1]], [0, 1, 1])).toThrow(/invalid y: has 3 labels, expected 2/);
  });
});
