/**
 * A mergeable accumulator `{ init, add, merge, value }` for RFM, so that a log too large to hold can be
 * aggregated chunk by chunk (or in parallel) and give the same table as {@link rfmTable} on the whole.
 */
import type { RetailTable, RfmTable } from '../retail/types';
import { rfmTableFromState, type RfmOptions } from './rfm-score';

/** Per-customer partial RFM. */
export interface RfmCustomerState {
  invoices: Set<string>;
  monetary: number;
  first: number;
  last: number;
}

/** The accumulator's state: partial RFM per customer and the latest purchase seen. */
export interface RfmState {
  customers: Map<string, RfmCustomerState>;
  /** Latest purchase time seen (−Infinity when none). */
  lastPurchase: number;
}

/**
 * The RFM accumulator, with the contract every ecomlab accumulator follows (`behaviorAccumulator` too):
 * `init()` an empty state; `add(state, rows)` folds rows into `state` and returns it; `merge(a, b)` folds `b`
 * into `a` and returns `a` (`b` is left alone and shares nothing with the result); `value(state)` the result,
 * here `rfmTable` of the accumulated lines. `value(merge(add(init(), A), add(init(), B)))` equals
 * `rfmTable(A ∪ B)` (M up to floating-point summation order).
 *
 * Complexity: `add` O(lines); `merge` O(customers + invoices); `value` O(c log c).
 * @example
 * const { table } = await loadRetail('data/online-retail/online_retail.csv.gz');
 * const half = Math.floor(table.length / 2);
 * const chunks = [[0, half], [half, table.length]].map(([a, b]) => selectRetailRows(table, Array.from({ length: b! - a! }, (_, k) => a! + k)));
 * const state = rfmAccumulator.init();
 * for (const chunk of chunks) rfmAccumulator.add(state, cleanRetail(chunk).clean);
 * rfmAccumulator.value(state).customerId.length; // => 4338 (as rfmTable on all chunks)
 */
export const rfmAccumulator = {
  init(): RfmState {
    return { customers: new Map(), lastPurchase: -Infinity };
  },
  add(state: RfmState, clean: RetailTable): RfmState {
    const customers = state.customers;
    let lastAll = state.lastPurchase;
    for (let i = 0; i < clean.length; i++) {
      const id = clean.customerId[i];
      if (id === null || id === undefined) continue;
      const t = clean.invoiceDate[i]!;
      if (t > lastAll) lastAll = t;
      let acc = customers.get(id);
      if (acc === undefined) {
        acc = { invoices: new Set(), monetary: 0, first: t, last: t };
        customers.set(id, acc);
      }
      acc.invoices.add(clean.invoiceNo[i]!);
      acc.monetary += clean.lineTotal[i]!;
      if (t < acc.first) acc.first = t;
      if (t > acc.last) acc.last = t;
    }
    state.lastPurchase = lastAll;
    return state;
  },
  merge(a: RfmState, b: RfmState): RfmState {
    for (const [id, s] of b.customers) {
      const acc = a.customers.get(id);
      if (acc === undefined) a.customers.set(id, { ...s, invoices: new Set(s.invoices) });
      else {
        for (const inv of s.invoices) acc.invoices.add(inv);
        acc.monetary += s.monetary;
        acc.first = Math.min(acc.first, s.first);
        acc.last = Math.max(acc.last, s.last);
      }
    }
    a.lastPurchase = Math.max(a.lastPurchase, b.lastPurchase);
    return a;
  },
  value(state: RfmState, options?: RfmOptions): RfmTable {
    return rfmTableFromState(state, options);
  },
};
