/**
 * The churn features without leakage: per-customer features from transactions strictly before a cutoff (the
 * label, from the `horizonDays` days that follow it, is in label.ts). Day arithmetic uses whole UTC days of the
 * wall-clock times (see lib/retail/types.ts): dayOf(t) = floor(t / 1 day).
 */
import { DataError } from '../errors';
import { DAY_MS, type RetailTable } from '../retail/types';
import { quintileScores } from '../rfm/rfm-score';
import { churnLabels, churnWindow, formatDay, linePhase, type ChurnOptions, type ChurnWindow } from './label';

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

/** The score features: quintile scores of recency (reversed), frequency and monetary. */
export const SCORE_FEATURES = ['rScore', 'fScore', 'mScore'] as const;
/** The raw features (every feature but the scores), computed from the transactions alone. */
export type RawChurnFeature = Exclude<ChurnFeature, (typeof SCORE_FEATURES)[number]>;

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

/**
 * The churn table before scoring: population, labels and the raw features. The score features are added by a
 * fitted step: over the whole population in {@link churnDataset}, fitted on training rows only in the lifecycle
 * model (lib/churn/score-bins.ts).
 */
export type ChurnTable = Omit<ChurnDataset, 'features' | 'featureNames'> & {
  features: Record<RawChurnFeature, Float64Array>;
};

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

/** Keys customer·KEY_SHIFT + value stay exact doubles for up to 2^26 customers and 2^26 values. */
const KEY_SHIFT = 2 ** 26;

/** Interns strings to 0, 1, 2, ... in first-seen order. */
function intern(map: Map<string, number>, key: string): number {
  let v = map.get(key);
  if (v === undefined) {
    v = map.size;
    map.set(key, v);
  }
  return v;
}

/**
 * What one pass over the purchases collects. Distinct counts need no per-customer sets: strings are interned
 * to integers, each (customer, value) pair becomes one number customer·2^26 + value, and sorting those numbers
 * groups them by customer.
 */
interface PurchaseScan {
  counts: ChurnLineCounts;
  custIndex: Map<string, number>;
  custIds: string[];
  /** Σ lineTotal before the cutoff; NaN for a customer seen only in the label window (not in the population). */
  monetaryByCust: number[];
  /** A purchase in the label window. */
  returning: boolean[];
  invoiceIndex: Map<string, number>;
  invoiceKeys: Float64Array;
  productKeys: Float64Array;
  /** Purchase day keys (day − first purchase day), one per invoice key. */
  dayKeys: Float64Array;
  firstDay0: number;
}

