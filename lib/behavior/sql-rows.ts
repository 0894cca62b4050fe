/** Reading the SQL engine's result rows into the summary's typed cells, one definition for every insight. */

/** Result rows of a SQL query. */
export type SqlRows = ReadonlyArray<Record<string, unknown>>;

/** Checks that a value read from SQL is a count and returns it (`what` names the column in errors). */
export type SqlCount = (value: unknown, what: string) => number;

/**
 * The rows of one of the SQL engine's queries as records of counts: `columns` maps each field to its column,
 * every value going through `count`. O(rows · fields).
 * @example sqlCounts([{ k: 1, users: 5 }], Number, { offset: 'k', users: 'users' }) // => [{ offset: 1, users: 5 }]
 */
export function sqlCounts<K extends string>(
  rows: SqlRows,
  count: SqlCount,
  columns: Record<K, string>,
): Array<Record<K, number>> {
  const fields = Object.entries(columns) as Array<[K, string]>;
  return rows.map((row) => {
    const cell = {} as Record<K, number>;
    for (const [field, column] of fields) cell[field] = count(row[column], column);
    return cell;
  });
}
