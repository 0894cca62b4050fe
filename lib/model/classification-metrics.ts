/**
 * Binary classification metrics with scikit-learn's definitions: confusion matrix, precision, recall, F1,
 * accuracy, ROC curve and AUC (tied scores handled as one threshold), precision–recall curve and average
 * precision. Zero divisions give 0, as scikit-learn's `zero_division` warning path does.
 */
import { check, DataError } from '../errors';
import { checkLabels, type Labels } from './shape';

/** Counts of a 2×2 confusion matrix, class 1 = positive. */
export interface ConfusionMatrix {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Threshold-based and ranking metrics of one model on one labelled set. */
export interface ClassificationMetrics {
  /** Rows scored. */
  n: number;
  /** Rows with label 1. */
  positives: number;
  /** Decision threshold on the score (predict 1 when score ≥ threshold). */
  threshold: number;
  confusion: ConfusionMatrix;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** Area under the ROC curve. */
  rocAuc: number;
  /** Average precision (area under the precision–recall step curve). */
  averagePrecision: number;
}

function checkPair(yTrue: Labels, other: ArrayLike<number>, name: string): void {
  checkLabels(yTrue, undefined, 'yTrue');
  if (other.length !== yTrue.length)
    throw new DataError(`invalid ${name}: ${other.length} values, expected ${yTrue.length} (one per label)`, {
      column: name,
    });
  for (let i = 0; i < other.length; i++)
    if (!Number.isFinite(other[i] as number))
      throw new DataError(`invalid ${name}: row ${i} is ${String(other[i])}, expected a finite number`, {
        column: name,
        value: other[i],
      });
}

/**
 * Counts true/false positives/negatives.
 *
 * Complexity: O(n).
 * @param yTrue 0/1 labels.
 * @param yPred 0/1 predictions.
 * @throws DataError for lengths that differ or values other than 0/1.
 * @example
 * confusionMatrix([1, 0, 1, 0], [1, 1, 0, 0]); // => { tp: 1, fp: 1, tn: 1, fn: 1 }
 */
export function confusionMatrix(yTrue: Labels, yPred: Labels): ConfusionMatrix {
  checkPair(yTrue, yPred, 'yPred');
  checkLabels(yPred, undefined, 'yPred');
  const cm = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] === 1;
    const p = yPred[i] === 1;
    if (t && p) cm.tp++;
    else if (!t && p) cm.fp++;
    else if (!t && !p) cm.tn++;
    else cm.fn++;
  }
  return cm;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** tp / (tp + fp); 0 when nothing is predicted positive. @example precision({ tp: 1, fp: 1, tn: 0, fn: 0 }); // => 0.5 */
export function precision(cm: ConfusionMatrix): number {
  return ratio(cm.tp, cm.tp + cm.fp);
}
/** tp / (tp + fn); 0 without positives. @example recall({ tp: 3, fp: 0, tn: 0, fn: 1 }); // => 0.75 */
export function recall(cm: ConfusionMatrix): number {
  return ratio(cm.tp, cm.tp + cm.fn);
}
/** Harmonic mean 2·tp / (2·tp + fp + fn). @example f1Score({ tp: 1, fp: 1, tn: 0, fn: 1 }); // => 0.5 */
export function f1Score(cm: ConfusionMatrix): number {
  return ratio(2 * cm.tp, 2 * cm.tp + cm.fp + cm.fn);
}
/** (tp + tn) / n. @example accuracy({ tp: 1, fp: 1, tn: 1, fn: 1 }); // => 0.5 */
export function accuracy(cm: ConfusionMatrix): number {
  return ratio(cm.tp + cm.tn, cm.tp + cm.fp + cm.tn + cm.fn);
}

/** Cumulative counts at each distinct score, scores descending (sklearn's `_binary_clf_curve`). */
function binaryCurve(
  yTrue: Labels,
  scores: ArrayLike<number>,
): { tps: number[]; fps: number[]; thresholds: number[] } {
  checkPair(yTrue, scores, 'scores');
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number) || a - b,
  );
  const tps: number[] = [];
  const fps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    if (yTrue[i] === 1) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[i]) {
      tps.push(tp);
      fps.push(fp);
      thresholds.push(scores[i] as number);
    }
  }
  return { tps, fps, thresholds };
}

/** ROC curve points, starting at (0, 0) with threshold +Infinity. */
export interface RocCurve {
  fpr: number[];
  tpr: number[];
  thresholds: number[];
}