/** Phase 2: one pass over the purchases (label window: who returned; before the cutoff: feature keys). */
function scanPurchases(purchases: RetailTable, window: ChurnWindow): PurchaseScan {
  const n = purchases.length;
  const scan: PurchaseScan = {
    counts: {
      lines: n,
      beforeCutoff: 0,
      inLabelWindow: 0,
      afterLabelWindow: 0,
      cancellationsBeforeCutoff: 0,
      cancellationsIgnored: 0,
    },
    custIndex: new Map(),
    custIds: [],
    monetaryByCust: [],
    returning: [],
    invoiceIndex: new Map(),
    invoiceKeys: new Float64Array(n),
    productKeys: new Float64Array(n),
    dayKeys: new Float64Array(n),
    firstDay0: Math.floor(window.firstPurchase / DAY_MS),
  };
  const { counts, custIndex, custIds, monetaryByCust, returning } = scan;
  const productIndex = new Map<string, number>();
  let nInvoice = 0;
  let nProduct = 0;
  let prevId: string | null = null;
  let prevC = -1;
  let prevInvoice = '';
  let prevTime = NaN;
  const addCustomer = (id: string, monetary: number, returned: boolean): number => {
    custIndex.set(id, custIds.length);
    custIds.push(id);
    monetaryByCust.push(monetary);
    returning.push(returned);
    return custIds.length - 1;
  };
  for (let i = 0; i < n; i++) {
    const t = purchases.invoiceDate[i] as number;
    const id = purchases.customerId[i];
    if (id === null || id === undefined)
      throw new DataError(
        `invalid purchases: line ${purchases.sourceLine[i]} has no CustomerID (clean the table first)`,
        { line: purchases.sourceLine[i], column: 'CustomerID' },
      );
    const phase = linePhase(t, window);
    counts[phase]++;
    if (phase === 'inLabelWindow') {
      const c = custIndex.get(id);
      // first seen in the window: not (yet) in the population; remember the purchase for the label
      if (c === undefined) addCustomer(id, NaN, true);
      else returning[c] = true;
    }
    if (phase !== 'beforeCutoff') continue;
    const invoice = purchases.invoiceNo[i] as string;
    // Lines of one invoice are usually adjacent: reuse the previous line's customer and skip repeated keys.
    let c = id === prevId ? prevC : custIndex.get(id);
    if (c === undefined) c = addCustomer(id, 0, false);
    else if (Number.isNaN(monetaryByCust[c] as number)) monetaryByCust[c] = 0;
    const base = c * KEY_SHIFT;
    if (c !== prevC || invoice !== prevInvoice || t !== prevTime) {
      scan.invoiceKeys[nInvoice] = base + intern(scan.invoiceIndex, invoice);
      scan.dayKeys[nInvoice] = base + (Math.floor(t / DAY_MS) - scan.firstDay0);
      nInvoice++;
    }
    scan.productKeys[nProduct++] = base + intern(productIndex, purchases.stockCode[i] as string);
    monetaryByCust[c] = (monetaryByCust[c] as number) + (purchases.lineTotal[i] as number);
    prevId = id;
    prevC = c;
    prevInvoice = invoice;
    prevTime = t;
  }
  scan.invoiceKeys = scan.invoiceKeys.subarray(0, nInvoice);
  scan.dayKeys = scan.dayKeys.subarray(0, nInvoice);
  scan.productKeys = scan.productKeys.subarray(0, nProduct);
  return scan;
}

/** Phase 3: the cancellation invoice keys of population customers before the cutoff (the rest is counted). */
function scanCancellations(cancellations: RetailTable, scan: PurchaseScan, cutoff: number): Float64Array {
  const cancelKeys = new Float64Array(cancellations.length);
  let nCancel = 0;
  for (let i = 0; i < cancellations.length; i++) {
    const id = cancellations.customerId[i];
    const c = id === null || id === undefined ? undefined : scan.custIndex.get(id);
    if (
      (cancellations.invoiceDate[i] as number) < cutoff &&
      c !== undefined &&
      !Number.isNaN(scan.monetaryByCust[c] as number)
    ) {
      cancelKeys[nCancel++] = c * KEY_SHIFT + intern(scan.invoiceIndex, cancellations.invoiceNo[i] as string);
      scan.counts.cancellationsBeforeCutoff++;
    } else scan.counts.cancellationsIgnored++;
  }
  return cancelKeys.subarray(0, nCancel);
}

/** Distinct values per customer of (customer, value) keys. Sorts `keys` in place. */
function distinctPerCustomer(keys: Float64Array, customers: number): Float64Array {
  keys.sort();
  const out = new Float64Array(customers);
  let prev = -1;
  for (const key of keys) {
    if (key !== prev) {
      const c = Math.floor(key / KEY_SHIFT);
      out[c] = (out[c] as number) + 1;
      prev = key;
    }
  }
  return out;
}

