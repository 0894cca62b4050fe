/**
 * L2-regularised binary logistic regression with scikit-learn's parameterisation, solved by Newton's method
 * (IRLS) with a Cholesky solve on ml-matrix and backtracking line search.
 */
import { CholeskyDecomposition, Matrix, solve } from 'ml-matrix';
import { check, DataError } from '../errors';
import { checkOption } from '../options';
import { checkLabels, checkMatrix, type FeatureMatrix, type Labels } from './shape';

/** Class weights: `'balanced'` (n / (2 · n_class), as scikit-learn) or explicit weights per class. */
export type ClassWeight = 'balanced' | { 0: number; 1: number };

/** Options of {@link fitLogistic}. */
export interface LogisticOptions {
  /** Inverse regularisation strength, as scikit-learn's `C`. Default `1`. */
  C?: number;
  /** Penalty: only `'l2'` (default) or `'none'`. */
  penalty?: 'l2' | 'none';
  /** Per-class sample weights. Default: none (all 1). */
  classWeight?: ClassWeight;
  /** Fit an unpenalised intercept. Default `true`. */
  fitIntercept?: boolean;
  /**
   * Convergence: stop when the max-norm of the objective's gradient is ≤ tol (default `1e-8`), or when the
   * Newton decrement gᵀH⁻¹g/2 is below 1e-14·max(1, |objective|), i.e. at the objective's rounding floor.
   */
  tol?: number;
  /** Newton iterations at most. Default `100`. */
  maxIter?: number;
  /** Feature names stored in the model. Default `x0, x1, …`. */
  featureNames?: string[];
}

/** A fitted model as plain JSON. */
export interface LogisticModel {
  kind: 'logistic';
  /** One weight per feature (log-odds per unit of the feature as given to the fit). */
  coef: number[];
  /** Intercept (0 when `fitIntercept` was false). */
  intercept: number;
  featureNames: string[];
  C: number;
  penalty: 'l2' | 'none';
  /** The class weights used for class 0 and class 1. */
  classWeight: [number, number];
  /** Newton iterations taken. */
  iterations: number;
  /** Whether the gradient test passed within `maxIter`. */
  converged: boolean;
  /** Final objective value 0.5·‖w‖² + C·Σ sᵢ·loglossᵢ. */
  objective: number;
}

/** log(1 + e^t) without overflow or cancellation. */
function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/**
 * The logistic function 1 / (1 + e^−z), without overflow for large |z|.
 *
 * Complexity: O(1).
 * @example
 * sigmoid(0); // => 0.5
 */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * Per-row binary log loss −[y log p + (1−y) log(1−p)] with p = sigmoid(z), computed as softplus(z) − y·z
 * (the log1p(exp(−|z|)) form), never as log(sigmoid(z)).
 * @example
 * logLossFromLogit(0, 1); // => 0.6931471805599453
 */
export function logLossFromLogit(z: number, y: number): number {
  return softplus(z) - y * z;
}

/**
 * Loss part of the gradient, C·Xᵀ s(p − y), and lower triangle of the Hessian, C·Xᵀ diag(s p(1−p)) X, into
 * `grad` and `H` (row-major p×p). A small top-level function so that V8 optimises it on its first call.
 */
function accumulateGradientHessian(
  A: Float64Array,
  z: Float64Array,
  s: Float64Array,
  y: Float64Array,
  C: number,
  n: number,
  p: number,
  grad: Float64Array,
  H: Float64Array,
): void {
  grad.fill(0);
  H.fill(0);
  for (let i = 0; i < n; i++) {
    const pi = sigmoid(z[i] as number);
    const r = C * (s[i] as number) * (pi - (y[i] as number));
    const w = C * (s[i] as number) * pi * (1 - pi);
    const off = i * p;
    for (let a = 0; a < p; a++) {
      const xa = A[off + a] as number;
      grad[a] = (grad[a] as number) + r * xa;
      const wa = w * xa;
      const rowOff = a * p;
      for (let b = 0; b <= a; b++) H[rowOff + b] = (H[rowOff + b] as number) + wa * (A[off + b] as number);
    }
  }
}

function resolveClassWeight(classWeight: ClassWeight | undefined, y: Labels): [number, number] {
  if (classWeight === undefined) return [1, 1];
  if (classWeight === 'balanced') {
    let ones = 0;
    for (let i = 0; i < y.length; i++) ones += y[i] as number;
    const zeros = y.length - ones;
    if (ones === 0 || zeros === 0)
      throw new DataError('invalid classWeight: "balanced" needs both classes in y', {
        column: 'classWeight',
      });
    return [y.length / (2 * zeros), y.length / (2 * ones)];
  }
  const w0 = classWeight[0];
  const w1 = classWeight[1];
  check(
    Number.isFinite(w0) && w0 > 0 && Number.isFinite(w1) && w1 > 0,
    'classWeight',
    classWeight,
    'expected positive weights',
  );
  return [w0, w1];
}

