/**
 * Seeded synthetic Online Retail logs in the UCI CSV format, for tests and scale runs.
 *
 * Model: each registered customer is born (first purchase) at a random time, buys at a daily rate
 * λ ~ Gamma(r, 1/α) and, after each purchase, drops out with probability p ~ Beta(a, b) (the BG/NBD generative
 * story, so repeat purchases look like real ones). Each invoice has 1 + Geometric lines of products drawn from a
 * Zipf-like catalogue; a share of invoices are guest checkouts (no CustomerID); some invoices are followed by a
 * C-prefixed cancellation of some of their lines (negative quantities); some lines have price 0, rare
 * bad-debt adjustments have a negative price, and some lines are written twice (exact duplicates).
 */
import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeToFileAtomic } from '../io/atomic-output';
import * as zlib from 'node:zlib';
import { check } from '../errors';
import { createRng, type Rng } from '../sample/rng';
import { DAY_MS, RETAIL_COLUMNS } from './types';

// Module-level aliases: global lookups are slow inside jest's vm context (hot loops below).
const { cos, exp, floor, log, max, min, pow, round, sqrt, PI } = Math;

/** Options of {@link generateRetail} / {@link retailCsvChunks}. */
export interface GenerateRetailOptions {
  /** Exact number of data lines (header excluded). Required. */
  rows: number;
  /** Seed. Default 42. */
  seed?: number;
  /** First day `YYYY-MM-DD`. Default `2010-12-01`. */
  start?: string;
  /** Last day `YYYY-MM-DD`, inclusive. Default `2011-12-09`. */
  end?: string;
  /** Purchase rate λ ~ Gamma(shape r, rate α) per day. Default { r: 0.8, alpha: 60 }. */
  purchaseRate?: { r: number; alpha: number };
  /** Dropout probability after each purchase p ~ Beta(a, b). Default { a: 0.3, b: 6 }. */
  dropout?: { a: number; b: number };
  /** Mean lines per invoice. Default 20. */
  meanLinesPerInvoice?: number;
  /** Share of invoices without CustomerID (guest checkouts). Default 0.25. */
  missingCustomerRate?: number;
  /** Share of registered customers' invoices later (partly) cancelled (guests: a tenth of it). Default 0.23. */
  cancellationRate?: number;
  /** Share of lines with UnitPrice 0. Default 0.005. */
  zeroPriceRate?: number;
  /** Share of invoices that are a bad-debt adjustment (`A…`, negative price, no customer). Default 0.0002. */
  adjustmentRate?: number;
  /** Share of lines written twice in a row (exact duplicates). Default 0.01. */
  duplicateRate?: number;
  /** Products in the catalogue. Default 4000. */
  products?: number;
  /** `us` writes `12/1/2010 8:26` and CustomerID `17850.0` (the Kaggle CSV); `iso` writes `2010-12-01 08:26:00`
   * and `17850`. Default `us`. */
  dateFormat?: 'us' | 'iso';
}

/** Guests' cancellation rate relative to registered customers'. */
const GUEST_CANCELLATION_SHARE = 0.1;

interface Invoice {
  time: number;
  customer: number; // -1 = guest
  kind: 0 | 1 | 2; // 0 purchase, 1 cancellation, 2 adjustment
  seed: number;
  lines: number;
  /** For a cancellation: the cancelled invoice's seed and line count. */
  refSeed: number;
  refLines: number;
}

