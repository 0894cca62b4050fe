/**
 * The churn dataset without leakage: features from transactions strictly before a cutoff, label from the
 * `horizonDays` days that follow it. Day arithmetic uses whole UTC days of the wall-clock times (see
 * lib/retail/types.ts): dayOf(t) = floor(t / 1 day).
 */
import { check, DataError } from '../errors';
import { DAY_MS, type RetailTable } from '../retail/types';
import { quintileScores } from '../rfm/rfm-score';

/** Feature columns, in model order. Each is documented in {@link ChurnFeatures}. */
export const CHURN_FEATURES = [
  'recency',
  'frequency',
  'monetary',
  'rScore',
  'fScore',
  'mScore',
  'intervalMean',
  'intervalStd',
  'uniqueProducts',
  'tenure',
  'avgBasketValue',
  'returnRate',
] as const;
export type ChurnFeature = (typeof CHURN_FEATURES)[number];

/**
 * Per-customer features at the cutoff, one `Float64Array` per feature (customers in `customerId` order).
 * Only purchases and cancellations with invoice time < cutoff are used. cutoffDay = cutoff / 1 day.
 */
export type ChurnFeatures = Record<ChurnFeature, Float64Array>;
/*
 * recency        cutoffDay − dayOf(last purchase)                (≥ 1)
 * frequency      distinct purchase invoices
 * monetary       Σ lineTotal of purchases
 * rScore/fScore/mScore  quintile scores 1..5 (lib/rfm `quintileScores`: pandas qcut of rank(method='first')
 *                over customers in id order; recency reversed, 5 = most recent)
 * intervalMean   mean gap in days between consecutive distinct purchase days; with one purchase day:
 *                cutoffDay − that day (the open gap so far)
 * intervalStd    population standard deviation (ddof 0) of those gaps; 0 with fewer than 3 purchase days
 * uniqueProducts distinct StockCodes purchased
 * tenure         cutoffDay − dayOf(first purchase)               (≥ 1)
 * avgBasketValue monetary / frequency
 * returnRate     cancellation invoices / (purchase invoices + cancellation invoices), in [0, 1]
 */

/** Options of {@link churnDataset}. */
export interface ChurnOptions {
  /**
   * Cutoff: a `YYYY-MM-DD` day (its UTC midnight) or epoch ms at a midnight. Default: dataEnd − horizonDays,
   * where dataEnd = the midnight after the last purchase day, so the label window fits inside the data.
   */
  cutoff?: string | number;
  /** Label window length in days. Default `90`. */
  horizonDays?: number;
  /**
   * Keep the label window inside the data (cutoff + horizonDays ≤ dataEnd). Default `true`. Turn off only to
   * compute features for scoring at the end of the data (then labels are meaningless and all 1).
   */
  requireLabelWindow?: boolean;
}

/** Counts that account for every purchase line: `beforeCutoff + inLabelWindow + afterLabelWindow = lines`. */
export interface ChurnLineCounts {
  lines: number;
  beforeCutoff: number;
  inLabelWindow: number;
  afterLabelWindow: number;
  /** Cancellation lines used (time < cutoff) and not used. */
  cancellationsBeforeCutoff: number;
  cancellationsIgnored: number;
}

/** The churn modelling table. */
export interface ChurnDataset {
  /** Cutoff (epoch ms, a UTC midnight) and as `YYYY-MM-DD`. */
  cutoff: number;
  cutoffDate: string;
  horizonDays: number;
  /** Midnight after the last purchase day (epoch ms). */
  dataEnd: number;
  /** Population: customers with a purchase before the cutoff, sorted by id. */
  customerId: string[];
  /** 1 = churned (no purchase in [cutoff, cutoff + horizonDays days)), 0 = purchased again. */
  label: Uint8Array;
  features: ChurnFeatures;
  featureNames: ChurnFeature[];
  /** Population size, churned count and churn rate. */
  customers: number;
  churned: number;
  churnRate: number;
  lineCounts: ChurnLineCounts;
}

/**
 * Formats epoch ms as its UTC day `YYYY-MM-DD`.
 *
 * Complexity: O(1).
 * @example
 * formatDay(Date.UTC(2011, 8, 11)); // => '2011-09-11'
 */
