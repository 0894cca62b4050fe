/**
 * The `--json` output of a report. `JSON.stringify` silently writes NaN and Infinity as `null`; a report must
 * never hold them (docs/reliability.md), so a non-finite number stops the command as an internal error naming
 * the field instead of printing a hole.
 */

/**
 * `report` as JSON text (with a final newline).
 *
 * @throws Error `internal: the report holds NaN at overview.events.pv (...)` for a non-finite number.
 * @example
 * reportJson({ a: 1 }, 1) // => '{\n "a": 1\n}\n'
 */
export function reportJson(report: unknown, indent: number): string {
  const parents = new Map<object, string>();
  const text = JSON.stringify(
    report,
    function (this: unknown, key: string, value: unknown) {
      const at = key === '' ? '$' : `${parents.get(this as object) ?? '$'}.${key}`;
      if (typeof value === 'number' && !Number.isFinite(value))
        throw new Error(
          `internal: the report holds ${value} at ${at} (JSON would print null; a report must not hold it)`,
        );
      if (value !== null && typeof value === 'object') parents.set(value, at);
      return value;
    },
    indent,
  );
  return `${text}\n`;
}
