/**
 * Deep comparison of two behaviour reports (or any JSON values) that names the JSON path of the first
 * mismatch. Counts must be equal exactly; ratio fields (by key name) may differ by `tolerance` relative
 * to max(1, |expected|). Key sets and array lengths must match exactly.
 */

/** Keys whose numbers are ratios/means (compared with tolerance); every other number must match exactly. */
export const RATIO_KEYS: ReadonlySet<string> = new Set([
  'share',
  'cumulativeShare',
  'share80',
  'interestNoBuyShare',
  'userConversion',
  'pvToInterest',
  'interestToBuy',
  'pvToBuy',
  'conversion',
  'userShare',
  'buyShare',
  'buysPerUser',
  'meanRecency',
  'meanFrequency',
  'rate',
  'recency',
  'frequency',
]);

/** The first difference found, or undefined when equal. */
export interface ReportMismatch {
  /** JSON path such as `$.pareto.ranking[3].buys`. */
  path: string;
  expected: unknown;
  actual: unknown;
  why: string;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Returns the first mismatch between `expected` and `actual` (depth-first, keys in expected's order).
 * @example
 * firstMismatch({ a: [1, 2] }, { a: [1, 3] })?.path; // => '$.a[1]'
 */
export function firstMismatch(
  expected: unknown,
  actual: unknown,
  tolerance = 1e-12,
  path = '$',
  ratio = false,
): ReportMismatch | undefined {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (expected === actual) return undefined;
    if (ratio && Math.abs(expected - actual) <= tolerance * Math.max(1, Math.abs(expected))) return undefined;
    return { path, expected, actual, why: ratio ? `differs by more than ${tolerance}` : 'count differs' };
  }
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual))
      return { path, expected, actual, why: 'array expected on one side only' };
    if (expected.length !== actual.length)
      return {
        path: `${path}.length`,
        expected: expected.length,
        actual: actual.length,
        why: 'array length differs',
      };
    for (let i = 0; i < expected.length; i++) {
      const m = firstMismatch(expected[i], actual[i], tolerance, `${path}[${i}]`, ratio);
      if (m) return m;
    }
    return undefined;
  }
  if (expected !== null && actual !== null && typeof expected === 'object' && typeof actual === 'object') {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!(key in a))
        return { path: `${path}.${key}`, expected: e[key], actual: undefined, why: 'missing key' };
      const m = firstMismatch(e[key], a[key], tolerance, `${path}.${key}`, ratio || RATIO_KEYS.has(key));
      if (m) return m;
    }
    for (const key of Object.keys(a)) {
      if (!(key in e))
        return { path: `${path}.${key}`, expected: undefined, actual: a[key], why: 'unexpected key' };
    }
    return undefined;
  }
  if (expected === actual) return undefined;
  return { path, expected, actual, why: 'value differs' };
}

/**
 * Formats a mismatch as one line: `$.pareto.k80: expected 46, got 47 (count differs)`.
 * @example
 * formatMismatch({ path: '$.a', expected: 1, actual: 2, why: 'count differs' }); // => '$.a: expected 1, got 2 (count differs)'
 */
export function formatMismatch(m: ReportMismatch): string {
  return `${m.path}: expected ${describe(m.expected)}, got ${describe(m.actual)} (${m.why})`;
}