export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Parses a cutoff given as `YYYY-MM-DD` (or epoch ms) to its UTC midnight.
 *
 * Complexity: O(1).
 * @throws DataError `invalid cutoff: "2011-13-01"` for anything else.
 * @example
 * parseCutoff('2011-09-11'); // => 1315699200000
 */
export function parseCutoff(cutoff: string | number): number {
  let ms: number;
  if (typeof cutoff === 'number') ms = cutoff;
  else {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(cutoff);
    ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
    if (m && formatDay(ms) !== cutoff) ms = NaN;
  }
  if (!Number.isFinite(ms) || ms % DAY_MS !== 0)
    throw new DataError(`invalid cutoff: ${JSON.stringify(cutoff)} (expected a date YYYY-MM-DD)`, {
      column: 'cutoff',
      value: cutoff,
    });
  return ms;
}

interface Acc {
  invoices: Set<string>;
  cancels: Set<string>;
  products: Set<string>;
  days: Set<number>;
  monetary: number;
}

/**
 * Builds the churn table from clean purchases and the cancellations kept aside by `cleanRetail`. Every
 * feature reads only lines with invoice time < cutoff, so changing any later line changes no feature (only
 * labels). The population is every customer with a purchase before the cutoff.
 *
 * Complexity: O(n + c log c) for n lines and c customers.
 * @param purchases Clean purchases (`cleanRetail(...).clean`).
 * @param cancellations Cancellation lines (`cleanRetail(...).cancellations`); may be empty.
 * @param options See {@link ChurnOptions}.
 * @throws DataError for an unparseable cutoff, a label window that does not fit in the data, a cutoff with
 *   no purchase before it, or a bad horizon.
 * @example
 * const { clean, cancellations } = cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz'));
 * const ds = churnDataset(clean, cancellations, { horizonDays: 90 });
 * ds.cutoffDate; // => '2011-09-11'
 */
