/** Breakdown options: `{ top: N }` keeps the N categories with the most events; bad values are named. */
import * as path from 'node:path';
import { analyzeBehavior } from '../../lib/behavior';
import { reportRows, toArrowTable } from '../../lib/query/frames';
import { leakChart, leakiestCategories } from '../../lib/query/leak-chart';

const HEAD = path.join(__dirname, '..', '..', 'data', 'taobao', 'UserBehavior_head_4321rows.csv');

describe('breakdown', () => {
  test('top N is the head of the full table; rows add up to the report', async () => {
    const full = await analyzeBehavior(HEAD, { breakdown: true });
    const top = await analyzeBehavior(HEAD, { breakdown: { top: 5 } });
    expect(top.breakdown!.rows).toEqual(full.breakdown!.rows.slice(0, 5));
    expect(top.breakdown!.categories).toBe(full.overview.categories);
    const rows = full.breakdown!.rows;
    expect(rows.reduce((sum, row) => sum + row.events, 0)).toBe(full.overview.rows);
    expect(rows.reduce((sum, row) => sum + row.buy, 0)).toBe(full.overview.events.buy);
    expect(rows.filter((row) => row.paretoRank > 0).length).toBe(full.pareto.categoriesWithBuys);
    const first = full.pareto.ranking[0]!;
    expect(rows.find((row) => row.categoryId === first.categoryId)).toMatchObject({
      paretoRank: 1,
      buy: first.buys,
      buyShare: first.share,
    });
    for (const row of rows) {
      expect(row.users).toBeGreaterThanOrEqual(Math.max(row.pvUsers, row.interestUsers, row.buyers));
      expect(row.interestNoBuy).toBeLessThanOrEqual(row.interestUsers);
    }
    expect(reportRows(full, 'breakdown')).toHaveLength(rows.length);
    expect(toArrowTable(top, 'breakdown').numRows).toBe(5);
    expect(full.query).toBeUndefined();
  });

  test.each([{ top: 0 }, { top: 2.5 }, { top: '5' }])('breakdown %j is refused', async (breakdown) => {
    await expect(analyzeBehavior(HEAD, { breakdown: breakdown as { top: number } })).rejects.toThrow(
      /invalid breakdown\.top: .* \(expected an integer >= 1/,
    );
  });
});

describe('leakChart', () => {
  test('the leakiest categories with enough interested users, worst first, named in the title', async () => {
    const report = await analyzeBehavior(HEAD, { breakdown: true });
    const rows = leakiestCategories(report.breakdown!, { count: 4, minInterestUsers: 3 });
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row.interestUsers).toBeGreaterThanOrEqual(3);
    for (let k = 1; k < rows.length; k++)
      expect(rows[k - 1]!.leakShare).toBeGreaterThanOrEqual(rows[k]!.leakShare);
    const figure = leakChart(report.breakdown!, { count: 4, minInterestUsers: 3 });
    expect(figure.data[0]!.x).toEqual(rows.map((row) => row.leakShare));
    expect(String((figure.layout.title as { text: string }).text)).toContain(
      `Category ${rows[0]!.categoryId}`,
    );
    expect(() => leakChart(report.breakdown!, { minInterestUsers: 1e9 })).toThrow(
      /leakChart needs at least one row/,
    );
  });
});
