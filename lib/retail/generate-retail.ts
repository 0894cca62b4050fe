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
import { COUNTRIES, retailSchedule } from './retail-schedule';
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

const WORDS = (
  'WHITE RED PINK BLUE GREEN VINTAGE RETRO HEART STAR CHRISTMAS PARTY LUNCH BAG BOX MUG CUP SET OF 6 12 ' +
  'HANGING T-LIGHT HOLDER LANTERN METAL GLASS WOODEN PAPER CAKE CASES JAR TIN SIGN DOORMAT CANDLE FAIRY ' +
  'CHARM GARDEN KITCHEN BABY DOLLY POSTAGE BUNTING REGENCY TEACUP SPOTTY ALARM CLOCK BAKELIKE JUMBO'
).split(' ');

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

/** `12/1/2010 8:26` (us) or `2010-12-01 08:26:00` (iso) of a wall-clock time. */
function formatRetailDate(ms: number, dateFormat: 'us' | 'iso'): string {
  const pad2 = (v: number) => (v < 10 ? `0${v}` : String(v));
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
}

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
  const story = { purchaseRate, dropout, meanLinesPerInvoice };
  const rates = { missingCustomerRate, cancellationRate, adjustmentRate };
  const schedule = retailSchedule(rng, { rows, startMs, endMs, ...story, ...rates });
  const { invoices, customerIds, customerCountry } = schedule;

  // 2. The lines, in time order, until exactly `rows`.
  const formatDate = (ms: number) => formatRetailDate(ms, dateFormat);
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
 * await generateRetail('retail.csv.gz', { rows: 1000, seed: 7 }); // => { file: 'retail.csv.gz', rows: 1000, bytes: 15971, seed: 7 }
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
