/**
 * The report's historical LTV: average order value × purchase frequency × margin × expected lifespan.
 */
import { check } from '../errors';
import { checkOption } from '../options';
import { CUSTOMER_SEGMENTS, DAY_MS, type RfmTable } from '../retail/types';
import { type HistoricalLtv, type LtvSegmentRow } from './types';
import { SEGMENT_LABELS } from '../rfm/rfm-segment';

/** Options of {@link historicalLtv}. */
export interface HistoricalLtvOptions {
  /** Profit margin applied to revenue. Default 0.2. */
  margin?: number;
  /** Expected customer lifespan in years. Default 3. */
  lifespanYears?: number;
  /** Start of the observation period (epoch ms). Default: the earliest first purchase in the RFM table. */
  observationStart?: number;
}

/**
 * Historical LTV per customer: AOV = M / F; purchases per year = F / observation years, where the observation
 * period runs from the first purchase in the data to the RFM snapshot (365-day years); LTV = AOV × purchases
 * per year × margin × lifespan years (= M / observation years × margin × lifespan).
 *
 * Complexity: O(customers).
 * @param rfm RFM table.
 * @param options See {@link HistoricalLtvOptions}.
 * @throws DataError on margin outside [0, 1], a non-positive lifespan, or an empty observation period.
 * @example
 * const rfm = rfmTable(cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz')).clean);
 * historicalLtv(rfm, { margin: 0.2, lifespanYears: 3 }).ltv[0]; // => 45173.6 (customer 12346: one 77,183.60 order)
 */
export function historicalLtv(
  rfm: RfmTable,
  { margin = 0.2, lifespanYears = 3, observationStart }: HistoricalLtvOptions = {},
): HistoricalLtv {
  checkOption('margin', margin);
  checkOption('lifespanYears', lifespanYears);
  // A loop, not Math.min(...column): spreading more than ~125k customers overflows the call stack.
  let earliest = Infinity;
  for (let c = 0; c < rfm.firstPurchase.length; c++) earliest = Math.min(earliest, rfm.firstPurchase[c]!);
  const start = observationStart ?? earliest;
  const observationYears = (rfm.snapshot - start) / DAY_MS / 365;
  check(
    observationYears > 0,
    'observation period (years)',
    observationYears,
    'snapshot must be after the start',
  );
  const n = rfm.customerId.length;
  const averageOrderValue = new Float64Array(n);
  const purchasesPerYear = new Float64Array(n);
  const ltv = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    averageOrderValue[c] = rfm.monetary[c]! / rfm.frequency[c]!;
    purchasesPerYear[c] = rfm.frequency[c]! / observationYears;
    ltv[c] = averageOrderValue[c]! * purchasesPerYear[c]! * margin * lifespanYears;
  }
  return {
    margin,
    lifespanYears,
    observationYears,
    customerId: rfm.customerId.slice(),
    averageOrderValue,
    purchasesPerYear,
    ltv,
  };
}

/**
 * LTV per value tier: customers, mean AOV, mean purchases per year, mean and total historical LTV, and the mean
 * probabilistic CLV when `clv` (aligned with the RFM customers) is given. All eight tiers, in order.
 *
 * Complexity: O(customers).
 * @param rfm RFM table (segments).
 * @param historical {@link historicalLtv} of the same table.
 * @param clv Optional CLV per customer in the RFM table's order.
 * @throws DataError when lengths differ.
 * @example
 * const rfm = rfmTable(cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz')).clean);
 * const tier = ltvBySegment(rfm, historicalLtv(rfm))[0]!;
 * [tier.segment, tier.customers, tier.meanLtv]; // => ['importantValue', 942, 3565.05]
 */
export function ltvBySegment(
  rfm: RfmTable,
  historical: HistoricalLtv,
  clv?: ArrayLike<number>,
): LtvSegmentRow[] {
  const n = rfm.customerId.length;
  check(
    historical.ltv.length === n,
    'historical LTV length',
    historical.ltv.length,
    `RFM has ${n} customers`,
  );
  if (clv !== undefined) check(clv.length === n, 'CLV length', clv.length, `RFM has ${n} customers`);
  const acc = new Map(CUSTOMER_SEGMENTS.map((s) => [s, { n: 0, aov: 0, ppy: 0, ltv: 0, clv: 0 }]));
  for (let c = 0; c < n; c++) {
    const a = acc.get(rfm.segment[c]!)!;
    a.n++;
    a.aov += historical.averageOrderValue[c]!;
    a.ppy += historical.purchasesPerYear[c]!;
    a.ltv += historical.ltv[c]!;
    if (clv !== undefined) a.clv += clv[c]!;
  }
  return CUSTOMER_SEGMENTS.map((segment) => {
    const a = acc.get(segment)!;
    const mean = (v: number) => (a.n > 0 ? v / a.n : NaN);
    return {
      segment,
      ...SEGMENT_LABELS[segment],
      customers: a.n,
      meanAverageOrderValue: mean(a.aov),
      meanPurchasesPerYear: mean(a.ppy),
      meanLtv: mean(a.ltv),
      totalLtv: a.ltv,
      meanClv: clv === undefined ? NaN : mean(a.clv),
    };
  });
}
