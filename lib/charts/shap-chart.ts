import { check } from '../errors';
import type { ChartOptions, Figure, Trace } from './figure';
import { baseLayout } from './figure';

/** Per-row SHAP values and the feature values they explain. */
export interface ShapSummaryInput {
  /** Feature names, one per column. */
  featureNames: readonly string[];
  /** SHAP values (log-odds units), one array per explained row, each with one value per feature. */
  values: ReadonlyArray<ArrayLike<number>>;
  /** The explained rows' feature values, aligned with `values` (used for the colour only). */
  featureValues: ReadonlyArray<ArrayLike<number>>;
}

/** Reader-facing names of the churn model's features (lib/churn `CHURN_FEATURES`), for charts and text. */
export const FEATURE_LABELS: Readonly<Record<string, string>> = {
  recency: 'Days since last purchase',
  frequency: 'Number of orders',
  monetary: 'Total spend (£)',
  rScore: 'Recency score (1-5)',
  fScore: 'Frequency score (1-5)',
  mScore: 'Spend score (1-5)',
  intervalMean: 'Mean days between orders',
  intervalStd: 'Spread of days between orders',
  uniqueProducts: 'Distinct products bought',
  tenure: 'Days since first purchase',
  avgBasketValue: 'Average order value (£)',
  returnRate: 'Share of items returned',
};

/**
 * The reader-facing name of a feature ({@link FEATURE_LABELS}), or the name itself when it has none.
 *
 * Complexity: O(1).
 * @example
 * featureLabel('avgBasketValue')
 * // => 'Average order value (£)'
 */
export function featureLabel(feature: string): string {
  return FEATURE_LABELS[feature] ?? feature;
}

/** Options of {@link shapSummaryChart}. */
export interface ShapSummaryOptions extends ChartOptions {
  /**
   * The features' global importance to rank and label the rows by (e.g. `report.shap.importance`, mean |SHAP| over
   * every test customer), so the chart ranks exactly as a text built from the same list. Default: mean |SHAP| over
   * the rows given to the chart.
   */
  importance?: ReadonlyArray<{ feature: string; meanAbs: number }>;
  /** How many rows `importance` was computed on (said on the axis). Default: unstated. */
  importanceRows?: number;
  /** Row labels per feature name. Default {@link FEATURE_LABELS} (unknown names as they are). */
  labels?: Readonly<Record<string, string>>;
  /** Show at most this many features, by mean |SHAP| descending. Default 12. */
  maxFeatures?: number;
  /** Draw at most this many rows, taken evenly spaced (row i·n/maxRows) so the chart is deterministic. Default 1500. */
  maxRows?: number;
  /** Number of horizontal bins used to stack overlapping points (the beeswarm). Default 60. */
  bins?: number;
  /**
   * Clip the x axis to the [q, 1 − q] quantiles of the drawn SHAP values (padded, always including 0) so a few
   * extreme customers do not squeeze the rest; the axis title then states how many dots are off-scale. 0 shows
   * the full range. Default 0.005.
   */
  clipQuantile?: number;
}