/** The checks of {@link fitLogistic}'s labels and options; returns the feature names. */
function checkFitInput(
  y: Labels,
  n: number,
  d: number,
  {
    C,
    penalty,
    tol,
    maxIter,
    featureNames,
  }: Required<Pick<LogisticOptions, 'C' | 'penalty' | 'tol' | 'maxIter'>> &
    Pick<LogisticOptions, 'featureNames'>,
): string[] {
  checkLabels(y, n);
  checkOption('C', C);
  check(penalty === 'l2' || penalty === 'none', 'penalty', penalty, "expected 'l2' or 'none'");
  check(tol > 0, 'tol', tol, 'expected > 0');
  check(Number.isInteger(maxIter) && maxIter >= 1, 'maxIter', maxIter, 'expected a positive integer');
  const names = featureNames ?? Array.from({ length: d }, (_, j) => `x${j}`);
  if (names.length !== d)
    throw new DataError(`invalid featureNames: ${names.length} names, expected ${d}`, {
      column: 'featureNames',
    });
  let ones = 0;
  for (let i = 0; i < n; i++) ones += y[i] as number;
  if (ones === 0 || ones === n)
    throw new DataError(`invalid y: only class ${ones === 0 ? 0 : 1} present, need both`, { column: 'y' });
  return names;
}

/** The Newton direction −H⁻¹g (Cholesky; LU when H is not positive definite). */
function newtonDirection(H: Float64Array, grad: Float64Array, p: number): Float64Array {
  const Hm = new Matrix(p, p);
  for (let a = 0; a < p; a++)
    for (let b = 0; b <= a; b++) {
      Hm.set(a, b, H[a * p + b] as number);
      Hm.set(b, a, H[a * p + b] as number);
    }
  const g = Matrix.columnVector(Array.from(grad));
  const chol = new CholeskyDecomposition(Hm);
  const step = chol.isPositiveDefinite() ? chol.solve(g) : solve(Hm, g, true);
  return Float64Array.from({ length: p }, (_, j) => -step.get(j, 0));
}

/**
 * Fits binary logistic regression minimising scikit-learn's objective
 * 0.5·‖w‖² + C·Σᵢ sᵢ·logloss(yᵢ, xᵢ·w + b), intercept b unpenalised, sᵢ the class weight of row i.
 * Newton's method: gradient g = [w; 0] + C·Xᵀ s(p − y), Hessian H = diag(1…1, 0) + C·Xᵀ diag(s p(1−p)) X,
 * step solved by Cholesky (LU fallback), halved until the objective decreases (Armijo). Converges when
 * ‖g‖∞ ≤ tol. Matches `sklearn.linear_model.LogisticRegression` to ~1e-6 on the fixtures.
 * See https://scikit-learn.org/stable/modules/linear_model.html#logistic-regression.
 *
 * Complexity: O(iterations · n·d²) plus O(d³) per solve; typically < 15 iterations.
 * @param X Feature rows (not modified).
 * @param y 0/1 labels, both classes present.
 * @param options See {@link LogisticOptions}.
 * @throws DataError for ragged/non-finite X (`invalid X: row 3 has 4 columns, expected 5`), labels other than
 *   0/1, a single class, `invalid C`, or a wrong number of feature names.
 * @example
 * const model = fitLogistic([[0], [1], [2], [3]], [0, 0, 1, 1], { C: 1 });
 * predictProba(model, [[3]])[0] > 0.5; // => true
 */
