/**
 * The `where` filter (lib/query/where.ts) in SQL over a table loaded by ecomlab (columns user_id, item_id,
 * category_id, behavior_type 0..3, event_date and event_hour at the load's UTC offset). Values are the validated
 * integers and `YYYY-MM-DD` dates of a {@link NormalizedWhere}, written as literals (no user text reaches the SQL).
 */
import { BEHAVIORS } from '../behavior/types';
import type { NormalizedWhere } from '../query/where';

const ids = (values: readonly number[]) => values.map((value) => String(Math.trunc(value))).join(', ');
const day = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`internal: not a validated date: ${value}`);
  return `'${value}'`;
};

/**
 * The SQL condition of a normalised filter over `quotedTable` (`TRUE` for an empty filter). O(ids).
 * @example whereSql({ categories: [1, 2], hours: [20, 21] }, '`ub`')
 * // => 'category_id IN (1, 2) AND event_hour IN (20, 21)'
 */
export function whereSql(where: NormalizedWhere, quotedTable: string): string {
  const parts: string[] = [];
  if (where.categories) parts.push(`category_id IN (${ids(where.categories)})`);
  if (where.items) parts.push(`item_id IN (${ids(where.items)})`);
  if (where.users) parts.push(`user_id IN (${ids(where.users)})`);
  if (where.behaviors)
    parts.push(`behavior_type IN (${ids(where.behaviors.map((b) => BEHAVIORS.indexOf(b)))})`);
  if (where.dates) parts.push(`event_date BETWEEN ${day(where.dates.from)} AND ${day(where.dates.to)}`);
  if (where.hours) parts.push(`event_hour IN (${ids(where.hours)})`);
  if (where.usersWho)
    parts.push(
      `user_id IN (SELECT user_id FROM ${quotedTable} WHERE ${whereSql(where.usersWho, quotedTable)})`,
    );
  return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}

/**
 * The table expression the summary queries read: the table itself, or a derived table of its filtered rows.
 * @example filteredSource('`ub`', { behaviors: ['buy'] }) // => '(SELECT * FROM `ub` WHERE behavior_type IN (3)) AS filtered'
 */
export function filteredSource(quotedTable: string, where: NormalizedWhere | undefined): string {
  return where === undefined
    ? quotedTable
    : `(SELECT * FROM ${quotedTable} WHERE ${whereSql(where, quotedTable)}) AS filtered`;
}
