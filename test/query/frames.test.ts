/**
 * Report tables as rows, danfojs DataFrames and Arrow tables: every table of a real-data report converts with
 * the same values in the same order; unknown tables are named in the error.
 */
import * as path from 'node:path';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { analyzeBehavior } from '../../lib/behavior';
import type { RetailReport } from '../../lib/lifecycle/types';
import { BEHAVIOR_TABLES, reportRows, toArrowTable, toDataFrame } from '../../lib/query/frames';
import type { BehaviorReport } from '../../lib/behavior/types';

const HEAD = path.join(__dirname, '..', '..', 'data', 'taobao', 'UserBehavior_head_4321rows.csv');
let report: BehaviorReport;
beforeAll(async () => {
  report = await analyzeBehavior(HEAD);
});

describe('report tables', () => {
  test('rows of each table match the report', () => {
    expect(reportRows(report, 'pareto')).toHaveLength(report.pareto.ranking.length);
    expect(reportRows(report, 'hourly')[20]).toEqual(report.hourly[20]);
    expect(reportRows(report, 'funnel').map((row) => row.users)).toEqual([
      report.funnel.pvUsers,
      report.funnel.interestUsers,
      report.funnel.buyers,
    ]);
    const retention = reportRows(report, 'retention');
    const cohort = report.retention.cohorts[0]!;
    expect(retention.filter((row) => row.cohort === cohort.date).map((row) => row.active)).toEqual(
      cohort.active,
    );
    expect(reportRows(report, 'rfmSegments').map((row) => row.segment)).toEqual(
      report.rfm.segments.map((s) => s.segment),
    );
    expect(() => reportRows(report, 'paretto')).toThrow(/invalid table: "paretto" \(expected pareto, funnel/);
    expect(() => reportRows(report, 'breakdown')).toThrow(/no breakdown/);
  });

  test.each(BEHAVIOR_TABLES.filter((t) => t !== 'breakdown'))(
    '%s as a DataFrame and an Arrow table',
    (table) => {
      const rows = reportRows(report, table);
      const frame = toDataFrame(report, table) as { shape: number[]; columns: string[]; values: unknown[][] };
      expect(frame.shape).toEqual([rows.length, Object.keys(rows[0]!).length]);
      expect(frame.columns).toEqual(Object.keys(rows[0]!));
      expect(frame.values).toEqual(rows.map((row) => Object.values(row)));
      const arrow = tableFromIPC(tableToIPC(toArrowTable(report, table), 'file'));
      expect(arrow.numRows).toBe(rows.length);
      expect(arrow.toArray().map((row) => ({ ...row.toJSON() }))).toEqual(rows);
    },
  );

  test('the retail customer table converts too', () => {
    const customers = [
      { customerId: '12346', recency: 5, frequency: 2, monetary: 10.5, rScore: 5, fScore: 2, mScore: 1 },
      { customerId: '12347', recency: 9, frequency: 1, monetary: 3.25, rScore: 4, fScore: 1, mScore: 1 },
    ].map((c) => ({
      ...c,
      segment: 'champions',
      ltv: 1,
      clv: 2,
      probabilityAlive: 0.5,
      churnProbability: 0.25,
    }));
    const retail = { customers } as unknown as RetailReport;
    expect((toDataFrame(retail, 'customers') as { shape: number[] }).shape).toEqual([2, 12]);
    const arrow = toArrowTable(retail, 'customers');
    expect(arrow.getChild('customerId')?.get(1)).toBe('12347');
    expect(arrow.getChild('monetary')?.get(0)).toBe(10.5);
    expect(() => toArrowTable(retail, 'pareto')).toThrow(/a retail report has the table customers/);
  });
});
