/**
 * The report-number checker: a report never holds NaN, Infinity or `null` where a number is promised
 * (`JSON.stringify` writes NaN and Infinity as `null`, so a non-finite number becomes a silent hole in `--json`
 * output). Used by the suite-wide hook (test/setup/check-reports.ts) on every report any test builds, and by
 * test/report-numbers.test.ts.
 *
 * A `null` is accepted only at a path of {@link NULLABLE_FIELDS}: each entry names a report field whose declared
 * type includes `null`, and says why. test/report-numbers.test.ts reads the report types with the TypeScript
 * compiler (test/setup/report-types.ts) and requires the list to equal the fields typed `| null`, and
 * docs/reliability.md to list each entry, so the list, the types and the doc cannot drift apart. Everything else is walked: numbers must be finite, typed
 * arrays too, and `null` is a hole. Optional fields that are absent are not visited (nothing to check).
 */

/** One documented place where `null` is a value, not a hole. */
export interface NullableField {
  /** Path pattern: `$` root, `.key`, `[]` any array index, e.g. `$.input.dateOrder`. */
  path: string;
  /** Which report builders' output it applies to (the {@link ReportKind}). */
  kind: ReportKind;
  /** Why null is legitimate there. */
  why: string;
}

/** The kinds of report the suite builds. */
export type ReportKind =
  'behavior' | 'retail' | 'behaviorStory' | 'lifecycleStory' | 'horizons' | 'exploration';

/** The allow-list (docs/reliability.md, "No NaN, Infinity or null where a number is promised"). */
export const NULLABLE_FIELDS: readonly NullableField[] = [
  {
    path: '$.input.dateOrder',
    kind: 'retail',
    why: 'a string field (day/month order of slash dates); null when the file has no slash dates',
  },
];

function matches(pattern: string, at: string): boolean {
  const escaped = pattern.replace(/[.*+?^${}()|\\]/g, '\\$&').replace(/\\\[\\\]|\[\]/g, '\\[\\d+\\]');
  return new RegExp(`^${escaped}$`).test(at);
}

/**
 * Every non-finite number and every `null` outside the allow-list in `value`, as `path = value` strings
 * (empty when the report is sound).
 *
 * @example
 * badNumbers({ a: [1, NaN], b: null }, 'behavior') // => ['$.a[1] = NaN', '$.b = null']
 */
export function badNumbers(value: unknown, kind: ReportKind, at = '$', out: string[] = []): string[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push(`${at} = ${value}`);
  } else if (value === null) {
    if (!NULLABLE_FIELDS.some((field) => field.kind === kind && matches(field.path, at)))
      out.push(`${at} = null`);
  } else if (ArrayBuffer.isView(value)) {
    if (!(value instanceof DataView))
      Array.from(value as unknown as ArrayLike<number>).forEach((v, i) =>
        badNumbers(v, kind, `${at}[${i}]`, out),
      );
  } else if (Array.isArray(value)) value.forEach((v, i) => badNumbers(v, kind, `${at}[${i}]`, out));
  else if (value instanceof Map)
    for (const [key, v] of value) badNumbers(v, kind, `${at}.${String(key)}`, out);
  else if (typeof value === 'object' && value !== undefined && !(value instanceof Date))
    for (const [key, v] of Object.entries(value as object)) badNumbers(v, kind, `${at}.${key}`, out);
  return out;
}