/**
 * ROC curve at every distinct score (no intermediate points dropped). Tied scores form one point, so the
 * trapezoidal area counts a tied positive/negative pair as one half, like `sklearn.metrics.roc_auc_score`.
 *
 * Complexity: O(n log n).
 * @throws DataError when a class is missing or lengths differ.
 * @example
 * rocCurve([0, 1], [0.2, 0.8]).tpr; // => [0, 1, 1]
 */
export function rocCurve(yTrue: Labels, scores: ArrayLike<number>): RocCurve {
  const { tps, fps, thresholds } = binaryCurve(yTrue, scores);
  const P = tps[tps.length - 1] ?? 0;
  const N = fps[fps.length - 1] ?? 0;
  if (P === 0 || N === 0)
    throw new DataError(`invalid yTrue: only class ${P === 0 ? 0 : 1} present, ROC needs both`, {
      column: 'yTrue',
    });
  return {
    fpr: [0, ...fps.map((f) => f / N)],
    tpr: [0, ...tps.map((t) => t / P)],
    thresholds: [Infinity, ...thresholds],
  };
}

/**
 * Area under the ROC curve by the trapezoidal rule over {@link rocCurve}.
 *
 * Complexity: O(n log n).
 * @throws DataError when a class is missing.
 * @example
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // => 0.75
 */
export function rocAuc(yTrue: Labels, scores: ArrayLike<number>): number {
  const { fpr, tpr } = rocCurve(yTrue, scores);
  let area = 0;
  for (let k = 1; k < fpr.length; k++)
    area +=
      ((fpr[k] as number) - (fpr[k - 1] as number)) * ((tpr[k] as number) + (tpr[k - 1] as number)) * 0.5;
  return area;
}

/** Precision–recall points at every distinct score, recall ascending from the highest threshold. */
export interface PrCurve {
  precision: number[];
  recall: number[];
  thresholds: number[];
}

/**
 * Precision and recall at each distinct score threshold (scores descending, so recall rises).
 *
 * Complexity: O(n log n).
 * @throws DataError when there are no positives.
 * @example
 * precisionRecallCurve([0, 1], [0.2, 0.8]).precision; // => [1, 0.5]
 */
export function precisionRecallCurve(yTrue: Labels, scores: ArrayLike<number>): PrCurve {
  const { tps, fps, thresholds } = binaryCurve(yTrue, scores);
  const P = tps[tps.length - 1] ?? 0;
  if (P === 0)
    throw new DataError('invalid yTrue: no positive labels, precision–recall needs some', {
      column: 'yTrue',
    });
  return {
    precision: tps.map((t, k) => t / (t + (fps[k] as number))),
    recall: tps.map((t) => t / P),
    thresholds,
  };
}

/**
 * Average precision AP = Σₖ (Rₖ − Rₖ₋₁)·Pₖ over distinct thresholds (R₀ = 0), scikit-learn's
 * `average_precision_score` (a step integral, not the trapezoid).
 *
 * Complexity: O(n log n).
 * @throws DataError when there are no positives.
 * @example
 * averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // => 0.8333333333333333
 */
export function averagePrecision(yTrue: Labels, scores: ArrayLike<number>): number {
  const { precision: p, recall: r } = precisionRecallCurve(yTrue, scores);
  let ap = 0;
  let prev = 0;
  for (let k = 0; k < r.length; k++) {
    ap += ((r[k] as number) - prev) * (p[k] as number);
    prev = r[k] as number;
  }
  return ap;
}

/**
 * All metrics at once: predictions are `score ≥ threshold`.
 *
 * Complexity: O(n log n).
 * @param yTrue 0/1 labels with both classes present.
 * @param scores Predicted probabilities (or any scores).
 * @param threshold Default `0.5`.
 * @throws DataError for bad shapes, a missing class or a non-finite threshold.
 * @example
 * classificationMetrics([0, 1, 1], [0.2, 0.9, 0.4]).recall; // => 0.5
 */
export function classificationMetrics(
  yTrue: Labels,
  scores: ArrayLike<number>,
  threshold = 0.5,
): ClassificationMetrics {
  check(Number.isFinite(threshold), 'threshold', threshold);
  checkPair(yTrue, scores, 'scores');
  const pred = Array.from(scores, (v) => (v >= threshold ? 1 : 0));
  const cm = confusionMatrix(yTrue, pred);
  return {
    n: yTrue.length,
    positives: cm.tp + cm.fn,
    threshold,
    confusion: cm,
    accuracy: accuracy(cm),
    precision: precision(cm),
    recall: recall(cm),
    f1: f1Score(cm),
    rocAuc: rocAuc(yTrue, scores),
    averagePrecision: averagePrecision(yTrue, scores),
  };
}
