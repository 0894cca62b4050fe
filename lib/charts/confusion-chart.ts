import { check } from '../errors';
import type { ChartOptions, Figure, Trace } from './figure';
import { baseLayout, BLUES, percent } from './figure';

/** A binary confusion matrix (positive = churned). */
export interface ConfusionCounts {
  /** True positives. */
  tp: number;
  /** False positives. */
  fp: number;
  /** True negatives. */
  tn: number;
  /** False negatives. */
  fn: number;
}

/** One panel of {@link confusionChart}: a title (e.g. "Before SMOTE") and its counts. */
export interface ConfusionPanel {
  title: string;
  counts: ConfusionCounts;
}

function validCounts(panel: ConfusionPanel): void {
  for (const key of ['tp', 'fp', 'tn', 'fn'] as const) {
    const value = panel.counts[key];
    check(
      Number.isInteger(value) && value >= 0,
      `${panel.title}.${key}`,
      value,
      'must be a non-negative integer',
    );
  }
}

/**
 * Confusion matrices side by side (the report's before/after-SMOTE comparison): one heatmap per panel, rows =
 * actual class, columns = predicted class, each cell showing its count and its share of the actual row (so the
 * churn row shows recall). The panel title adds recall = tp / (tp + fn) and precision = tp / (tp + fp). All panels
 * share one colour scale, from 0 to the largest count of any panel, so shades compare across panels.
 *
 * Complexity: O(panels).
 * @param panels - One or more panels, e.g. `[{title: 'Before SMOTE', counts}, {title: 'After SMOTE', counts}]`.
 * @param options - Title and size overrides.
 * @returns A Plotly figure with one `heatmap` trace per panel (axes x/y, x2/y2, ...).
 * @throws DataError when there are no panels or a count is not a non-negative integer.
 * @example
 * confusionChart([{ title: 'Before SMOTE', counts: { tp: 5, fp: 2, tn: 80, fn: 13 } }]).data[0].z
 * // => [[80, 2], [13, 5]]
 */
export function confusionChart(panels: readonly ConfusionPanel[], options: ChartOptions = {}): Figure {
  check(panels.length > 0, 'panels', panels.length, 'confusionChart needs at least one panel');
  panels.forEach(validCounts);
  const layout = baseLayout('Churn model confusion matrices', 'Predicted', 'Actual', {
    height: 430,
    ...options,
  });
  const zmax = Math.max(1, ...panels.flatMap(({ counts }) => [counts.tp, counts.fp, counts.tn, counts.fn]));
  const gap = 0.12;
  const width = (1 - gap * (panels.length - 1)) / panels.length;
  const data: Trace[] = [];
  const annotations: unknown[] = [];
  panels.forEach((panel, index) => {
    const { tp, fp, tn, fn } = panel.counts;
    const suffix = index === 0 ? '' : String(index + 1);
    const z = [
      [tn, fp],
      [fn, tp],
    ];
    const rowTotals = [tn + fp, fn + tp];
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const start = index * (width + gap);
    layout[`xaxis${suffix}`] = {
      domain: [start, start + width],
      anchor: `y${suffix}`,
      title: { text: 'Predicted' },
      type: 'category',
    };
    layout[`yaxis${suffix}`] = {
      anchor: `x${suffix}`,
      title: { text: index === 0 ? 'Actual' : '' },
      type: 'category',
      autorange: 'reversed',
      automargin: true,
    };
    data.push({
      type: 'heatmap',
      name: panel.title,
      x: ['Stays', 'Churns'],
      y: ['Stayed', 'Churned'],
      z,
      text: z.map((row, r) =>
        row.map(
          (count) =>
            `${count.toLocaleString('en-US')}<br>${percent(rowTotals[r] ? count / rowTotals[r]! : 0)}`,
        ),
      ),
      texttemplate: '%{text}',
      textfont: { size: 15 },
      colorscale: BLUES,
      zmin: 0,
      zmax,
      showscale: false,
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
      hovertemplate: 'actual %{y}, predicted %{x}: %{z}<extra>' + panel.title + '</extra>',
    });
    annotations.push({
      xref: 'paper',
      yref: 'paper',
      x: start + width / 2,
      y: 1.02,
      xanchor: 'center',
      yanchor: 'bottom',
      showarrow: false,
      text: `<b>${panel.title}</b>: recall ${percent(recall)}, precision ${percent(precision)}`,
    });
  });
  layout.annotations = annotations;
  layout.margin = { l: 80, r: 30, t: 100, b: 60 };
  return { data, layout };
}