/** Percentile rank in [0, 1] of each value among `values` (ties share the mean rank; NaN stays NaN). */
function percentileRanks(values: number[]): number[] {
  const order = values
    .map((value, index) => ({ value, index }))
    .filter((entry) => !Number.isNaN(entry.value));
  order.sort((a, b) => a.value - b.value || a.index - b.index);
  const ranks = values.map(() => Number.NaN);
  const last = Math.max(order.length - 1, 1);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end++;
    const rank = (start + end) / 2 / last;
    for (let k = start; k <= end; k++) ranks[order[k]!.index] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Throws DataError (before any work) when the input or the limits are unusable. */
function checkShapInput(
  input: ShapSummaryInput,
  { maxRows, bins, clipQuantile }: { maxRows: number; bins: number; clipQuantile: number },
): void {
  const features = input.featureNames.length;
  check(features > 0, 'featureNames', input.featureNames, 'shapSummaryChart needs at least one feature');
  check(input.values.length > 0, 'values', input.values.length, 'shapSummaryChart needs at least one row');
  check(
    input.values.length === input.featureValues.length,
    'featureValues',
    input.featureValues.length,
    `needs ${input.values.length} rows like values`,
  );
  check(Number.isInteger(maxRows) && maxRows >= 1, 'maxRows', maxRows);
  check(Number.isInteger(bins) && bins >= 1, 'bins', bins);
  check(clipQuantile >= 0 && clipQuantile < 0.5, 'clipQuantile', clipQuantile, 'must be in [0, 0.5)');
  input.values.forEach((row, index) => {
    check(
      row.length === features && input.featureValues[index]!.length === features,
      `values[${index}].length`,
      row.length,
      `every row needs ${features} values`,
    );
  });
}

/** A feature's column and the mean |SHAP| it is ranked and labelled by. */
interface RankedFeature {
  name: string;
  j: number;
  meanAbs: number;
}

/**
 * Features by mean |SHAP| over every row (descending, ties by column), or by the `given` importance when there
 * is one (features it does not list keep their own mean, after it).
 */
function rankFeatures(input: ShapSummaryInput, given: ShapSummaryOptions['importance']): RankedFeature[] {
  const total = input.values.length;
  const importance = input.featureNames.map((name, j) => {
    let sum = 0;
    for (let i = 0; i < total; i++) sum += Math.abs(input.values[i]![j]!);
    return { name, j, meanAbs: sum / total };
  });
  importance.sort((a, b) => b.meanAbs - a.meanAbs || a.j - b.j);
  if (given !== undefined) {
    const rank = new Map(given.map((entry, index) => [entry.feature, index]));
    const meanAbs = new Map(given.map((entry) => [entry.feature, entry.meanAbs]));
    for (const entry of importance) entry.meanAbs = meanAbs.get(entry.name) ?? entry.meanAbs;
    importance.sort(
      (a, b) =>
        (rank.get(a.name) ?? given.length) - (rank.get(b.name) ?? given.length) ||
        b.meanAbs - a.meanAbs ||
        a.j - b.j,
    );
  }
  return importance;
}

/** The x axis: the drawn values' range (clipped to quantiles, padded, always with 0) and how many dots fall off it. */
interface ShapAxis {
  min: number;
  max: number;
  /** Dots drawn in all. */
  drawn: number;
  /** Dots beyond [min, max]. */
  offScale: number;
}

function shapAxis(
  input: ShapSummaryInput,
  shown: readonly RankedFeature[],
  rows: readonly number[],
  clipQuantile: number,
): ShapAxis {
  const drawn: number[] = [];
  for (const { j } of shown) for (const i of rows) drawn.push(input.values[i]![j]!);
  drawn.sort((a, b) => a - b);
  const quantile = (q: number): number =>
    drawn[Math.min(drawn.length - 1, Math.max(0, Math.round(q * (drawn.length - 1))))]!;
  let min = Math.min(0, quantile(clipQuantile));
  let max = Math.max(0, quantile(1 - clipQuantile));
  const pad = (max - min) * 0.05 || 0.05;
  min -= pad;
  max += pad;
  const offScale = clipQuantile > 0 ? drawn.filter((value) => value < min || value > max).length : 0;
  if (clipQuantile === 0) {
    min = Math.min(min, drawn[0]!);
    max = Math.max(max, drawn[drawn.length - 1]!);
  }
  return { min, max, drawn: drawn.length, offScale };
}

/**
 * One feature's row of dots at y = `position`: x = SHAP value, colour = the feature value's percentile rank, dots
 * in the same horizontal bin stacked symmetrically around the row (deterministic, no jitter).
 */
function beeswarmTrace(
  input: ShapSummaryInput,
  rows: readonly number[],
  { name, j }: Pick<RankedFeature, 'name' | 'j'>,
  position: number,
  { min, max }: ShapAxis,
  bins: number,
): Trace {
  const span = max - min || 1;
  const x = rows.map((i) => input.values[i]![j]!);
  const colour = percentileRanks(rows.map((i) => input.featureValues[i]![j]!));
  const stacks = new Map<number, number>();
  const slot = x.map((value) => {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(((value - min) / span) * bins)));
    const count = stacks.get(bin) ?? 0;
    stacks.set(bin, count + 1);
    return count % 2 === 0 ? count / 2 : -(count + 1) / 2;
  });
  const widest = Math.max(1, ...Array.from(stacks.values(), (count) => Math.ceil(count / 2)));
  const step = Math.min(0.08, 0.4 / widest);
  return {
    type: 'scatter',
    mode: 'markers',
    name,
    x,
    y: slot.map((offset) => position + offset * step),
    marker: {
      size: 5,
      color: colour.map((value) => (Number.isNaN(value) ? 0.5 : value)),
      colorscale: [
        [0, '#1E88E5'],
        [1, '#FF0D57'],
      ],
      cmin: 0,
      cmax: 1,
      showscale: position === 0,
      colorbar: {
        title: { text: 'Feature value', side: 'right' },
        tickvals: [0, 1],
        ticktext: ['Low', 'High'],
        len: 0.6,
      },
      opacity: 0.8,
    },
    showlegend: false,
    hovertemplate: `${name}: SHAP %{x:.3f}<extra></extra>`,
  };
}

