/**
 * The parsed line the retail parser hands on ({@link RetailRecord}), the sink interface, and the sink that
 * keeps every line in columns ({@link RetailTableBuilder}, the in-memory `RetailTable` of `loadRetail`).
 */
import type { RetailTable } from './types';

/** One valid line of the log, as parsed (the parser reuses the object: copy what you keep). */
export interface RetailRecord {
  /** InvoiceNo, StockCode and Country trimmed; Description as written, `null` when blank. */
  invoice: string;
  stock: string;
  description: string | null;
  quantity: number;
  /** Epoch ms, wall clock as UTC. */
  date: number;
  price: number;
  /** Normalised integer text (`17850.0` → `17850`); `null` when empty. */
  customer: string | null;
  country: string;
  /** 1-based physical line (CSV) or worksheet row (xlsx). */
  line: number;
}

/** Where the parser sends valid lines, in file order. */
export interface RetailSink {
  push(record: Readonly<RetailRecord>): void;
}

/** Growable Float64Array column. */
class FloatColumn {
  data = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  finish(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * A sink that keeps the lines in columns, one shared string instance per distinct text.
 *
 * Complexity: O(1) per line; memory O(lines).
 * @example
 * const builder = new RetailTableBuilder();
 * new RetailParser('log.csv', {}, builder); // … then builder.table()
 */
export class RetailTableBuilder implements RetailSink {
  private readonly invoiceNo: string[] = [];
  private readonly stockCode: string[] = [];
  private readonly description: (string | null)[] = [];
  private readonly quantity = new FloatColumn();
  private readonly invoiceDate = new FloatColumn();
  private readonly unitPrice = new FloatColumn();
  private readonly customerId: (string | null)[] = [];
  private readonly country: string[] = [];
  private readonly lineTotal = new FloatColumn();
  private readonly sourceLine = new FloatColumn();
  // Last interned values: consecutive lines share the invoice, customer and country, and a stock code nearly
  // always comes with the same description.
  private prevInvoice = '';
  private prevCountry = '';
  private prevCustomer: string | null = null;
  private readonly descriptionOfStock = new Map<string, string>();
  /** One instance per distinct text (invoice numbers, codes, descriptions, ids and countries repeat a lot). */
  private readonly strings = new Map<string, string>();

  push(r: Readonly<RetailRecord>): void {
    if (r.invoice !== this.prevInvoice) this.prevInvoice = this.intern(r.invoice);
    const stockCode = this.intern(r.stock);
    let description: string | null = null;
    if (r.description !== null) {
      const known = this.descriptionOfStock.get(stockCode);
      if (known === r.description) description = known;
      else {
        description = this.intern(r.description);
        this.descriptionOfStock.set(stockCode, description);
      }
    }
    if (r.country !== this.prevCountry) this.prevCountry = this.intern(r.country);
    if (r.customer !== this.prevCustomer)
      this.prevCustomer = r.customer === null ? null : this.intern(r.customer);
    this.invoiceNo.push(this.prevInvoice);
    this.stockCode.push(stockCode);
    this.description.push(description);
    this.quantity.push(r.quantity);
    this.invoiceDate.push(r.date);
    this.unitPrice.push(r.price);
    this.customerId.push(this.prevCustomer);
    this.country.push(this.prevCountry);
    this.lineTotal.push(r.quantity * r.price);
    this.sourceLine.push(r.line);
  }

  /**
   * The shared instance of `text`. A new distinct text is copied out of its line first: V8 keeps substrings of
   * 13+ characters as slices of their parent string, which would keep every 1 MiB chunk of the file alive.
   */
  private intern(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    const copy = text.length >= 13 ? Buffer.from(text, 'utf8').toString('utf8') : text;
    this.strings.set(copy, copy);
    return copy;
  }

  /** The lines pushed so far. */
  table(): RetailTable {
    return {
      length: this.invoiceNo.length,
      invoiceNo: this.invoiceNo,
      stockCode: this.stockCode,
      description: this.description,
      quantity: this.quantity.finish(),
      invoiceDate: this.invoiceDate.finish(),
      unitPrice: this.unitPrice.finish(),
      customerId: this.customerId,
      country: this.country,
      lineTotal: this.lineTotal.finish(),
      sourceLine: this.sourceLine.finish(),
    };
  }
}
