import { Matrix } from 'ml-matrix';
import { decisionFunction, fitLogistic, loadLogistic, logLossFromLogit, predictProba } from '../../lib/model';
import fixture from '../fixtures/model/logistic_sklearn.json';

// ml-logistic-regression ships no type declarations; only what the test uses is typed here.
const LogisticRegression = require('ml-logistic-regression') as new (options: {
  numSteps: number;
  learningRate: number;
}) => { train(X: Matrix, y: Matrix): void; classifiers: { weights: Matrix }[] };

interface Dataset {
  name: string;
  X: number[][];
  y: number[];
  C: number;
  classWeight: string | null;
  sklearn: { coef: number[]; intercept: number; proba: number[] };
}
const datasets = fixture.datasets as Dataset[];

describe('fitLogistic vs scikit-learn LogisticRegression (fixture: scripts/reference/model_sklearn.py)', () => {
  it.each(datasets.map((d) => [d.name, d] as const))('%s: coefficients within 1e-4', (_name, d) => {
    const model = fitLogistic(d.X, d.y, {
      C: d.C,
      classWeight: d.classWeight === 'balanced' ? 'balanced' : undefined,
    });
    expect(model.converged).toBe(true);
    expect(model.coef.length).toBe(d.sklearn.coef.length);
    model.coef.forEach((w, j) => expect(Math.abs(w - d.sklearn.coef[j]!)).toBeLessThan(1e-4));
    expect(Math.abs(model.intercept - d.sklearn.intercept)).toBeLessThan(1e-4);
    const proba = predictProba(model, d.X);
    proba.forEach((p, i) => expect(Math.abs(p - d.sklearn.proba[i]!)).toBeLessThan(1e-5));
  });

  it('has a zero objective gradient at the optimum (first-order condition checked independently)', () => {
    const d = datasets[1]!;
    const model = fitLogistic(d.X, d.y, { C: d.C, classWeight: 'balanced' });
    const [w0, w1] = model.classWeight;
    const z = decisionFunction(model, d.X);
    const grad = model.coef.slice();
    let gb = 0;
    d.X.forEach((row, i) => {
      const r = d.C * (d.y[i] === 1 ? w1 : w0) * (1 / (1 + Math.exp(-z[i]!)) - d.y[i]!);
      row.forEach((v, j) => (grad[j] = grad[j]! + r * v));
      gb += r;
    });
    for (const g of [...grad, gb]) expect(Math.abs(g)).toBeLessThan(1e-6);
  });

  it('shows why ml-logistic-regression 2.0.0 is not used: it cannot reproduce scikit-learn', () => {
    const d = datasets[0]!;
    const ml = new LogisticRegression({ numSteps: 300, learningRate: 5e-3 });
    ml.train(new Matrix(d.X), Matrix.columnVector(d.y));
    // Its one-vs-rest classifier holds plain gradient-ascent weights, no intercept, no penalty.
    const weights = (
      ml as unknown as { classifiers: { weights: Matrix }[] }
    ).classifiers[0]!.weights.to1DArray();
    const maxDiff = Math.max(...weights.map((w, j) => Math.abs(w - d.sklearn.coef[j]!)));
    expect(maxDiff).toBeGreaterThan(1e-2);
  });
});

describe('fitLogistic numerics and contract', () => {
  it('uses a stable loss (no -Infinity for large margins)', () => {
    expect(logLossFromLogit(-800, 1)).toBeCloseTo(800, 9);
    expect(logLossFromLogit(800, 0)).toBeCloseTo(800, 9);
    expect(logLossFromLogit(800, 1)).toBe(0);
    expect(logLossFromLogit(0, 1)).toBeCloseTo(Math.LN2, 15);
  });

  it('returns a plain JSON model that survives a round trip', () => {
    const d = datasets[0]!;
    const model = fitLogistic(d.X, d.y, { featureNames: ['a', 'b', 'c', 'd'] });
    expect(model.kind).toBe('logistic');
    expect(model.featureNames).toEqual(['a', 'b', 'c', 'd']);
    const back = loadLogistic(JSON.parse(JSON.stringify(model)));
    expect(Array.from(predictProba(back, d.X.slice(0, 5)))).toEqual(
      Array.from(predictProba(model, d.X.slice(0, 5))),
    );
  });

  it('without intercept keeps intercept 0', () => {
    const d = datasets[0]!;
    expect(fitLogistic(d.X, d.y, { fitIntercept: false }).intercept).toBe(0);
  });

  it('does not mutate its inputs', () => {
    const X = Object.freeze([
      Object.freeze([0, 1]),
      Object.freeze([1, 0]),
      Object.freeze([2, 2]),
    ]) as unknown as number[][];
    expect(() => fitLogistic(X, Object.freeze([0, 1, 1]))).not.toThrow();
  });

  it('throws clear errors for bad input', () => {
    expect(() =>
      fitLogistic(
        [
          [1, 2, 3, 4, 5],
          [1, 2, 3, 4, 5],
          [1, 2, 3, 4, 5],
          [1, 2, 3, 4],
        ],
        [0, 1, 0, 1],
      ),
    ).toThrow(/invalid X: row 3 has 4 columns, expected 5/);
    expect(() => fitLogistic([[1], [NaN]], [0, 1])).toThrow(/invalid X: row 1 column 0 is NaN/);
    expect(() => fitLogistic([[1], [2]], [0, 0])).toThrow(/invalid y: only class 0 present/);
    expect(() => fitLogistic([[1], [2]], [0, 1], { C: 0 })).toThrow(/invalid C: 0/);
    expect(() => fitLogistic([[1], [2]], [0, 1], { featureNames: ['a', 'b'] })).toThrow(
      /invalid featureNames/,
    );
    expect(() => loadLogistic({ kind: 'tree' })).toThrow(/invalid model: kind "tree", expected "logistic"/);
    const model = fitLogistic([[1], [2], [0], [3]], [0, 1, 0, 1]);
    expect(() => predictProba(model, [[1, 2]])).toThrow(/invalid X: row 0 has 2 columns, expected 1/);
  });
});
