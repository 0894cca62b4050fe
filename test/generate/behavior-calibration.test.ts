/**
 * The generator reproduces the real full log's published aggregates (data/taobao-full-aggregates): daily
 * page views, UV and buyers per day, behaviour counts and users per behaviour. Checked here on 1M rows as
 * shares (scaled to the 100M-row log). A share of rows must be within 2 %; a share of users within 2 % or
 * 4 sampling standard deviations (4 / sqrt(count)) when that is larger, because 1M rows hold only ~9,900
 * users (about 1,400 buyers a day: noise alone is ~2.7 %). The 100M-row benchmark
 * (`npx tsx scripts/calibration/behavior-calibration.ts --rows 100000000`, docs/behavior-calibration.md)
 * shows every figure within 2 %.
 */
import { calibrate, type CalibrationRow } from '../../scripts/calibration/behavior-calibration';
import { BEHAVIOR_GENERATOR_MODEL } from '../../lib/generate/behavior-generator';

function tolerance(row: CalibrationRow): number {
  return row.basis === 'rows' ? 0.02 : Math.max(0.02, 4 / Math.sqrt(row.count));
}

function outside(rows: CalibrationRow[]): string[] {
  return rows
    .filter((row) => Math.abs(row.relative) > tolerance(row))
    .map(
      (row) =>
        `${row.metric}: ${(row.relative * 100).toFixed(2)}% (tolerance ${(tolerance(row) * 100).toFixed(1)}%)`,
    );
}

describe('behaviour generator calibration (1M rows, seed 20171125)', () => {
  const { measures, comparison } = calibrate(1_000_000, 20171125);

  test('every daily and behaviour figure matches the full log within tolerance', () => {
    expect(comparison).toHaveLength(9 * 3 + 4 * 2);
    expect(outside(comparison)).toEqual([]);
    // Row-level shares are tight at this scale already.
    const rowShares = comparison.filter((row) => row.basis === 'rows');
    expect(Math.max(...rowShares.map((row) => Math.abs(row.relative)))).toBeLessThan(0.02);
  });

  test("hourly: traffic peaks at 21:00 and conversion at 10:00 above 22 % (the report's section 3.5)", () => {
    const peak = measures.hourPv.indexOf(Math.max(...measures.hourPv));
    const conversion = measures.hourBuyers.map((buyers, h) => buyers / (measures.hourUsers[h] as number));
    const best = conversion.indexOf(Math.max(...conversion));
    expect([peak, best]).toEqual([21, 10]);
    expect(conversion[10]).toBeGreaterThan(0.22);
    expect(conversion[21]).toBeLessThan(0.16);
  });

  test('funnel: 68.3 % of page-viewing users buy; 21.8 % of interest users are lost before buying (report 3.2)', () => {
    const uvConversion = measures.behaviorUsers.buy! / measures.behaviorUsers.pv!;
    expect(Math.abs(uvConversion - 0.683)).toBeLessThan(0.01);
    const interestLoss = 1 - measures.behaviorUsers.buy! / measures.interestUsers;
    expect(Math.abs(interestLoss - 0.218)).toBeLessThan(0.01);
  });

  test('the check can fail: a model without the weekend uplift misses the Dec 2-3 UV', () => {
    const flat = {
      ...BEHAVIOR_GENERATOR_MODEL,
      dayActive: BEHAVIOR_GENERATOR_MODEL.dayActive.map(() => 0.72),
    };
    const failing = outside(calibrate(200_000, 7, flat).comparison);
    expect(failing.some((line) => line.startsWith('UV 2017-12-02'))).toBe(true);
  });
});