export function churnDataset(
  purchases: RetailTable,
  cancellations: RetailTable,
  { cutoff, horizonDays = 90, requireLabelWindow = true }: ChurnOptions = {},
): ChurnDataset {
  check(
    Number.isInteger(horizonDays) && horizonDays >= 1,
    'horizonDays',
    horizonDays,
    'expected a positive integer',
  );
  if (purchases.length === 0)
    throw new DataError('invalid purchases: the table is empty', { column: 'purchases' });
  let last = -Infinity;
  let first = Infinity;
  for (let i = 0; i < purchases.length; i++) {
    const t = purchases.invoiceDate[i] as number;
    if (t > last) last = t;
    if (t < first) first = t;
  }
  const dataEnd = (Math.floor(last / DAY_MS) + 1) * DAY_MS;
  const cut = cutoff === undefined ? dataEnd - horizonDays * DAY_MS : parseCutoff(cutoff);
  const windowEnd = cut + horizonDays * DAY_MS;
  if (requireLabelWindow && windowEnd > dataEnd)
    throw new DataError(
      `invalid cutoff: ${formatDay(cut)} (cutoff + ${horizonDays} days = ${formatDay(windowEnd)} is after the data end ${formatDay(dataEnd)}; use ${formatDay(dataEnd - horizonDays * DAY_MS)} or earlier)`,
      { column: 'cutoff', value: cutoff },
    );
  if (cut <= first)
    throw new DataError(
      `invalid cutoff: ${formatDay(cut)} (no purchase before it; the first purchase is on ${formatDay(Math.floor(first / DAY_MS) * DAY_MS)})`,
      { column: 'cutoff', value: cutoff },
    );
  const cutoffDay = cut / DAY_MS;
  const byCustomer = new Map<string, Acc>();
  const returning = new Set<string>();
  const counts: ChurnLineCounts = {
    lines: purchases.length,
    beforeCutoff: 0,
    inLabelWindow: 0,
    afterLabelWindow: 0,
    cancellationsBeforeCutoff: 0,
    cancellationsIgnored: 0,
  };
  let prevId: string | null = null;
  let prevAcc: Acc | undefined;
  let prevInvoice = '';
  let prevTime = NaN;
  for (let i = 0; i < purchases.length; i++) {
    const t = purchases.invoiceDate[i] as number;
    const id = purchases.customerId[i];
    if (id === null || id === undefined)
      throw new DataError(
        `invalid purchases: line ${purchases.sourceLine[i]} has no CustomerID (clean the table first)`,
        {
          line: purchases.sourceLine[i],
          column: 'CustomerID',
        },
      );
    if (t >= cut) {
      if (t < windowEnd) {
        counts.inLabelWindow++;
        returning.add(id);
      } else counts.afterLabelWindow++;
      continue;
    }
    counts.beforeCutoff++;
    const invoice = purchases.invoiceNo[i] as string;
    // Lines of one invoice are usually adjacent: reuse the previous line's customer and skip repeated adds.
    let acc = id === prevId ? prevAcc : byCustomer.get(id);
    if (acc === undefined) {
      acc = { invoices: new Set(), cancels: new Set(), products: new Set(), days: new Set(), monetary: 0 };
      byCustomer.set(id, acc);
    }
    if (acc !== prevAcc || invoice !== prevInvoice || t !== prevTime) {
      acc.invoices.add(invoice);
      acc.days.add(Math.floor(t / DAY_MS));
    }
    acc.products.add(purchases.stockCode[i] as string);
    acc.monetary += purchases.lineTotal[i] as number;
    prevId = id;
    prevAcc = acc;
    prevInvoice = invoice;
    prevTime = t;
  }
  for (let i = 0; i < cancellations.length; i++) {
    const id = cancellations.customerId[i];
    const acc = id === null || id === undefined ? undefined : byCustomer.get(id);
    if ((cancellations.invoiceDate[i] as number) < cut && acc !== undefined) {
      acc.cancels.add(cancellations.invoiceNo[i] as string);
      counts.cancellationsBeforeCutoff++;
    } else counts.cancellationsIgnored++;
  }
  const ids = [...byCustomer.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const c = ids.length;
  const col = (): Float64Array => new Float64Array(c);
  const f = {
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
  const label = new Uint8Array(c);
  let churned = 0;
  ids.forEach((id, k) => {
    const acc = byCustomer.get(id) as Acc;
    const days = [...acc.days].sort((a, b) => a - b);
    const firstDay = days[0] as number;
    const lastDay = days[days.length - 1] as number;
    f.recency[k] = cutoffDay - lastDay;
    f.tenure[k] = cutoffDay - firstDay;
    f.frequency[k] = acc.invoices.size;
    f.monetary[k] = acc.monetary;
    f.uniqueProducts[k] = acc.products.size;
    f.avgBasketValue[k] = acc.monetary / acc.invoices.size;
    f.returnRate[k] = acc.cancels.size / (acc.invoices.size + acc.cancels.size);
    if (days.length < 2) {
      f.intervalMean[k] = cutoffDay - firstDay;
      f.intervalStd[k] = 0;
    } else {
      const gaps = days.slice(1).map((day, g) => day - (days[g] as number));
      const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
      f.intervalMean[k] = mean;
      f.intervalStd[k] =
        days.length < 3 ? 0 : Math.sqrt(gaps.reduce((a, g) => a + (g - mean) * (g - mean), 0) / gaps.length);
    }
    const isChurned = returning.has(id) ? 0 : 1;
    label[k] = isChurned;
    churned += isChurned;
  });
  const features: ChurnFeatures = {
    recency: f.recency,
    frequency: f.frequency,
    monetary: f.monetary,
    rScore: quintileScores(f.recency, true),
    fScore: quintileScores(f.frequency),
    mScore: quintileScores(f.monetary),
    intervalMean: f.intervalMean,
    intervalStd: f.intervalStd,
    uniqueProducts: f.uniqueProducts,
    tenure: f.tenure,
    avgBasketValue: f.avgBasketValue,
    returnRate: f.returnRate,
  };
  return {
    cutoff: cut,
    cutoffDate: formatDay(cut),
    horizonDays,
    dataEnd,
    customerId: ids,
    label,
    features,
    featureNames: [...CHURN_FEATURES],
    customers: c,
    churned,
    churnRate: c === 0 ? 0 : churned / c,
    lineCounts: counts,
  };
}

/**
 * The features as rows (one `Float64Array` per customer) in `featureNames` order, for the model.
 *
 * Complexity: O(c·d).
 * @example
 * featureRows(ds)[0].length; // => 12
 */
export function featureRows(
  ds: Pick<ChurnDataset, 'features' | 'featureNames' | 'customerId'>,
): Float64Array[] {
  const cols = ds.featureNames.map((name) => ds.features[name]);
  return ds.customerId.map((_, k) => Float64Array.from(cols, (column) => column[k] as number));
}
