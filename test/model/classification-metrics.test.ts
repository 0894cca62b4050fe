import {
  averagePrecision,
  classificationMetrics,
  confusionMatrix,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
} from '../../lib/model';
import fixture from '../fixtures/model/metrics_sklearn.json';

describe('classification metrics vs sklearn.metrics (fixture: scripts/reference/model_sklearn.py)', () => {
  const m = classificationMetrics(fixture.y, fixture.scores, fixture.threshold);

  it('has many tied scores (so tie handling is exercised)', () => {
    expect(new Set(fixture.scores).size).toBeLessThan(fixture.scores.length / 2);
  });

  it('matches confusion matrix, accuracy, precision, recall and F1', () => {
    expect(m.confusion).toEqual(fixture.confusion);
    expect(m.accuracy).toBeCloseTo(fixture.accuracy, 12);
    expect(m.precision).toBeCloseTo(fixture.precision, 12);
    expect(m.recall).toBeCloseTo(fixture.recall, 12);
    expect(m.f1).toBeCloseTo(fixture.f1, 12);
  });

  it('matches roc_auc_score and average_precision_score', () => {
    expect(m.rocAuc).toBeCloseTo(fixture.rocAuc, 12);
    expect(m.averagePrecision).toBeCloseTo(fixture.averagePrecision, 12);
  });

  it('ROC AUC equals the Mann–Whitney probability with ties counted one half', () => {
    const pos = fixture.scores.filter((_, i) => fixture.y[i] === 1);
    const neg = fixture.scores.filter((_, i) => fixture.y[i] === 0);
    let wins = 0;
    for (const p of pos) for (const q of neg) wins += p > q ? 1 : p === q ? 0.5 : 0;
    expect(rocAuc(fixture.y, fixture.scores)).toBeCloseTo(wins / (pos.length * neg.length), 12);
  });
});

describe('metric edge cases', () => {
  it('small examples', () => {
    expect(confusionMatrix([1, 0, 1, 0], [1, 1, 0, 0])).toEqual({ tp: 1, fp: 1, tn: 1, fn: 1 });
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.8333333333333333, 15);
    expect(rocCurve([0, 1], [0.2, 0.8]).tpr).toEqual([0, 1, 1]);
    expect(precisionRecallCurve([0, 1], [0.2, 0.8]).precision).toEqual([1, 0.5]);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });

  it('zero division gives 0', () => {
    const m = classificationMetrics([0, 1], [0.1, 0.2]);
    expect(m.precision).toBe(0);
    expect(m.recall).toBe(0);
    expect(m.f1).toBe(0);
  });

  it('rejects bad input', () => {
    expect(() => rocAuc([1, 1], [0.2, 0.3])).toThrow(/only class 1 present/);
    expect(() => rocAuc([0, 1], [0.2])).toThrow(/invalid scores: 1 values, expected 2/);
    expect(() => rocAuc([0, 1], [0.2, NaN])).toThrow(/invalid scores: row 1 is NaN/);
    expect(() => confusionMatrix([0, 2], [0, 1])).toThrow(/invalid yTrue: row 1 is 2/);
  });
});