const COUNTRIES: [string, number][] = [
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

const WORDS = (
  'WHITE RED PINK BLUE GREEN VINTAGE RETRO HEART STAR CHRISTMAS PARTY LUNCH BAG BOX MUG CUP SET OF 6 12 ' +
  'HANGING T-LIGHT HOLDER LANTERN METAL GLASS WOODEN PAPER CAKE CASES JAR TIN SIGN DOORMAT CANDLE FAIRY ' +
  'CHARM GARDEN KITCHEN BABY DOLLY POSTAGE BUNTING REGENCY TEACUP SPOTTY ALARM CLOCK BAKELIKE JUMBO'
).split(' ');

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

function parseDay(text: string, name: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) : NaN;
  check(
    Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === text,
    name,
    text,
    'expected YYYY-MM-DD',
  );
  return ms;
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

interface Product {
  code: string;
  description: string;
  price: number;
}

function makeCatalogue(rng: Rng, n: number): Product[] {
  const out: Product[] = [];
  const used = new Set<string>();
  for (let i = 0; i < n; i++) {
    let code: string;
    do {
      code = String(10000 + rng.int(90000)) + (rng.uniform() < 0.3 ? 'ABCDEFGLMNPRSTW'[rng.int(15)]! : '');
    } while (used.has(code));
    used.add(code);
    const words: string[] = [];
    const k = 2 + rng.int(4);
    for (let w = 0; w < k; w++) words.push(WORDS[rng.int(WORDS.length)]!);
    let description = words.join(' ');
    const style = rng.uniform();
    if (style < 0.03)
      description = `${words[0]}, ${words.slice(1).join(' ')}`; // comma: quoted field
    else if (style < 0.04) description = `${words[0]} "${words.slice(1).join(' ')}"`; // quotes: doubled
    // Log-normal prices, median about 2.5, in pence.
    const z = sqrt(-2 * log(1 - rng.uniform())) * cos(2 * PI * rng.uniform());
    const price = max(0.01, round(exp(log(2.5) + 0.9 * z) * 100) / 100);
    out.push({ code, description, price });
  }
  return out;
}

const QUANTITIES = [1, 1, 1, 2, 2, 3, 4, 4, 6, 6, 8, 10, 12, 12, 12, 24, 24, 36, 48, 72, 96, 144];

/**
 * The generated log as CSV text chunks (header first), fully determined by the options: same options, same
 * text. Memory is O(invoices) for the schedule; lines are produced lazily in chunks of about 1 MiB.
 *
 * Complexity: O(rows + invoices log invoices).
 * @param options See {@link GenerateRetailOptions}.
 * @throws DataError on a bad option (rows not a non-negative integer, rates outside [0, 1], bad dates).
 * @example
 * const text = [...retailCsvChunks({ rows: 3, seed: 1 })].join('');
 * text.split('\n')[0]; // => 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'
 */
export function* retailCsvChunks({
  rows,
  seed = 42,
  start = '2010-12-01',
  end = '2011-12-09',
  purchaseRate = { r: 0.8, alpha: 60 },
  dropout = { a: 0.3, b: 6 },
  meanLinesPerInvoice = 20,
  missingCustomerRate = 0.25,
  cancellationRate = 0.23,
  zeroPriceRate = 0.005,
  adjustmentRate = 0.0002,
  duplicateRate = 0.01,
  products = 4000,
  dateFormat = 'us',
}: GenerateRetailOptions): Generator<string> {
  check(Number.isInteger(rows) && rows >= 0, 'rows', rows, 'expected a non-negative integer');
  check(Number.isFinite(seed), 'seed', seed, 'expected a finite number');
  const startMs = parseDay(start, 'start');
  const endMs = parseDay(end, 'end') + DAY_MS;
  check(endMs > startMs, 'end', end, 'must not be before start');
  for (const [name, v] of Object.entries({
    missingCustomerRate,
    cancellationRate,
    zeroPriceRate,
    adjustmentRate,
    duplicateRate,
  }))
    check(v >= 0 && v <= 1, name, v, 'expected a rate in [0, 1]');
  check(
    purchaseRate.r > 0 && purchaseRate.alpha > 0,
    'purchaseRate',
    purchaseRate,
    'r and alpha must be > 0',
  );
  check(dropout.a > 0 && dropout.b > 0, 'dropout', dropout, 'a and b must be > 0');
  check(meanLinesPerInvoice >= 1, 'meanLinesPerInvoice', meanLinesPerInvoice, 'must be >= 1');
  check(Number.isInteger(products) && products >= 1 && products <= 80000, 'products', products, '1..80000');
  check(dateFormat === 'us' || dateFormat === 'iso', 'dateFormat', dateFormat, "'us' or 'iso'");

  const rng = createRng(seed);
  const catalogue = makeCatalogue(rng, products);
  const span = endMs - startMs;
  const geometricP = 1 / meanLinesPerInvoice;
  const linesOf = () => 1 + floor(log(1 - rng.uniform()) / log(1 - geometricP));
  const timeOfDay = (day: number) => day + (7 * 60 + rng.int(13 * 60)) * 60_000; // 07:00 .. 19:59

  // 1. The schedule: customers' invoices until the expected line count covers `rows`.
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

  // 2. The lines, in time order, until exactly `rows`.
  const pad2 = (v: number) => (v < 10 ? `0${v}` : String(v));
  const formatDate = (ms: number) => {
    const d = new Date(ms);
    const [y, mo, da, h, mi] = [
      d.getUTCFullYear(),
      d.getUTCMonth() + 1,
      d.getUTCDate(),
      d.getUTCHours(),
      d.getUTCMinutes(),
    ];
    return dateFormat === 'us'
      ? `${mo}/${da}/${y} ${h}:${pad2(mi)}`
      : `${y}-${pad2(mo)}-${pad2(da)} ${pad2(h)}:${pad2(mi)}:00`;
  };
  const idText = (customer: number) =>
    customer < 0 ? '' : dateFormat === 'us' ? `${customerIds[customer]}.0` : String(customerIds[customer]);
  const zipf = (r: Rng) => min(products - 1, floor(pow(r.uniform(), 2.2) * products));
  const itemsOf = (invoiceSeed: number, count: number) => {
    const r = createRng(invoiceSeed);
    const items: { product: number; quantity: number }[] = [];
    for (let k = 0; k < count; k++)
      items.push({ product: zipf(r), quantity: QUANTITIES[r.int(QUANTITIES.length)]! });
    return items;
  };

  yield `${RETAIL_COLUMNS.join(',')}\n`;
  let written = 0;
  let chunk = '';
  let invoiceNumber = 536365;
  let adjustmentNumber = 563185;
  for (const inv of invoices) {
    if (written >= rows) break;
    const date = formatDate(inv.time);
    const country = inv.customer < 0 ? COUNTRIES[0]![0] : customerCountry[inv.customer]!;
    const customer = idText(inv.customer);
    const lines: string[] = [];
    if (inv.kind === 2) {
      const amount = round(1000 + rng.uniform() * 10000) / 100;
      lines.push(`A${adjustmentNumber++},B,Adjust bad debt,1,${date},-${amount},,${country}`);
    } else {
      const number = inv.kind === 1 ? `C${invoiceNumber++}` : String(invoiceNumber++);
      const items =
        inv.kind === 1
          ? itemsOf(inv.refSeed, inv.refLines).slice(0, inv.lines)
          : itemsOf(inv.seed, inv.lines);
      for (const item of items) {
        const product = catalogue[item.product]!;
        const quantity = inv.kind === 1 ? -item.quantity : item.quantity;
        const price = inv.kind === 0 && rng.uniform() < zeroPriceRate ? 0 : product.price;
        lines.push(
          `${number},${product.code},${csvField(product.description)},${quantity},${date},${price},${customer},${country}`,
        );
      }
    }
    for (const line of lines) {
      if (written >= rows) break;
      chunk += `${line}\n`;
      written++;
      if (written < rows && rng.uniform() < duplicateRate) {
        chunk += `${line}\n`;
        written++;
      }
      if (chunk.length >= 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
  }
  // The schedule plans 2% spare lines; if duplicates of tiny inputs still fall short, repeat the last invoice day.
  while (written < rows) {
    chunk += `${invoiceNumber++},POST,POSTAGE,1,${formatDate(endMs - DAY_MS + 12 * 3_600_000)},18,,United Kingdom\n`;
    written++;
  }
  if (chunk !== '') yield chunk;
}

/** What {@link generateRetail} wrote. */
export interface GenerateRetailResult {
  file: string;
  rows: number;
  /** Bytes written to the file (compressed size for `.gz`). */
  bytes: number;
  seed: number;
}

/**
 * Writes a generated Online Retail log to `out` (gzip when it ends in `.gz`), streaming with backpressure.
 * Same options, same bytes.
 *
 * Complexity: O(rows) time; memory O(invoices), not O(rows).
 * @param out Output path.
 * @param options See {@link GenerateRetailOptions}.
 * @throws DataError on a bad option; the file system's error when `out` cannot be written.
 * @example
 * await generateRetail('tmp/retail.csv.gz', { rows: 1_000_000, seed: 7 }); // => { rows: 1000000, bytes: …, … }
 */
export async function generateRetail(
  out: string,
  options: GenerateRetailOptions,
): Promise<GenerateRetailResult> {
  const chunks = retailCsvChunks(options);
  // Atomic: a unique temporary file beside `out`, renamed into place only when complete.
  await pipeToFileAtomic(
    Readable.from(chunks),
    out,
    /\.gz$/i.test(out) ? [zlib.createGzip({ level: 6 })] : [],
    {
      option: 'out',
    },
  );
  return { file: out, rows: options.rows, bytes: fs.statSync(out).size, seed: options.seed ?? 42 };
}