export function fitLogistic(
  X: FeatureMatrix,
  y: Labels,
  {
    C = 1,
    penalty = 'l2',
    classWeight,
    fitIntercept = true,
    tol = 1e-8,
    maxIter = 100,
    featureNames,
  }: LogisticOptions = {},
): LogisticModel {
  const d = checkMatrix(X);
  const n = X.length;
  const names = checkFitInput(y, n, d, { C, penalty, tol, maxIter, featureNames });
  const cw = resolveClassWeight(classWeight, y);
  const ridge = penalty === 'l2' ? 1 : 0;
  const p = d + (fitIntercept ? 1 : 0);
  // Flat row-major copy with an intercept column.
  const A = new Float64Array(n * p);
  const s = new Float64Array(n);
  const yy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = X[i] as ArrayLike<number>;
    for (let j = 0; j < d; j++) A[i * p + j] = row[j] as number;
    if (fitIntercept) A[i * p + d] = 1;
    yy[i] = y[i] as number;
    s[i] = cw[yy[i] as 0 | 1];
  }
  const z = new Float64Array(n);
  const computeZ = (beta: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      let acc = 0;
      const off = i * p;
      for (let j = 0; j < p; j++) acc += (A[off + j] as number) * (beta[j] as number);
      out[i] = acc;
    }
  };
  const objective = (beta: Float64Array, zz: Float64Array): number => {
    let reg = 0;
    for (let j = 0; j < d; j++) reg += (beta[j] as number) ** 2;
    let loss = 0;
    for (let i = 0; i < n; i++) loss += (s[i] as number) * logLossFromLogit(zz[i] as number, yy[i] as number);
    return 0.5 * ridge * reg + C * loss;
  };
  let beta = new Float64Array(p);
  computeZ(beta, z);
  let f = objective(beta, z);
  const grad = new Float64Array(p);
  const H = new Float64Array(p * p);
  let iterations = 0;
  let converged = false;
  const zNew = new Float64Array(n);
  for (;;) {
    accumulateGradientHessian(A, z, s, yy, C, n, p, grad, H);
    for (let j = 0; j < d; j++) {
      grad[j] = (grad[j] as number) + ridge * (beta[j] as number);
      H[j * p + j] = (H[j * p + j] as number) + ridge;
    }
    let gmax = 0;
    for (let j = 0; j < p; j++) gmax = Math.max(gmax, Math.abs(grad[j] as number));
    if (gmax <= tol) {
      converged = true;
      break;
    }
    if (iterations >= maxIter) break;
    iterations++;
    const delta = newtonDirection(H, grad, p);
    let slope = 0;
    for (let j = 0; j < p; j++) slope += (delta[j] as number) * (grad[j] as number);
    // Newton decrement gᵀH⁻¹g / 2 at the rounding floor of the objective: no step can do better.
    if (-slope / 2 <= 1e-14 * Math.max(1, Math.abs(f))) {
      converged = true;
      break;
    }
    // Backtracking: halve until the Armijo condition holds.
    let t = 1;
    let accepted = false;
    const candidate = new Float64Array(p);
    for (let halvings = 0; halvings < 60; halvings++) {
      for (let j = 0; j < p; j++) candidate[j] = (beta[j] as number) + t * (delta[j] as number);
      computeZ(candidate, zNew);
      const fNew = objective(candidate, zNew);
      if (fNew <= f + 1e-4 * t * slope || (slope > -1e-300 && fNew <= f)) {
        beta = Float64Array.from(candidate);
        z.set(zNew);
        f = fNew;
        accepted = true;
        break;
      }
      t /= 2;
    }
    if (!accepted) {
      // No decrease possible at machine precision: we are at the optimum up to rounding.
      converged = gmax <= Math.max(tol, 1e-6 * Math.max(1, Math.abs(f)));
      break;
    }
  }
  return {
    kind: 'logistic',
    coef: Array.from(beta.subarray(0, d)),
    intercept: fitIntercept ? (beta[d] as number) : 0,
    featureNames: names.slice(),
    C,
    penalty,
    classWeight: cw,
    iterations,
    converged,
    objective: f,
  };
}

/**
 * Log-odds xᵢ·w + b for each row.
 *
 * Complexity: O(n·d).
 * @throws DataError when a row's width differs from the model's.
 * @example
 * const model = fitLogistic([[0], [1], [2], [3]], [0, 0, 1, 1]);
 * decisionFunction({ ...model, coef: [2], intercept: -1 }, [[1]]); // => Float64Array [1]
 */
export function decisionFunction(model: LogisticModel, X: FeatureMatrix): Float64Array {
  const m = loadLogistic(model);
  const d = m.coef.length;
  checkMatrix(X, 'X', d);
  const out = new Float64Array(X.length);
  for (let i = 0; i < X.length; i++) {
    const row = X[i] as ArrayLike<number>;
    let acc = m.intercept;
    for (let j = 0; j < d; j++) acc += (row[j] as number) * (m.coef[j] as number);
    out[i] = acc;
  }
  return out;
}

/**
 * Probability of class 1 for each row: sigmoid(x·w + b).
 *
 * Complexity: O(n·d).
 * @throws DataError when a row's width differs from the model's.
 * @example
 * predictProba(fitLogistic([[0], [1], [2], [3]], [0, 0, 1, 1]), [[1.5]])[0]; // => 0.5 (by symmetry)
 */
export function predictProba(model: LogisticModel, X: FeatureMatrix): Float64Array {
  const z = decisionFunction(model, X);
  return z.map(sigmoid);
}

/**
 * Validates a model read back from JSON (e.g. `JSON.parse` of a saved model) and returns it typed.
 *
 * Complexity: O(d).
 * @throws DataError `invalid model: kind "x", expected "logistic"` or for malformed coefficients.
 * @example
 * const model = fitLogistic([[0], [1], [2], [3]], [0, 0, 1, 1]);
 * loadLogistic(JSON.parse(JSON.stringify(model))).kind; // => 'logistic'
 */
export function loadLogistic(json: unknown): LogisticModel {
  const m = json as Partial<LogisticModel> | null;
  if (m === null || typeof m !== 'object' || m.kind !== 'logistic')
    throw new DataError(`invalid model: kind ${JSON.stringify(m?.kind)}, expected "logistic"`, {
      column: 'model',
    });
  if (!Array.isArray(m.coef) || !m.coef.every((v) => typeof v === 'number' && Number.isFinite(v)))
    throw new DataError('invalid model: coef must be an array of finite numbers', { column: 'coef' });
  if (typeof m.intercept !== 'number' || !Number.isFinite(m.intercept))
    throw new DataError(`invalid model: intercept ${String(m.intercept)}`, { column: 'intercept' });
  if (!Array.isArray(m.featureNames) || m.featureNames.length !== m.coef.length)
    throw new DataError('invalid model: featureNames must have one name per coefficient', {
      column: 'featureNames',
    });
  return m as LogisticModel;
}
