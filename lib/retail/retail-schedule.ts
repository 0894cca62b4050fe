/**
 * The schedule of a generated retail log: customers (ids, countries) and their invoices in time order,
 * following the BG/NBD story (see generate-retail.ts), until the planned lines cover the requested rows.
 */
import type { Rng } from '../sample/rng';
import { DAY_MS } from './types';

// Module-level aliases: global lookups are slow inside jest's vm context (hot loops below).
const { cos, floor, log, min, pow, round, sqrt, PI } = Math;

/** Guests' cancellation rate relative to registered customers'. */
const GUEST_CANCELLATION_SHARE = 0.1;

/** One invoice of the schedule; its lines are drawn when written, from its seed. */
export interface Invoice {
  time: number;
  customer: number; // -1 = guest
  kind: 0 | 1 | 2; // 0 purchase, 1 cancellation, 2 adjustment
  seed: number;
  lines: number;
  /** For a cancellation: the cancelled invoice's seed and line count. */
  refSeed: number;
  refLines: number;
}

/** Customer countries and their shares (the rest is the United Kingdom). */
export const COUNTRIES: [string, number][] = [
  ['United Kingdom', 0.89],
  ['Germany', 0.02],
  ['France', 0.02],
  ['EIRE', 0.015],
  ['Spain', 0.007],
  ['Netherlands', 0.006],
  ['Belgium', 0.005],
  ['Switzerland', 0.005],
  ['Portugal', 0.004],
  ['Australia', 0.003],
  ['Norway', 0.003],
  ['Italy', 0.003],
  ['Channel Islands', 0.002],
  ['Finland', 0.002],
  ['Cyprus', 0.002],
  ['Japan', 0.002],
  ['Sweden', 0.002],
  ['Denmark', 0.002],
  ['USA', 0.002],
  ['Hong Kong', 0.002],
];

function gammaSample(rng: Rng, shape: number): number {
  // Marsaglia & Tsang (2000); shape < 1 via the boost U^(1/shape).
  if (shape < 1) return gammaSample(rng, shape + 1) * pow(1 - rng.uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      const u1 = 1 - rng.uniform();
      const u2 = rng.uniform();
      x = sqrt(-2 * log(u1)) * cos(2 * PI * u2);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.uniform();
    if (log(u) < 0.5 * x * x + d - d * v + d * log(v)) return d * v;
  }
}

/** What the schedule draws from. */
export interface ScheduleOptions {
  rows: number;
  startMs: number;
  /** Exclusive end (midnight after the last day). */
  endMs: number;
  purchaseRate: { r: number; alpha: number };
  dropout: { a: number; b: number };
  meanLinesPerInvoice: number;
  missingCustomerRate: number;
  cancellationRate: number;
  adjustmentRate: number;
}

/**
 * Customers and their invoices until the planned lines cover `rows` (2% spare), sorted by time (stable).
 *
 * Complexity: O(invoices log invoices).
 * @example
 * const options = {
 *   rows: 1000, startMs: Date.UTC(2010, 11, 1), endMs: Date.UTC(2011, 0, 1), purchaseRate: { r: 0.8, alpha: 70 },
 *   dropout: { a: 0.1, b: 2 }, meanLinesPerInvoice: 20, missingCustomerRate: 0.25, cancellationRate: 0.02,
 *   adjustmentRate: 0.001,
 * };
 * retailSchedule(createRng(42), options).invoices.length; // => 34
 */
export function retailSchedule(
  rng: Rng,
  {
    rows,
    startMs,
    endMs,
    purchaseRate,
    dropout,
    meanLinesPerInvoice,
    missingCustomerRate,
    cancellationRate,
    adjustmentRate,
  }: ScheduleOptions,
): { invoices: Invoice[]; customerIds: number[]; customerCountry: string[] } {
  const span = endMs - startMs;
  const geometricP = 1 / meanLinesPerInvoice;
  const linesOf = () => 1 + floor(log(1 - rng.uniform()) / log(1 - geometricP));
  const timeOfDay = (day: number) => day + (7 * 60 + rng.int(13 * 60)) * 60_000; // 07:00 .. 19:59

  const invoices: Invoice[] = [];
  const customerCountry: string[] = [];
  const customerIds: number[] = [];
  const usedIds = new Set<number>();
  let plannedLines = 0;
  const target = rows * 1.02 + 1;
  while (plannedLines < target) {
    const customer = customerIds.length;
    let id: number;
    // 5-digit ids like the UCI log while they last (87,654 of them); past 70,000 customers (logs of about 7M
    // lines and more) 7-digit ids, so the draw never runs out of unused ids.
    const [idLow, idSpan] = usedIds.size < 70_000 ? [12346, 87654] : [1_000_000, 9_000_000];
    do id = idLow + rng.int(idSpan);
    while (usedIds.has(id));
    usedIds.add(id);
    customerIds.push(id);
    let u = rng.uniform();
    let country = COUNTRIES[0]![0];
    for (const [name, w] of COUNTRIES) {
      if (u < w) {
        country = name;
        break;
      }
      u -= w;
    }
    customerCountry.push(country);
    const lambda = gammaSample(rng, purchaseRate.r) / purchaseRate.alpha;
    const ga = gammaSample(rng, dropout.a);
    const p = ga / (ga + gammaSample(rng, dropout.b));
    const scale = rng.uniform() < 0.1 ? 3 : 1; // wholesalers: bigger baskets
    let t = rng.uniform() < 0.3 ? startMs + rng.uniform() * 30 * DAY_MS : startMs + rng.uniform() * span;
    for (;;) {
      if (t >= endMs) break;
      const day = floor(t / DAY_MS) * DAY_MS;
      const guest = rng.uniform() < missingCustomerRate;
      const lines = min(500, round(linesOf() * scale));
      const inv: Invoice = {
        time: timeOfDay(day),
        customer: guest ? -1 : customer,
        kind: 0,
        seed: rng.nextUint32(),
        lines,
        refSeed: 0,
        refLines: 0,
      };
      invoices.push(inv);
      plannedLines += lines;
      // Guests rarely cancel (UCI: 4% of cancellation lines have no CustomerID, while 25% of purchases do).
      if (rng.uniform() < (guest ? cancellationRate * GUEST_CANCELLATION_SHARE : cancellationRate)) {
        const later = inv.time + floor(rng.uniform() * 30 * DAY_MS);
        if (later < endMs) {
          const cancelLines = 1 + rng.int(min(4, lines));
          invoices.push({
            time: floor(later / 60_000) * 60_000,
            customer: inv.customer,
            kind: 1,
            seed: rng.nextUint32(),
            lines: cancelLines,
            refSeed: inv.seed,
            refLines: lines,
          });
          plannedLines += cancelLines;
        }
      }
      if (rng.uniform() < adjustmentRate) {
        invoices.push({
          time: inv.time,
          customer: -1,
          kind: 2,
          seed: rng.nextUint32(),
          lines: 1,
          refSeed: 0,
          refLines: 0,
        });
        plannedLines += 1;
      }
      if (rng.uniform() < p) break; // dropout after this purchase
      t += (-log(1 - rng.uniform()) / lambda) * DAY_MS;
    }
  }
  invoices.sort((x, y) => x.time - y.time); // stable: creation order breaks ties
  return { invoices, customerIds, customerCountry };
}
