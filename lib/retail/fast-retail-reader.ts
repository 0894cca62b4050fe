/**
 * The byte-level fast path of the retail reader: splits a line-aligned piece of bytes into lines and, for the
 * common line (ASCII, no quotes, all fields present and well-formed, date order settled), parses the fields
 * straight from the bytes (numbers without a string, dates and repeated texts by comparing bytes with the
 * previous line's) and hands the line's ids and numbers to the sink. Every other line (the header, quotes,
 * non-ASCII bytes, anything that might be rejected, dates while the day/month order is unknown) goes through
 * the string parser ({@link RetailParser.pushLine}) unchanged, so the rules and the error messages stay in one
 * place and both paths give the same numbers.
 */
import { lineKey } from './line-dedupe';
import type { RetailParser } from './retail-parser';
import type { AggregateSink } from './stream-sink';
import type { StringIds, TextKind } from './string-ids';

// Module-level alias: global lookups are slow inside jest's vm context (hot loops below).
const { imul } = Math;

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const NL = 10;
const DOT = 46;
const MINUS = 45;
const PLUS = 43;
const ZERO = 48;
/** 10^k for k = 0..22, all exact doubles. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/**
 * A decimal number in bytes [s, e) as JavaScript's `+text` reads it, for `[+-]?digits[.digits]` with at most
 * 15 digits (integer / 10^fraction digits: both exact, so the division rounds correctly); NaN otherwise.
 */
