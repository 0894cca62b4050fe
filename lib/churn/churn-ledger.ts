/**
 * The churn table from a {@link CustomerLedger}: population, labels and raw features at a cutoff (definitions
 * under `ChurnFeatures` in churn-features.ts). The ledger splits time on whole days, and the cutoff and the
 * label-window end are UTC midnights, so "invoice time < cutoff" is "day < cutoff day", exactly.
 */
import { DataError } from '../errors';
import { CustomerLedger, DAY_OFFSET } from '../retail/customer-ledger';
import { PAIR_SHIFT } from '../retail/num-map';
import { DAY_MS } from '../retail/types';
import type { ChurnLineCounts, ChurnTable, RawChurnFeature } from './churn-features';
import { churnLabels, churnWindowOf, formatDay, type ChurnOptions } from './label';

const { floor, sqrt } = Math;

/** Per customer: purchase-day statistics before the cutoff day, and a purchase in the label window. */
function dayStats(ledger: CustomerLedger, cutDay: number, endDay: number) {
  const n = ledger.size;
  const s = {
    inPopulation: new Uint8Array(n),
    returning: new Uint8Array(n),
    monetary: new Float64Array(n),
    firstDay: new Float64Array(n),
    lastDay: new Float64Array(n),
    days: new Float64Array(n),
    gapMean: new Float64Array(n),
    gapM2: new Float64Array(n),
  };
  const { keys, values } = ledger.daySums();
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const c = floor(key / PAIR_SHIFT);
    const day = key - c * PAIR_SHIFT;
    if (day >= cutDay) {
      if (day < endDay) s.returning[c] = 1;
      continue;
    }
    s.inPopulation[c] = 1;
    s.monetary[c] = s.monetary[c]! + values[k]!;
    const m = s.days[c]!;
    if (m === 0) s.firstDay[c] = day;
    else {
      const gap = day - s.lastDay[c]!;
      const delta = gap - s.gapMean[c]!;
      s.gapMean[c] = s.gapMean[c]! + delta / m;
      s.gapM2[c] = s.gapM2[c]! + delta * (gap - s.gapMean[c]!);
    }
    s.lastDay[c] = day;
    s.days[c] = m + 1;
  }
  return s;
}

/** Entries of a (customer, x) → first day map counted per customer when the first day is before `cutDay`. */
function countBefore(
  map: CustomerLedger['customerInvoice'],
  cutDay: number,
  n: number,
  only?: Uint8Array,
): Float64Array {
  const out = new Float64Array(n);
  map.forEach((key, day) => {
    if (day >= cutDay) return;
    const c = floor(key / PAIR_SHIFT);
    if (only === undefined || only[c] === 1) out[c] = out[c]! + 1;
  });
  return out;
}

/** Purchase lines before, in and after the label window; cancellation lines used and not used. */
function lineCounts(
  ledger: CustomerLedger,
  cutDay: number,
  endDay: number,
  population: Uint8Array,
): ChurnLineCounts {
  const counts: ChurnLineCounts = {
    lines: ledger.purchaseLines,
    beforeCutoff: 0,
    inLabelWindow: 0,
    afterLabelWindow: 0,
    cancellationsBeforeCutoff: 0,
    cancellationsIgnored: 0,
  };
  ledger.dayLines.forEach((day, lines) => {
    if (day < cutDay) counts.beforeCutoff += lines;
    else if (day < endDay) counts.inLabelWindow += lines;
    else counts.afterLabelWindow += lines;
  });
  ledger.cancelDayLines.forEach((key, lines) => {
    const c = floor(key / PAIR_SHIFT);
    if (key - c * PAIR_SHIFT < cutDay && population[c] === 1) counts.cancellationsBeforeCutoff += lines;
  });
  counts.cancellationsIgnored = ledger.cancellationLines - counts.cancellationsBeforeCutoff;
  return counts;
}

/**
 * The churn table at a cutoff from a ledger: the population (customers with a purchase before the cutoff,
 * sorted by id), the label (no purchase in the label window) and the raw features.
 *
 * Complexity: O(ledger pairs + c log c).
 * @param ledger Clean purchases and cancellations.
 * @param options See {@link ChurnOptions}.
 * @throws DataError as `churnDataset`.
 * @example
 * churnTableFromLedger(ledger, { horizonDays: 90 }).customers; // => population size
 */
export function churnTableFromLedger(ledger: CustomerLedger, options: ChurnOptions = {}): ChurnTable {
  if (ledger.released)
    throw new DataError('invalid ledger: its pair tables were released (build every churn table first)');
  const window = churnWindowOf(ledger.firstPurchase, ledger.lastPurchase, options);
  const cutDay = window.cutoff / DAY_MS + DAY_OFFSET;
  const endDay = window.windowEnd / DAY_MS + DAY_OFFSET;
  const n = ledger.size;
  const s = dayStats(ledger, cutDay, endDay);
  const invoicesPer = countBefore(ledger.customerInvoice, cutDay, n);
  const productsPer = countBefore(ledger.customerProduct, cutDay, n);
  const cancelsPer = countBefore(ledger.cancelInvoice, cutDay, n, s.inPopulation);
  const population: number[] = [];
  for (let c = 0; c < n; c++) if (s.inPopulation[c] === 1) population.push(c);
  ledger.sortById(population);
  const col = (): Float64Array => new Float64Array(population.length);
  const f: Record<RawChurnFeature, Float64Array> = {
    recency: col(),
    frequency: col(),
    monetary: col(),
    intervalMean: col(),
    intervalStd: col(),
    uniqueProducts: col(),
    tenure: col(),
    avgBasketValue: col(),
    returnRate: col(),
  };
  population.forEach((c, k) => {
    const invoices = invoicesPer[c]!;
    const cancels = cancelsPer[c]!;
    const spent = s.monetary[c]!;
    const dayCount = s.days[c]!;
    f.recency[k] = cutDay - s.lastDay[c]!;
    f.tenure[k] = cutDay - s.firstDay[c]!;
    f.frequency[k] = invoices;
    f.monetary[k] = spent;
    f.uniqueProducts[k] = productsPer[c]!;
    f.avgBasketValue[k] = spent / invoices;
    f.returnRate[k] = cancels / (invoices + cancels);
    f.intervalMean[k] = dayCount < 2 ? cutDay - s.firstDay[c]! : s.gapMean[c]!;
    f.intervalStd[k] = dayCount < 3 ? 0 : sqrt(s.gapM2[c]! / (dayCount - 1));
  });
  const { label, churned, churnRate } = churnLabels(population.map((c) => s.returning[c] === 1));
  return {
    cutoff: window.cutoff,
    cutoffDate: formatDay(window.cutoff),
    horizonDays: window.horizonDays,
    dataEnd: window.dataEnd,
    customerId: population.map((c) => ledger.names[c]!),
    label,
    features: f,
    customers: population.length,
    churned,
    churnRate,
    lineCounts: lineCounts(ledger, cutDay, endDay, s.inPopulation),
  };
}
