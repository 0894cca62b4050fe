import { linearShap, shapBeeswarm, shapImportance } from '../../lib/explain';
import { decisionFunction, fitLogistic } from '../../lib/model';
import fixture from '../fixtures/model/logistic_sklearn.json';

const data = fixture.datasets[0]!;
const X = data.X as number[][];
const y = data.y as number[];
const model = fitLogistic(X, y, { featureNames: ['a', 'b', 'c', 'd'] });
const background = X.slice(0, 60);
const explained = X.slice(100, 140);

/** Exact Shapley values by enumerating all coalitions with the interventional value function
 *  v(S) = mean over background rows b of f(x_S, b_not-S), f in log-odds. Independent of the linear formula. */
function bruteForceShapley(x: number[]): number[] {
  const d = x.length;
  const value = (mask: number): number => {
    const rows = background.map((b) => b.map((v, j) => ((mask >> j) & 1 ? x[j]! : v)));
    const f = decisionFunction(model, rows);
    return f.reduce((a, v) => a + v, 0) / f.length;
  };
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const phi = new Array<number>(d).fill(0);
  for (let j = 0; j < d; j++)
    for (let mask = 0; mask < 1 << d; mask++) {
      if ((mask >> j) & 1) continue;
      let size = 0;
      for (let t = mask; t; t >>= 1) size += t & 1;
      const weight = (fact(size) * fact(d - size - 1)) / fact(d);
      phi[j] = phi[j]! + weight * (value(mask | (1 << j)) - value(mask));
    }
  return phi;
}

describe('linearShap', () => {
  const shap = linearShap(model, explained, background);

  it('equals exact Shapley values from coalition enumeration', () => {
    for (let i = 0; i < 5; i++) {
      const brute = bruteForceShapley(explained[i]!);
      brute.forEach((v, j) => expect(shap.values[i]![j]).toBeCloseTo(v, 9));
    }
  });

  it('is efficient: Σ φ = f(x) − E f(background) to 1e-9', () => {
    const f = decisionFunction(model, explained);
    const fb = decisionFunction(model, background);
    const expected = fb.reduce((a, v) => a + v, 0) / fb.length;
    expect(shap.baseValue).toBeCloseTo(expected, 12);
    shap.values.forEach((phi, i) => {
      const sum = phi.reduce((a, v) => a + v, 0);
      expect(Math.abs(sum - (f[i]! - shap.baseValue))).toBeLessThan(1e-9);
    });
  });

  it('ranks features by mean |φ| (sorted, matching a direct computation)', () => {
    const imp = shapImportance(shap, model.coef);
    expect(imp.map((r) => r.meanAbs)).toEqual([...imp.map((r) => r.meanAbs)].sort((a, b) => b - a));
    for (const r of imp) {
      const j = model.featureNames.indexOf(r.feature);
      const direct = explained.reduce(
        (a, x) => a + Math.abs(model.coef[j]! * (x[j]! - shap.backgroundMean[j]!)),
        0,
      );
      expect(r.meanAbs).toBeCloseTo(direct / explained.length, 12);
      expect(r.coef).toBe(model.coef[j]);
    }
  });

  it('gives beeswarm points with the feature value and φ, in importance order', () => {
    const pts = shapBeeswarm(shap, explained);
    expect(pts.length).toBe(explained.length * 4);
    const order = shapImportance(shap).map((r) => r.feature);
    expect(pts[0]!.feature).toBe(order[0]);
    const p = pts[3]!;
    const j = model.featureNames.indexOf(p.feature);
    expect(p.value).toBe(explained[p.row]![j]);
    expect(p.phi).toBe(shap.values[p.row]![j]);
    expect(shapBeeswarm(shap, undefined, 2).length).toBe(8);
  });

  it('checks widths', () => {
    expect(() => linearShap(model, [[1, 2]], background)).toThrow(
      /invalid X: row 0 has 2 columns, expected 4/,
    );
    expect(() => linearShap(model, explained, [[1]])).toThrow(
      /invalid background: row 0 has 1 columns, expected 4/,
    );
  });
});
