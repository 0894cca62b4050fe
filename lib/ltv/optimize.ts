/**
 * Unconstrained minimisation for maximum-likelihood fits: Nelder-Mead with restarts, then BFGS with
 * central-difference gradients as a polish.
 */

// Module-level aliases: global lookups are slow inside jest's vm context (hot loops below).
const { abs, max, sqrt } = Math;

/** Options of {@link minimize}. */
export interface MinimizeOptions {
  /** Maximum function evaluations per Nelder-Mead run. Default 20,000. */
  maxEvaluations?: number;
  /** Stop a Nelder-Mead run when the simplex's function values differ by less than this. Default 1e-14. */
  tolerance?: number;
  /** Nelder-Mead restarts from the best point (each with a fresh simplex). Default 3. */
  restarts?: number;
}

/** Result of {@link minimize}. */
export interface MinimizeResult {
  x: number[];
  value: number;
  iterations: number;
  converged: boolean;
}

function nelderMead(f: (x: number[]) => number, x0: number[], maxEvaluations: number, tolerance: number) {
  const n = x0.length;
  const simplex: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    p[i] = p[i]! !== 0 ? p[i]! * 1.1 + 0.05 : 0.1;
    simplex.push(p);
  }
  const values = simplex.map((p) => f(p));
  let evaluations = n + 1;
  let converged = false;
  let iterations = 0;
  while (evaluations < maxEvaluations) {
    iterations++;
    const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
    const sorted = order.map((i) => simplex[i]!);
    const sortedValues = order.map((i) => values[i]!);
    for (let i = 0; i <= n; i++) {
      simplex[i] = sorted[i]!;
      values[i] = sortedValues[i]!;
    }
    const spread = abs(values[n]! - values[0]!);
    let size = 0;
    for (let i = 1; i <= n; i++)
      for (let k = 0; k < n; k++) size = max(size, abs(simplex[i]![k]! - simplex[0]![k]!));
    if (spread <= tolerance * (1 + abs(values[0]!)) && size < 1e-10) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) centroid[k]! += simplex[i]![k]! / n;
    const worst = simplex[n]!;
    const at = (t: number) => centroid.map((c, k) => c + t * (worst[k]! - c));
    const reflected = at(-1);
    const fr = f(reflected);
    evaluations++;
    if (fr < values[0]!) {
      const expanded = at(-2);
      const fe = f(expanded);
      evaluations++;
      if (fe < fr) {
        simplex[n] = expanded;
        values[n] = fe;
      } else {
        simplex[n] = reflected;
        values[n] = fr;
      }
    } else if (fr < values[n - 1]!) {
      simplex[n] = reflected;
      values[n] = fr;
    } else {
      const outside = fr < values[n]!;
      const contracted = at(outside ? -0.5 : 0.5);
      const fc = f(contracted);
      evaluations++;
      if (fc < (outside ? fr : values[n]!)) {
        simplex[n] = contracted;
        values[n] = fc;
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i]!.map((v, k) => simplex[0]![k]! + 0.5 * (v - simplex[0]![k]!));
          values[i] = f(simplex[i]!);
          evaluations++;
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i <= n; i++) if (values[i]! < values[best]!) best = i;
  return { x: simplex[best]!, value: values[best]!, iterations, converged };
}

function gradient(f: (x: number[]) => number, x: number[]): number[] {
  return x.map((v, k) => {
    const h = 1e-6 * max(1, abs(v));
    const up = x.slice();
    const down = x.slice();
    up[k] = v + h;
    down[k] = v - h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/** BFGS with numeric gradients and a backtracking (Armijo) line search; returns the best point seen. */
function bfgs(f: (x: number[]) => number, x0: number[], maxIterations = 200) {
  const n = x0.length;
  let x = x0.slice();
  let fx = f(x);
  let g = gradient(f, x);
  let H: number[][] = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const gnorm = sqrt(g.reduce((s, v) => s + v * v, 0));
    if (gnorm < 1e-9) break;
    const d = H.map((row) => -row.reduce((s, v, j) => s + v * g[j]!, 0));
    let slope = d.reduce((s, v, j) => s + v * g[j]!, 0);
    let dir = d;
    if (!(slope < 0)) {
      dir = g.map((v) => -v);
      slope = -gnorm * gnorm;
      H = H.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
    }
    let step = 1;
    let xn = x;
    let fn = fx;
    let accepted = false;
    for (let k = 0; k < 50; k++) {
      xn = x.map((v, j) => v + step * dir[j]!);
      fn = f(xn);
      if (Number.isFinite(fn) && fn <= fx + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) break;
    const gn = gradient(f, xn);
    const s = xn.map((v, j) => v - x[j]!);
    const y = gn.map((v, j) => v - g[j]!);
    const sy = s.reduce((acc, v, j) => acc + v * y[j]!, 0);
    if (sy > 1e-18) {
      const Hy = H.map((row) => row.reduce((acc, v, j) => acc + v * y[j]!, 0));
      const yHy = y.reduce((acc, v, j) => acc + v * Hy[j]!, 0);
      H = H.map((row, i) =>
        row.map(
          (v, j) => v + ((sy + yHy) * s[i]! * s[j]!) / (sy * sy) - (Hy[i]! * s[j]! + s[i]! * Hy[j]!) / sy,
        ),
      );
    }
    const improvement = fx - fn;
    x = xn;
    fx = fn;
    g = gn;
    if (improvement >= 0 && improvement < 1e-15 * (1 + abs(fx))) break;
  }
  return { x, value: fx, iterations };
}

/**
 * Minimises f over ℝⁿ: Nelder-Mead (reflection 1, expansion 2, contraction ½, shrink ½) restarted
 * `restarts` times from the best point, then a BFGS polish with central-difference gradients. Deterministic.
 * Returns the best point found; `converged` is true when every component of the numeric gradient there is
 * below 1e-5 × (1 + |f|).
 * Non-finite values of f are treated as +∞.
 *
 * Complexity: O(evaluations × cost of f).
 * @param f Objective.
 * @param x0 Start point.
 * @param options See {@link MinimizeOptions}.
 * @example
 * minimize(([x, y]) => (x! - 1) ** 2 + 10 * (y! + 2) ** 2, [0, 0]).x.map((v) => +v.toFixed(6)); // => [1, -2]
 */
export function minimize(
  f: (x: number[]) => number,
  x0: number[],
  { maxEvaluations = 20_000, tolerance = 1e-14, restarts = 3 }: MinimizeOptions = {},
): MinimizeResult {
  const safe = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let best = nelderMead(safe, x0, maxEvaluations, tolerance);
  let iterations = best.iterations;
  for (let r = 0; r < restarts; r++) {
    const next = nelderMead(safe, best.x, maxEvaluations, tolerance);
    iterations += next.iterations;
    if (next.value <= best.value) best = next;
  }
  const polished = bfgs(safe, best.x);
  iterations += polished.iterations;
  const result = polished.value < best.value ? polished : best;
  const g = gradient(safe, result.x);
  const converged = g.every((v) => abs(v) < 1e-5 * (1 + abs(result.value)));
  return { x: result.x, value: result.value, iterations, converged };
}