/** Phase 4: purchase days per customer, ascending: first, last, count, and the gaps' mean and M2 (Welford). */
function purchaseDayStats(scan: PurchaseScan, customers: number) {
  const firstDayOf = new Float64Array(customers);
  const lastDayOf = new Float64Array(customers);
  const daysOf = new Float64Array(customers);
  const gapMean = new Float64Array(customers);
  const gapM2 = new Float64Array(customers);
  let prevKey = -1;
  for (const key of scan.dayKeys.sort()) {
    if (key === prevKey) continue;
    prevKey = key;
    const c = Math.floor(key / KEY_SHIFT);
    const day = key - c * KEY_SHIFT + scan.firstDay0;
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
  return { firstDayOf, lastDayOf, daysOf, gapMean, gapM2 };
}

/** Phase 5: the population (customers with a purchase before the cutoff), sorted by id. */
function populationOf(scan: PurchaseScan): number[] {
  const population: number[] = [];
  for (let c = 0; c < scan.custIds.length; c++)
    if (!Number.isNaN(scan.monetaryByCust[c] as number)) population.push(c);
  return population.sort((a, b) => {
    const x = scan.custIds[a] as string;
    const y = scan.custIds[b] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Phase 6: the raw feature columns of the population (definitions: the comment under {@link ChurnFeatures}). */
function rawFeatures(
  scan: PurchaseScan,
  cancelKeys: Float64Array,
  population: readonly number[],
  cutoffDay: number,
): Record<RawChurnFeature, Float64Array> {
  const customers = scan.custIds.length;
  const invoicesPer = distinctPerCustomer(scan.invoiceKeys, customers);
  const productsPer = distinctPerCustomer(scan.productKeys, customers);
  const cancelsPer = distinctPerCustomer(cancelKeys, customers);
  const { firstDayOf, lastDayOf, daysOf, gapMean, gapM2 } = purchaseDayStats(scan, customers);
  const col = (): Float64Array => new Float64Array(population.length);
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
  population.forEach((c, k) => {
    const invoices = invoicesPer[c] as number;
    const cancels = cancelsPer[c] as number;
    const spent = scan.monetaryByCust[c] as number;
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
  });
  return f;
}

/**
 * The churn table before scoring: the cutoff and label window (label.ts), the population, its labels and its
 * raw features. Every feature reads only lines with invoice time < cutoff, so changing any later line changes
 * no feature (only labels). Phases: window, purchase scan, cancellation scan, purchase-day statistics,
 * population, features, labels.
 *
 * Complexity: O(n + c log c) for n lines and c customers.
 * @throws DataError as {@link churnDataset}.
 * @example
 * churnTable(clean, cancellations, { horizonDays: 90 }).features.recency.length; // => the population size
 */
export function churnTable(
  purchases: RetailTable,
  cancellations: RetailTable,
  options: ChurnOptions = {},
): ChurnTable {
  const window = churnWindow(purchases, options);
  const scan = scanPurchases(purchases, window);
  const cancelKeys = scanCancellations(cancellations, scan, window.cutoff);
  const population = populationOf(scan);
  const features = rawFeatures(scan, cancelKeys, population, window.cutoff / DAY_MS);
  const { label, churned, churnRate } = churnLabels(population.map((c) => scan.returning[c] as boolean));
  return {
    cutoff: window.cutoff,
    cutoffDate: formatDay(window.cutoff),
    horizonDays: window.horizonDays,
    dataEnd: window.dataEnd,
    customerId: population.map((c) => scan.custIds[c] as string),
    label,
    features,
    customers: population.length,
    churned,
    churnRate,
    lineCounts: scan.counts,
  };
}

/**
 * Builds the churn table from clean purchases and the cancellations kept aside by `cleanRetail`, with the
 * score features as quintiles over the whole population (lib/rfm `quintileScores`, as the pandas reference).
 * Every feature reads only lines with invoice time < cutoff. The population is every customer with a purchase
 * before the cutoff. (The lifecycle model does not use these population scores: it fits its score bins on the
 * training rows, see lib/churn/score-bins.ts.)
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
  options: ChurnOptions = {},
): ChurnDataset {
  const table = churnTable(purchases, cancellations, options);
  const f = table.features;
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
  return { ...table, features, featureNames: [...CHURN_FEATURES] };
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