/**
 * SHAP summary (beeswarm) plot: one row per feature, ordered by global importance (mean |SHAP|, most important at
 * the top); each dot is one explained customer placed at its SHAP value (effect on the churn log-odds) and
 * coloured by the feature's value (blue = low, red = high, as a percentile rank within the feature). Dots in the
 * same horizontal bin are stacked symmetrically around the row, deterministically (no random jitter). See
 * Lundberg & Lee (2017), https://shap.readthedocs.io/en/latest/example_notebooks/api_examples/plots/beeswarm.html.
 *
 * Complexity: O(rows × features · log rows).
 * @param input - SHAP values and feature values, rows × features.
 * @param options - Feature/row limits, bin count, title and size.
 * @returns A Plotly figure with one `scatter` trace per shown feature (top feature last, drawn at the top).
 * @throws DataError when there are no rows or features, or the arrays' shapes disagree.
 * @example
 * shapSummaryChart({ featureNames: ['recency'], values: [[0.5], [-0.2]], featureValues: [[200], [3]] }).data[0].x
 * // => [0.5, -0.2]
 */
export function shapSummaryChart(
  input: ShapSummaryInput,
  {
    maxFeatures = 12,
    maxRows = 1500,
    bins = 60,
    clipQuantile = 0.005,
    importance: given,
    importanceRows,
    labels = FEATURE_LABELS,
    ...options
  }: ShapSummaryOptions = {},
): Figure {
  checkShapInput(input, { maxRows, bins, clipQuantile });
  const total = input.values.length;
  const take = Math.min(total, maxRows);
  const rows = Array.from({ length: take }, (_, i) => Math.floor((i * total) / take));
  const shown = rankFeatures(input, given).slice(0, Math.max(1, maxFeatures));
  const axis = shapAxis(input, shown, rows, clipQuantile);
  const tickText: string[] = [];
  const traces = shown
    .slice()
    .reverse()
    .map(({ name, j, meanAbs }, position) => {
      tickText.push(`${labels[name] ?? name} (${meanAbs.toFixed(3)})`);
      return beeswarmTrace(input, rows, { name, j }, position, axis, bins);
    });
  const layout = baseLayout(
    'SHAP summary: drivers of churn',
    'SHAP value (impact on churn log-odds)',
    'Feature (mean |SHAP|)',
    {
      height: Math.max(400, 60 + shown.length * 45),
      ...options,
    },
  );
  const basis =
    given === undefined
      ? `mean |SHAP| over these ${total.toLocaleString('en-US')} customers`
      : `mean |SHAP| over ${importanceRows === undefined ? 'all' : importanceRows.toLocaleString('en-US')} test customers`;
  layout.yaxis = {
    ...(layout.yaxis as object),
    title: { text: `Feature (${basis})`, standoff: 10 },
    tickvals: shown.map((_, position) => position),
    ticktext: tickText,
    range: [-0.6, shown.length - 0.4],
    zeroline: false,
    showgrid: true,
  };
  layout.xaxis = {
    ...(layout.xaxis as object),
    zeroline: true,
    zerolinecolor: '#999',
    range: [axis.min, axis.max],
    title: {
      text: `SHAP value (impact on churn log-odds); dots: ${take.toLocaleString('en-US')} customers${
        axis.offScale > 0 ? `, ${axis.offScale} of ${axis.drawn} dots beyond the axis` : ''
      }`,
      standoff: 12,
    },
  };
  layout.margin = { l: 70, r: 30, t: 70, b: 60 };
  return { data: traces, layout };
}
