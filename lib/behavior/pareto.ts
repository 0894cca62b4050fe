/**
 * The Pareto insight: categories ranked by buys, the cumulative share curve and k80 (the fewest top
 * categories that reach 80% of all buys). Here: its report types, its part of the streaming state (buys per
 * category, counted by the fused scan in accumulator.ts), merge and value, its SQL query and its assembly.
 */
import { sqlCounts, type SqlCount, type SqlRows } from './sql-rows';
import { grownCopy, indexMapInsert, mergeIndexMaps, newIndexMap, type IndexMap } from './id-tables';
import { ratio } from './ratio';

export interface ParetoRow {
  rank: number;
  categoryId: number;
  buys: number;
  /** buys / totalBuys. */
  share: number;
  /** Sum of `share` over ranks 1..rank; the last row is exactly 1. */
  cumulativeShare: number;
}

export interface BehaviorPareto {
  totalBuys: number;
  /** Categories with at least one buy. */
  categoriesWithBuys: number;
  /** Fewest top categories whose buys reach at least 80% of all buys (0 when there are no buys). */
  k80: number;
  /** k80 / categoriesWithBuys (0 when there are no buys). */
  share80: number;
  /** Every category with a buy, ranked by buys desc, ties by smaller category id first. */
  ranking: ParetoRow[];
}

/** Buy events of one category (the summary part both engines compute). */
export interface CategoryBuys {
  categoryId: number;
  buys: number;
}

/** The Pareto part of the streaming state. */
export interface ParetoState {
  /** Category id -> dense index (every category seen, with or without buys). */
  categories: IndexMap;
  /** Buys per category (by dense index). */
  categoryBuys: Float64Array;
}

/** An empty Pareto state. */
export function initPareto(): ParetoState {
  return { categories: newIndexMap(10, 0), categoryBuys: new Float64Array(512) };
}

/** Dense index of category `categoryId`, adding it (and room for its count) when new. Amortised O(1). */
export function categoryIndex(state: ParetoState, categoryId: number): number {
  const index = indexMapInsert(state.categories, categoryId);
  if (index >= state.categoryBuys.length)
    state.categoryBuys = grownCopy(state.categoryBuys, state.categoryBuys.length * 2);
  return index;
}

/** Folds `from` into `into` (categories are a union, buys add). O(categories of from). */
export function mergePareto(into: ParetoState, from: ParetoState): void {
  const indexes = mergeIndexMaps(into.categories, from.categories);
  let length = into.categoryBuys.length;
  while (length < into.categories.size) length *= 2;
  if (length > into.categoryBuys.length) into.categoryBuys = grownCopy(into.categoryBuys, length);
  for (let j = 0; j < indexes.length; j++) into.categoryBuys[indexes[j]!]! += from.categoryBuys[j]!;
}

/**
 * Buys per category of a state, for categories with at least one buy, by category id. O(c log c).
 * @example
 * const state = initPareto(); state.categoryBuys[categoryIndex(state, 9)] = 2; categoryIndex(state, 4);
 * categoryBuysOf(state) // => [{ categoryId: 9, buys: 2 }]
 */
export function categoryBuysOf(state: ParetoState): CategoryBuys[] {
  const categoryBuys: CategoryBuys[] = [];
  for (let j = 0; j < state.categories.size; j++)
    if (state.categoryBuys[j]! > 0)
      categoryBuys.push({ categoryId: state.categories.keys[j]!, buys: state.categoryBuys[j]! });
  return categoryBuys.sort((x, y) => x.categoryId - y.categoryId);
}

/** The Pareto query of the SQL engine: buys per category. */
export function categoryBuysSql(table: string): string {
  return `SELECT category_id, COUNT(*) AS buys FROM ${table} WHERE behavior_type = 3 GROUP BY category_id`;
}

/**
 * Buys per category from the rows of {@link categoryBuysSql}.
 * @example categoryBuysFromSqlRows([{ category_id: 7, buys: 3 }], Number) // => [{ categoryId: 7, buys: 3 }]
 */
export const categoryBuysFromSqlRows = (rows: SqlRows, count: SqlCount): CategoryBuys[] =>
  sqlCounts(rows, count, { categoryId: 'category_id', buys: 'buys' });

/**
 * Ranks categories by buys (desc; ties: smaller category id first), with shares, the cumulative share
 * curve (its last value is exactly 1: it is computed from cumulative integer counts) and k80 = the fewest
 * top categories whose buys reach at least 80% of all buys (tested exactly in integers: 5·cum >= 4·total).
 * Complexity O(c log c) for c categories.
 *
 * @example
 * const pareto = paretoFromCategoryBuys([{categoryId: 7, buys: 1}, {categoryId: 3, buys: 8}, {categoryId: 5, buys: 1}]);
 * pareto.k80 // => 1 (category 3's 8 of 10 buys reach 80 %)
 * pareto.ranking.map((row) => row.categoryId) // => [3, 5, 7] (the tie: category 5 before 7)
 */
export function paretoFromCategoryBuys(categoryBuys: ReadonlyArray<CategoryBuys>): BehaviorPareto {
  const sorted = categoryBuys
    .filter((row) => row.buys > 0)
    .map((row) => ({ categoryId: row.categoryId, buys: row.buys }))
    .sort((a, b) => b.buys - a.buys || a.categoryId - b.categoryId);
  let totalBuys = 0;
  for (const row of sorted) totalBuys += row.buys;
  const ranking: ParetoRow[] = [];
  let cumulative = 0;
  let k80 = 0;
  sorted.forEach((row, index) => {
    cumulative += row.buys;
    if (k80 === 0 && cumulative * 5 >= totalBuys * 4) k80 = index + 1;
    ranking.push({
      rank: index + 1,
      categoryId: row.categoryId,
      buys: row.buys,
      share: row.buys / totalBuys,
      cumulativeShare: cumulative / totalBuys,
    });
  });
  return {
    totalBuys,
    categoriesWithBuys: sorted.length,
    k80,
    share80: ratio(k80, sorted.length),
    ranking,
  };
}