function decimal(b: Buffer, s: number, e: number): number {
  let i = s;
  let negative = false;
  const c0 = b[i];
  if (c0 === MINUS || c0 === PLUS) {
    negative = c0 === MINUS;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < e; i++) {
    const c = b[i]! - ZERO;
    if (c >= 0 && c <= 9) {
      mantissa = mantissa * 10 + c;
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === DOT - ZERO && fraction < 0) fraction = 0;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const value = fraction > 0 ? mantissa / POW10[fraction]! : mantissa;
  return negative ? -value : value;
}

/** Bytes [s, e) of `b` equal bytes [t, t + (e - s)) of `c`. */
function sameBytes(b: Buffer, s: number, e: number, c: Buffer, t: number): boolean {
  for (let i = s; i < e; i++) if (b[i] !== c[t + i - s]) return false;
  return true;
}

/** The previous line's bytes of one field and what they gave. */
class FieldCache {
  bytes = Buffer.alloc(64);
  length = -1;
  value = 0;
  /** Whether bytes [s, e) of `b` are the cached ones. */
  hit(b: Buffer, s: number, e: number): boolean {
    return e - s === this.length && sameBytes(b, s, e, this.bytes, 0);
  }
  set(b: Buffer, s: number, e: number, value: number): void {
    if (e - s > this.bytes.length) this.bytes = Buffer.alloc(2 * (e - s));
    b.copy(this.bytes, 0, s, e);
    this.length = e - s;
    this.value = value;
  }
}

/**
 * Ids of one kind of text keyed by its bytes (FNV-1a hash, open addressing, the distinct texts' bytes kept in
 * an arena): a repeated text costs a hash and a byte comparison, no string. New texts get their id from the
 * shared {@link StringIds}, so both paths number texts alike.
 */
class ByteIds {
  private slots = new Int32Array(1 << 12).fill(-1);
  private slotHash = new Uint32Array(1 << 12);
  private starts: number[] = [];
  private lengths: number[] = [];
  private idOfEntry: number[] = [];
  private arena = Buffer.alloc(1 << 16);
  private used = 0;

  constructor(
    private readonly ids: StringIds,
    private readonly kind: TextKind,
  ) {}

  id(b: Buffer, s: number, e: number): number {
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = imul(h ^ b[i]!, 0x01000193);
    h >>>= 0;
    const mask = this.slots.length - 1;
    let i = h & mask;
    for (let k = this.slots[i]!; k >= 0; k = this.slots[i]!) {
      if (
        this.slotHash[i] === h &&
        this.lengths[k] === e - s &&
        sameBytes(b, s, e, this.arena, this.starts[k]!)
      )
        return this.idOfEntry[k]!;
      i = (i + 1) & mask;
    }
    const id = this.ids.id(this.kind, b.toString('latin1', s, e));
    if (this.used + (e - s) > this.arena.length) {
      const bigger = Buffer.alloc(2 * (this.used + (e - s)));
      this.arena.copy(bigger, 0, 0, this.used);
      this.arena = bigger;
    }
    b.copy(this.arena, this.used, s, e);
    this.slots[i] = this.starts.length;
    this.slotHash[i] = h;
    this.starts.push(this.used);
    this.lengths.push(e - s);
    this.idOfEntry.push(id);
    this.used += e - s;
    if (this.starts.length * 2 > this.slots.length) this.grow();
    return id;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const slotHash = new Uint32Array(slots.length);
    const mask = slots.length - 1;
    for (let i = 0; i < this.slots.length; i++) {
      const k = this.slots[i]!;
      if (k < 0) continue;
      let j = this.slotHash[i]! & mask;
      while (slots[j] !== -1) j = (j + 1) & mask;
      slots[j] = k;
      slotHash[j] = this.slotHash[i]!;
    }
    this.slots = slots;
    this.slotHash = slotHash;
  }
}

/**
 * The fast reader. Push line-aligned pieces with {@link FastRetailReader.push} (a last piece may end without
 * a newline).
 *
 * Complexity: O(bytes).
 * @example
 * const reader = new FastRetailReader(parser, sink);
 * reader.push(bytes); // lines to the sink, the rest through the parser
 */
export class FastRetailReader {
  private readonly starts = new Int32Array(64);
  private readonly ends = new Int32Array(64);
  private readonly invoice = new FieldCache();
  private readonly customer = new FieldCache();
  private readonly country = new FieldCache();
  private readonly date = new FieldCache();
  /** Per stock id: the last description's id and bytes. */
  private descriptionOf: { id: number; bytes: Buffer }[] = [];
  private readonly key = lineKey();
  /** Trimmed bounds of the last field read by {@link FastRetailReader.field}, and the line's bytes. */
  private s = 0;
  private e = 0;
  private line: Buffer = Buffer.alloc(0);

  private readonly stockIds: ByteIds;

  constructor(
    private readonly parser: RetailParser,
    private readonly sink: AggregateSink,
  ) {
    this.stockIds = new ByteIds(sink.ids, 'stock');
  }

  /** Parses the lines of `b` (a line-aligned piece). */
  push(b: Buffer): void {
    let s = 0;
    const n = b.length;
    while (s < n) {
      let nl = b.indexOf(NL, s);
      if (nl < 0) nl = n;
      let e = nl;
      if (e > s && b[e - 1] === CR) e--;
      if (!this.fast(b, s, e)) this.parser.pushLine(b.toString('utf8', s, e));
      s = nl + 1;
    }
  }

  /** Splits the line into fields; false when it has quotes, non-ASCII bytes or another field count. */
  private split(b: Buffer, s: number, e: number, fieldCount: number): boolean {
    let k = 0;
    let start = s;
    for (let i = s; i < e; i++) {
      const c = b[i]!;
      if (c === COMMA) {
        if (k === fieldCount - 1) return false;
        this.starts[k] = start;
        this.ends[k++] = i;
        start = i + 1;
      } else if (c === QUOTE || c >= 0x80) return false;
    }
    if (k !== fieldCount - 1) return false;
    this.starts[k] = start;
    this.ends[k] = e;
    return true;
  }

  /** The field of column `column` trimmed: writes [start, end) to `this.s`/`this.e`; false when empty. */
  private field(column: number): boolean {
    const index = this.parser.layout.index[column]!;
    let s = this.starts[index]!;
    let e = this.ends[index]!;
    const b = this.line;
    while (s < e && isSpace(b[s]!)) s++;
    while (e > s && isSpace(b[e - 1]!)) e--;
    this.s = s;
    this.e = e;
    return e > s;
  }
  /** The fast path for one line; false to hand the line to the string parser. */
  private fast(b: Buffer, s: number, e: number): boolean {
    const parser = this.parser;
    const { fieldCount } = parser.layout;
    if (fieldCount === 0 || parser.heldBack > 0 || !this.split(b, s, e, fieldCount)) return false;
    this.line = b;
    const key = this.key;
    // InvoiceNo, StockCode, Quantity, InvoiceDate, UnitPrice and Country must be present (else a reject).
    if (!this.field(0)) return false;
    const [invS, invE] = [this.s, this.e];
    if (!this.field(1)) return false;
    const [stockS, stockE] = [this.s, this.e];
    if (!this.field(3)) return false;
    const quantity = decimal(b, this.s, this.e);
    if (!this.field(4)) return false;
    const [dateS, dateE] = [this.s, this.e];
    if (!this.field(5)) return false;
    const price = decimal(b, this.s, this.e);
    if (quantity !== quantity || price !== price || !this.field(7)) return false;
    const [countryS, countryE] = [this.s, this.e];
    const customer = this.customerId(b);
    if (customer === -2) return false;
    const date = this.dateOf(b, dateS, dateE);
    if (date !== date) return false;
    key.quantity = quantity;
    key.price = price;
    key.date = date;
    key.customer = customer;
    key.invoice = this.interned(this.invoice, b, invS, invE, 'invoice');
    key.stock = this.stockIds.id(b, stockS, stockE);
    key.country = this.interned(this.country, b, countryS, countryE, 'country');
    key.description = this.descriptionId(b, key.stock);
    parser.countRow();
    const c0 = b[invS];
    this.sink.pushKey(key, c0 === 67 || c0 === 99, quantity * price, parser.physicalLine);
    return true;
  }

  /** The id of a text field, reusing the previous line's when the bytes are the same. */
  private interned(cache: FieldCache, b: Buffer, s: number, e: number, kind: 'invoice' | 'country'): number {
    if (cache.hit(b, s, e)) return cache.value;
    const id = this.sink.ids.id(kind, b.toString('latin1', s, e));
    cache.set(b, s, e, id);
    return id;
  }

  /** CustomerID: -1 when empty, -2 when malformed (the string parser rejects it), else the id. */
  private customerId(b: Buffer): number {
    if (!this.field(6)) return -1;
    const s = this.s;
    let e = this.e;
    if (this.customer.hit(b, s, e)) return this.customer.value;
    const full = e;
    let digits = s;
    while (digits < e && b[digits]! >= ZERO && b[digits]! <= ZERO + 9) digits++;
    if (digits === s) return -2;
    if (digits < e) {
      if (b[digits] !== DOT) return -2;
      for (let i = digits + 1; i < e; i++) if (b[i] !== ZERO) return -2;
      e = digits;
    }
    const id = this.sink.ids.id('customer', b.toString('latin1', s, e));
    this.customer.set(b, s, full, id);
    return id;
  }

  /** InvoiceDate in epoch ms (NaN when invalid or still ambiguous: the string parser handles those). */
  private dateOf(b: Buffer, s: number, e: number): number {
    if (this.date.hit(b, s, e)) return this.date.value;
    const dates = this.parser.dates;
    const ms = dates.read(b.toString('latin1', s, e), this.parser.physicalLine + 1);
    if (dates.ambiguous) {
      this.date.length = -1;
      return NaN;
    }
    this.date.set(b, s, e, ms);
    return ms;
  }

  /** Description id (-1 when blank), reusing the stock code's last description when the bytes are the same. */
  private descriptionId(b: Buffer, stock: number): number {
    const index = this.parser.layout.index[2]!;
    const s = this.starts[index]!;
    const e = this.ends[index]!;
    let first = s;
    while (first < e && isSpace(b[first]!)) first++;
    if (first === e) return -1;
    const known = this.descriptionOf[stock];
    if (known !== undefined && known.bytes.length === e - s && sameBytes(b, s, e, known.bytes, 0))
      return known.id;
    const id = this.sink.ids.id('description', b.toString('latin1', s, e));
    this.descriptionOf[stock] = { id, bytes: Buffer.from(b.subarray(s, e)) };
    return id;
  }
}
