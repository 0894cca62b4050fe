/**
 * The churn dataset without leakage: features from transactions strictly before a cutoff, label from the
 * `horizonDays` days that follow it. Day arithmetic uses whole UTC days of the wall-clock times (see
 * lib/retail/types.ts): dayOf(t) = floor(t / 1 day).
 */
import { check, DataError } from '../errors';
import { DAY_MS, type RetailTable } from '../retail/types';
import { quintileScores } from '../rfm/rfm-score';

/**
 * Feature columns, in model order. Each is documented in {@link ChurnFeatures}.
 * @example
 * CHURN_FEATURES.length; // => 12
 * CHURN_FEATURES[0]; // => 'recency'
 */
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

/** Keys customer·KEY_SHIFT + value stay exact doubles for up to 2^26 customers and 2^26 values. */
const KEY_SHIFT = 2 ** 26;

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
  const firstDay0 = Math.floor(first / DAY_MS);
  const counts: ChurnLineCounts = {
    lines: purchases.length,
    beforeCutoff: 0,
    inLabelWindow: 0,
    afterLabelWindow: 0,
    cancellationsBeforeCutoff: 0,
    cancellationsIgnored: 0,
  };
  // Distinct counts without per-customer sets: strings are interned to integers, each (customer, value) pair
  // becomes one number customer·2^26 + value, and sorting those numbers groups them by customer.
  const custIndex = new Map<string, number>();
  const custIds: string[] = [];
  const monetaryByCust: number[] = [];
  const returning: boolean[] = [];
  const invoiceIndex = new Map<string, number>();
  const productIndex = new Map<string, number>();
  const intern = (map: Map<string, number>, key: string): number => {
    let v = map.get(key);
    if (v === undefined) {
      v = map.size;
      map.set(key, v);
    }
    return v;
  };
  const n = purchases.length;
  const invoiceKeys = new Float64Array(n);
  const productKeys = new Float64Array(n);
  const dayKeys = new Float64Array(n);
  let nInvoice = 0;
  let nProduct = 0;
  let prevId: string | null = null;
  let prevC = -1;
  let prevInvoice = '';
  let prevTime = NaN;
  for (let i = 0; i < n; i++) {
    const t = purchases.invoiceDate[i] as number;
    const id = purchases.customerId[i];
    if (id === null || id === undefined)
      throw new DataError(
        `invalid purchases: line ${purchases.sourceLine[i]} has no CustomerID (clean the table first)`,
        { line: purchases.sourceLine[i], column: 'CustomerID' },
      );
    if (t >= cut) {
      if (t < windowEnd) {
        counts.inLabelWindow++;
        const c = custIndex.get(id);
        if (c === undefined) {
          // first seen in the window: not (yet) in the population; remember the purchase for the label
          custIndex.set(id, custIds.length);
          custIds.push(id);
          monetaryByCust.push(NaN);
          returning.push(true);
        } else returning[c] = true;
      } else counts.afterLabelWindow++;
      continue;
    }
    counts.beforeCutoff++;
    const invoice = purchases.invoiceNo[i] as string;
    // Lines of one invoice are usually adjacent: reuse the previous line's customer and skip repeated keys.
    let c = id === prevId ? prevC : custIndex.get(id);
    if (c === undefined) {
      c = custIds.length;
      custIndex.set(id, c);
      custIds.push(id);
      monetaryByCust.push(0);
      returning.push(false);
    } else if (Number.isNaN(monetaryByCust[c] as number)) monetaryByCust[c] = 0;
    const base = c * KEY_SHIFT;
    if (c !== prevC || invoice !== prevInvoice || t !== prevTime) {
      invoiceKeys[nInvoice] = base + intern(invoiceIndex, invoice);
      dayKeys[nInvoice] = base + (Math.floor(t / DAY_MS) - firstDay0);
      nInvoice++;
    }
    productKeys[nProduct++] = base + intern(productIndex, purchases.stockCode[i] as string);
    monetaryByCust[c] = (monetaryByCust[c] as number) + (purchases.lineTotal[i] as number);
    prevId = id;
    prevC = c;
    prevInvoice = invoice;
    prevTime = t;
  }
  const cancelKeys = new Float64Array(cancellations.length);
  let nCancel = 0;
  for (let i = 0; i < cancellations.length; i++) {
    const id = cancellations.customerId[i];
    const c = id === null || id === undefined ? undefined : custIndex.get(id);
    if (
      (cancellations.invoiceDate[i] as number) < cut &&
      c !== undefined &&
      !Number.isNaN(monetaryByCust[c] as number)
    ) {
      cancelKeys[nCancel++] = c * KEY_SHIFT + intern(invoiceIndex, cancellations.invoiceNo[i] as string);
      counts.cancellationsBeforeCutoff++;
    } else counts.cancellationsIgnored++;
  }
  const totalCust = custIds.length;
  const distinctPerCustomer = (keys: Float64Array): Float64Array => {
    keys.sort();
    const out = new Float64Array(totalCust);
    let prev = -1;
    for (const key of keys) {
      if (key !== prev) {
        const c = Math.floor(key / KEY_SHIFT);
        out[c] = (out[c] as number) + 1;
        prev = key;
      }
    }
    return out;
  };
  const invoicesPer = distinctPerCustomer(invoiceKeys.subarray(0, nInvoice));
  const productsPer = distinctPerCustomer(productKeys.subarray(0, nProduct));
  const cancelsPer = distinctPerCustomer(cancelKeys.subarray(0, nCancel));
  // Purchase days per customer, ascending: first, last, and the gaps' mean and variance (Welford).
  const firstDayOf = new Float64Array(totalCust);
  const lastDayOf = new Float64Array(totalCust);
  const daysOf = new Float64Array(totalCust);
  const gapMean = new Float64Array(totalCust);
  const gapM2 = new Float64Array(totalCust);
  const days = dayKeys.subarray(0, nInvoice).sort();
  let prevKey = -1;
  for (const key of days) {
    if (key === prevKey) continue;
    prevKey = key;
    const c = Math.floor(key / KEY_SHIFT);
    const day = key - c * KEY_SHIFT + firstDay0;
    const m = daysOf[c] as number;
    if (m === 0) firstDayOf[c] = day;
    else {
      const gap = day - (lastDayOf[c] as number);
      const delta = gap - (gapMean[c] as number);
      gapMean[c] = (gapMean[c] as number) + delta / m;
      gapM2[c] = (gapM2[c] as number) + delta * (gap - (gapMean[c] as number));
    }
    lastDayOf[c] = day;
    daysOf[c] = m + 1;
  }
  const population: number[] = [];
  for (let c = 0; c < totalCust; c++) if (!Number.isNaN(monetaryByCust[c] as number)) population.push(c);
  population.sort((a, b) => {
    const x = custIds[a] as string;
    const y = custIds[b] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const ids = population.map((c) => custIds[c] as string);
  const nPop = ids.length;
  const col = (): Float64Array => new Float64Array(nPop);
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
  const label = new Uint8Array(nPop);
  let churned = 0;
  population.forEach((c, k) => {
    const invoices = invoicesPer[c] as number;
    const cancels = cancelsPer[c] as number;
    const spent = monetaryByCust[c] as number;
    const dayCount = daysOf[c] as number;
    f.recency[k] = cutoffDay - (lastDayOf[c] as number);
    f.tenure[k] = cutoffDay - (firstDayOf[c] as number);
    f.frequency[k] = invoices;
    f.monetary[k] = spent;
    f.uniqueProducts[k] = productsPer[c] as number;
    f.avgBasketValue[k] = spent / invoices;
    f.returnRate[k] = cancels / (invoices + cancels);
    f.intervalMean[k] = dayCount < 2 ? cutoffDay - (firstDayOf[c] as number) : (gapMean[c] as number);
    f.intervalStd[k] = dayCount < 3 ? 0 : Math.sqrt((gapM2[c] as number) / (dayCount - 1));
    const isChurned = returning[c] ? 0 : 1;
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
    customers: nPop,
    churned,
    churnRate: nPop === 0 ? 0 : churned / nPop,
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
