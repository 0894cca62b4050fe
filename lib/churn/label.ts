/**
 * The churn label: a customer of the population (a purchase before the cutoff) is churned (1) when they make
 * no purchase in the label window `[cutoff, cutoff + horizonDays days)`, else 0. Here: the cutoff and its
 * window (with the checks that keep the window inside the data), where a purchase falls relative to it, and
 * the label column. Day arithmetic uses whole UTC days of the wall-clock times (see lib/retail/types.ts).
 */
import { check, DataError } from '../errors';
import { DAY_MS, type RetailTable } from '../retail/types';

/** Options of {@link churnWindow} (and of `churnDataset`). */
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

/** The cutoff and the label window of a churn table (epoch ms). */
export interface ChurnWindow {
  /** Cutoff, a UTC midnight: features use purchases before it. */
  cutoff: number;
  /** End of the label window (exclusive): cutoff + horizonDays days. */
  windowEnd: number;
  horizonDays: number;
  /** Midnight after the last purchase day. */
  dataEnd: number;
  /** Time of the first purchase. */
  firstPurchase: number;
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

/**
 * Resolves the cutoff and label window of `purchases`: the given cutoff, or by default the latest one whose
 * window still fits in the data (dataEnd − horizonDays). O(n).
 *
 * @throws DataError `invalid horizonDays: 0`, an empty table, a window that ends after the data
 *   (`invalid cutoff: 2011-12-01 (cutoff + 90 days = ... is after the data end ...)`), or no purchase before it.
 * @example
 * const { clean } = cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz'));
 * churnWindow(clean, { horizonDays: 90 }).cutoff; // => 1315699200000 (2011-09-11, on the UCI file)
 */
export function churnWindow(purchases: RetailTable, options: ChurnOptions = {}): ChurnWindow {
  let last = -Infinity;
  let first = Infinity;
  for (let i = 0; i < purchases.length; i++) {
    const t = purchases.invoiceDate[i] as number;
    if (t > last) last = t;
    if (t < first) first = t;
  }
  return churnWindowOf(first, last, options);
}

/**
 * {@link churnWindow} from the first and last purchase times (±Infinity for no purchase). O(1).
 *
 * @throws DataError as {@link churnWindow}.
 * @example
 * churnWindowOf(Date.UTC(2010, 11, 1), Date.UTC(2011, 11, 9, 12), { horizonDays: 90 }).cutoff; // => 1315699200000
 */
export function churnWindowOf(
  first: number,
  last: number,
  { cutoff, horizonDays = 90, requireLabelWindow = true }: ChurnOptions = {},
): ChurnWindow {
  check(
    Number.isInteger(horizonDays) && horizonDays >= 1,
    'horizonDays',
    horizonDays,
    'expected a positive integer',
  );
  if (!(last >= first)) throw new DataError('invalid purchases: the table is empty', { column: 'purchases' });
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
  return { cutoff: cut, windowEnd, horizonDays, dataEnd, firstPurchase: first };
}

/** Where a purchase at time `t` falls: before the cutoff (a feature), in the label window, or after it. */
export type LinePhase = 'beforeCutoff' | 'inLabelWindow' | 'afterLabelWindow';

/**
 * The phase of a purchase at time `t` (epoch ms). O(1).
 * @example linePhase(Date.UTC(2011, 9, 1), { cutoff: Date.UTC(2011, 8, 11), windowEnd: Date.UTC(2011, 11, 10) }) // => 'inLabelWindow'
 */
export function linePhase(t: number, window: Pick<ChurnWindow, 'cutoff' | 'windowEnd'>): LinePhase {
  return t < window.cutoff ? 'beforeCutoff' : t < window.windowEnd ? 'inLabelWindow' : 'afterLabelWindow';
}

/**
 * The label column: 1 (churned) for each population customer without a purchase in the label window, else 0.
 * O(population).
 * @param purchasedInWindow Per population customer (in population order): a purchase in the label window.
 * @example churnLabels([true, false, false]) // => { label: Uint8Array [0, 1, 1], churned: 2, churnRate: 0.6666666666666666 }
 */
export function churnLabels(purchasedInWindow: readonly boolean[]): {
  label: Uint8Array;
  churned: number;
  churnRate: number;
} {
  const label = Uint8Array.from(purchasedInWindow, (purchased) => (purchased ? 0 : 1));
  let churned = 0;
  for (const value of label) churned += value;
  return { label, churned, churnRate: label.length === 0 ? 0 : churned / label.length };
}
