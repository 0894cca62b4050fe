import { check } from '../errors';
import type { ChartOptions, Figure, Trace } from './figure';
import { baseLayout, PALETTE } from './figure';

/** One ROC curve: false/true positive rates at decreasing thresholds, and its area. */
export interface RocCurveInput {
  /** Legend name, e.g. `After SMOTE`. */
  name: string;
  /** False positive rates, from 0 to 1. */
  fpr: ArrayLike<number>;
  /** True positive rates, aligned with `fpr`. */
  tpr: ArrayLike<number>;
  /** Area under the curve, shown in the legend. */
  auc: number;
}

/**
 * ROC curves of one or more models on the same axes, with the chance diagonal; each legend entry carries its
 * AUC. See https://en.wikipedia.org/wiki/Receiver_operating_characteristic.
 *
 * Complexity: O(points).
 * @param curves - The curves to draw.
 * @param options - Title and size overrides.
 * @returns A Plotly figure with one `scatter` trace per curve plus the dashed chance line (last trace).
 * @throws DataError when there are no curves, or a curve's `fpr` and `tpr` differ in length or are empty.
 * @example
 * rocChart([{ name: 'model', fpr: [0, 0.2, 1], tpr: [0, 0.7, 1], auc: 0.75 }]).data[0].name
 * // => 'model (AUC 0.750)'
 */
export function rocChart(curves: readonly RocCurveInput[], options: ChartOptions = {}): Figure {
  check(curves.length > 0, 'curves', curves.length, 'rocChart needs at least one curve');
  for (const curve of curves) {
    check(
      curve.fpr.length > 0 && curve.fpr.length === curve.tpr.length,
      `${curve.name}.fpr`,
      curve.fpr.length,
      `fpr and tpr need the same non-zero length (tpr has ${curve.tpr.length})`,
    );
  }
  const layout = baseLayout(
    'ROC curve of the churn model',
    'False positive rate',
    'True positive rate (recall)',
    { height: 500, ...options },
  );
  // a little room left of 0 so the x and y axes' "0" labels do not meet in the corner
  layout.xaxis = { ...(layout.xaxis as object), range: [-0.02, 1] };
  layout.yaxis = { ...(layout.yaxis as object), range: [0, 1.02] };
  layout.legend = { x: 0.98, y: 0.05, xanchor: 'right', yanchor: 'bottom', bgcolor: 'rgba(255,255,255,0.8)' };
  const data: Trace[] = curves.map((curve, index) => ({
    type: 'scatter',
    mode: 'lines',
    name: `${curve.name} (AUC ${curve.auc.toFixed(3)})`,
    x: Array.from(curve.fpr),
    y: Array.from(curve.tpr),
    line: { color: PALETTE[index % PALETTE.length], width: 2.5, shape: 'hv' },
  }));
  data.push({
    type: 'scatter',
    mode: 'lines',
    name: 'Chance (AUC 0.5)',
    x: [0, 1],
    y: [0, 1],
    line: { color: '#999', dash: 'dash', width: 1 },
    hoverinfo: 'skip',
  });
  return { data, layout };
}
