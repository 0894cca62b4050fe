/**
 * What the raw Online Retail lines look like before cleaning: revenue by month and country, order size and
 * price distributions, the best-selling products, and the data-quality counts the cleaning then acts on.
 */
import type { RetailTable } from '../retail/types';

/** Quantiles of a distribution. */
export interface Quantiles {
  n: number;
  min: number;
  p10: number;
  p25: number;
  median: number;
  p75: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

function quantiles(values: Float64Array): Quantiles {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const at = (q: number): number =>
    n === 0 ? NaN : (sorted[Math.min(n - 1, Math.floor(q * (n - 1)))] as number);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n,
    min: at(0),
    p10: at(0.1),
    p25: at(0.25),
    median: at(0.5),
    p75: at(0.75),
    p90: at(0.9),
    p99: at(0.99),
    max: at(1),
    mean: n > 0 ? sum / n : NaN,
  };
}

/** What the raw lines look like before cleaning. */
export interface RetailExploration {
  lines: number;
  invoices: number;
  /** Lines whose invoice starts with `C` (cancellations), without a customer id, with quantity ≤ 0, with price ≤ 0. */
  quality: {
    cancellations: number;
    missingCustomer: number;
    nonPositiveQuantity: number;
    nonPositivePrice: number;
  };
  /** Revenue (Σ quantity × price, cancellations included, so net) and lines per calendar month `YYYY-MM`. */
  months: Array<{ month: string; revenue: number; lines: number; invoices: number }>;
  /** Countries by revenue, all of them. */
  countries: Array<{ country: string; revenue: number; share: number; customers: number }>;
  /** Per invoice (non-cancelled): value and lines. */
  orderValue: Quantiles;
  orderLines: Quantiles;
  /** Unit price of lines with a positive price. */
  unitPrice: Quantiles;
  /** Products by revenue (non-cancelled lines), top 10. */
  topProducts: Array<{
    stockCode: string;
    description: string;
    revenue: number;
    quantity: number;
    share: number;
  }>;
  totalRevenue: number;
}

/**
 * Explores the raw invoice lines before cleaning: revenue by month and country, order size and price
 * distributions, top products, and the data-quality counts the cleaning then acts on.
 *
 * Complexity: O(lines · log lines).
 * @param table The loaded lines (`(await loadRetail(file)).table`).
 * @example
 * const { table } = await loadRetail('data/online-retail/online_retail_2010-12.csv');
 * exploreRetail(table).months[0]; // => { month: '2010-12', revenue: 748957.02, lines: 42481, invoices: 2025 }
 */
export function exploreRetail(table: RetailTable): RetailExploration {
  const months = new Map<string, { revenue: number; lines: number; invoices: Set<string> }>();
  const countries = new Map<string, { revenue: number; customers: Set<string> }>();
  const invoices = new Map<string, { value: number; lines: number }>();
  const products = new Map<string, { description: string; revenue: number; quantity: number }>();
  const quality = { cancellations: 0, missingCustomer: 0, nonPositiveQuantity: 0, nonPositivePrice: 0 };
  const prices: number[] = [];
  let totalRevenue = 0;
  let saleRevenue = 0;
  for (let i = 0; i < table.length; i++) {
    const invoice = table.invoiceNo[i] as string;
    const cancelled = invoice.startsWith('C');
    const quantity = table.quantity[i] as number;
    const price = table.unitPrice[i] as number;
    const revenue = table.lineTotal[i] as number;
    const customer = table.customerId[i];
    if (cancelled) quality.cancellations++;
    if (customer === null || customer === undefined) quality.missingCustomer++;
    if (!(quantity > 0)) quality.nonPositiveQuantity++;
    if (!(price > 0)) quality.nonPositivePrice++;
    else prices.push(price);
    totalRevenue += revenue;
    const month = new Date(table.invoiceDate[i] as number).toISOString().slice(0, 7);
    const m = months.get(month) ?? { revenue: 0, lines: 0, invoices: new Set<string>() };
    m.revenue += revenue;
    m.lines++;
    m.invoices.add(invoice);
    months.set(month, m);
    const country = table.country[i] as string;
    const c = countries.get(country) ?? { revenue: 0, customers: new Set<string>() };
    c.revenue += revenue;
    if (customer) c.customers.add(customer);
    countries.set(country, c);
    if (!cancelled && quantity > 0 && price > 0) {
      const inv = invoices.get(invoice) ?? { value: 0, lines: 0 };
      inv.value += revenue;
      inv.lines++;
      invoices.set(invoice, inv);
      const code = table.stockCode[i] as string;
      const p = products.get(code) ?? { description: table.description[i] ?? '', revenue: 0, quantity: 0 };
      p.revenue += revenue;
      p.quantity += quantity;
      products.set(code, p);
      saleRevenue += revenue;
    }
  }
  const invoiceSet = new Set(table.invoiceNo);
  return {
    lines: table.length,
    invoices: invoiceSet.size,
    quality,
    months: [...months.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, m]) => ({ month, revenue: m.revenue, lines: m.lines, invoices: m.invoices.size })),
    countries: [...countries.entries()]
      .map(([country, c]) => ({
        country,
        revenue: c.revenue,
        share: totalRevenue !== 0 ? c.revenue / totalRevenue : 0,
        customers: c.customers.size,
      }))
      .sort((a, b) => b.revenue - a.revenue || a.country.localeCompare(b.country)),
    orderValue: quantiles(Float64Array.from([...invoices.values()].map((v) => v.value))),
    orderLines: quantiles(Float64Array.from([...invoices.values()].map((v) => v.lines))),
    unitPrice: quantiles(Float64Array.from(prices)),
    topProducts: [...products.entries()]
      .map(([stockCode, p]) => ({
        stockCode,
        description: p.description,
        revenue: p.revenue,
        quantity: p.quantity,
        share: saleRevenue > 0 ? p.revenue / saleRevenue : 0,
      }))
      .sort((a, b) => b.revenue - a.revenue || a.stockCode.localeCompare(b.stockCode))
      .slice(0, 10),
    totalRevenue,
  };
}
