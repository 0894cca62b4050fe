import { behaviorFigures, churnRocCurves, shapInputFromBeeswarm } from '../../lib/charts';
import type { RetailReport } from '../../lib/lifecycle/types';
import { behaviorReport } from './fixtures';

describe('shapInputFromBeeswarm', () => {
  test('dots become rows x features in first-appearance order', () => {
    const input = shapInputFromBeeswarm([
      { feature: 'frequency', row: 0, value: 1, phi: 0.5 },
      { feature: 'frequency', row: 1, value: 3, phi: 0.1 },
      { feature: 'recency', row: 0, value: 200, phi: 0.3 },
      { feature: 'recency', row: 1, value: 5, phi: -0.2 },
    ]);
    expect(input).toEqual({
      featureNames: ['frequency', 'recency'],
      values: [
        [0.5, 0.3],
        [0.1, -0.2],
      ],
      featureValues: [
        [1, 200],
        [3, 5],
      ],
    });
  });
});

describe('behaviorFigures', () => {
  test('one figure per README image', () => {
    const figures = behaviorFigures(behaviorReport);
    expect(Object.keys(figures)).toEqual([
      'pareto',
      'funnel',
      'rfm_customers',
      'rfm_orders',
      'retention',
      'hourly',
    ]);
    expect(figures.retention.data.map((trace) => trace.type)).toEqual(['scatter', 'heatmap']);
  });
  test('without a first-day cohort the retention figure is the heatmap alone', () => {
    const empty = { date: '2017-11-25', users: 0, active: [], rate: [] };
    const report = { ...behaviorReport, retention: { ...behaviorReport.retention, headline: empty } };
    expect(behaviorFigures(report).retention.data.map((trace) => trace.type)).toEqual(['heatmap']);
  });
});

describe('churnRocCurves', () => {
  test("reads both models' curves and AUCs from the report, without re-running anything", () => {
    const model = (auc: number, fpr: number[], tpr: number[]) => ({
      metrics: { rocAuc: auc },
      roc: { fpr, tpr },
    });
    const report = {
      model: {
        withoutSmote: model(0.7, [0, 0.5, 1], [0, 0.9, 1]),
        withSmote: model(0.75, [0, 0.4, 1], [0, 0.9, 1]),
      },
    } as unknown as RetailReport;
    expect(churnRocCurves(report)).toEqual([
      { name: 'Before SMOTE', fpr: [0, 0.5, 1], tpr: [0, 0.9, 1], auc: 0.7 },
      { name: 'After SMOTE', fpr: [0, 0.4, 1], tpr: [0, 0.9, 1], auc: 0.75 },
    ]);
  });
});
