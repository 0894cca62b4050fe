/**
 * The streaming side of the cleaning: a {@link RetailSink} that interns each parsed line's texts, feeds it to
 * the {@link RetailAggregate} and answers the duplicate detector's fetches of earlier lines: from a ring of
 * the last 4,096 lines, else by re-reading the line from the source bytes (the file itself, or a spill file of
 * the decompressed stream for gzip and standard input) through an index of line-aligned pieces.
 */
import * as fs from 'node:fs';
import { lineKey, type LineHash, type LineKey } from './line-dedupe';
import { RetailAggregate } from './retail-aggregate';
import type { RetailParser } from './retail-parser';
import type { RetailRecord, RetailSink } from './retail-table-builder';
import { StringIds, type TextKind } from './string-ids';

const RING = 4096;
const RING_MASK = RING - 1;

/**
 * Byte ranges of the input, each starting at a line start: piece k holds physical lines firstLine[k]… and
 * bytes [offset[k], offset[k + 1]) of `fd` (the file or the spill).
 */
export class LineIndex {
  private readonly offsets: number[] = [];
  private readonly firstLines: number[] = [];
  private end = 0;
  private cached = -1;
  private cachedLines: string[] = [];

  constructor(private fd: number | null = null) {}

  /** Sets the descriptor the bytes are read from. */
  setSource(fd: number): void {
    this.fd = fd;
  }

  /** Records a piece of `length` bytes whose first line is `firstLine`. */
  add(firstLine: number, length: number): void {
    this.offsets.push(this.end);
    this.firstLines.push(firstLine);
    this.end += length;
  }

  /** The text of physical line `line` (without its line break). */
  line(line: number): string {
    const firstLines = this.firstLines;
    let lo = 0;
    let hi = firstLines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (firstLines[mid]! <= line) lo = mid;
      else hi = mid - 1;
    }
    if (this.cached !== lo) {
      const start = this.offsets[lo]!;
      const stop = lo + 1 < this.offsets.length ? this.offsets[lo + 1]! : this.end;
      const bytes = Buffer.alloc(stop - start);
      let got = 0;
      while (got < bytes.length) {
        const n = fs.readSync(this.fd!, bytes, got, bytes.length - got, start + got);
        if (n === 0) break;
        got += n;
      }
      this.cachedLines = bytes.toString('utf8', 0, got).split('\n');
      this.cached = lo;
    }
    const text = this.cachedLines[line - firstLines[lo]!] ?? '';
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  }
}

/**
 * The sink of the streaming path.
 *
 * Complexity: O(1) expected per line; memory O(distinct texts + ring), plus the aggregate.
 * @example
 * const sink = new AggregateSink(index);
 * const parser = new RetailParser(file, {}, sink);
 * sink.parser = parser; // for re-reading lines
 */
export class AggregateSink implements RetailSink {
  readonly ids = new StringIds();
  readonly aggregate: RetailAggregate;
  /** The parser feeding this sink (re-parses re-read lines). */
  parser: RetailParser | null = null;
  private readonly key = lineKey();
  private readonly fetched = lineKey();
  private readonly ringLine = new Float64Array(RING).fill(-1);
  private readonly ringInts = new Int32Array(RING * 5);
  private readonly ringNums = new Float64Array(RING * 3);

  /**
   * @param index Where earlier lines are re-read from.
   * @param hash Line hash (tests force collisions).
   * @param expectedLines Expected purchase lines (see RetailAggregate).
   */
  constructor(
    private readonly index: LineIndex,
    hash?: LineHash,
    expectedLines?: number,
  ) {
    this.aggregate = new RetailAggregate((ref) => this.fetch(ref), hash, expectedLines);
    this.ids.onNewCustomer = (id, text) => this.aggregate.ledger.setName(id, text);
  }

  push(r: Readonly<RetailRecord>): void {
    const key = this.key;
    const ids = this.ids;
    key.invoice = ids.id('invoice', r.invoice);
    key.stock = ids.id('stock', r.stock);
    key.description = r.description === null ? -1 : ids.id('description', r.description);
    key.customer = r.customer === null ? -1 : ids.id('customer', r.customer);
    key.country = ids.id('country', r.country);
    key.quantity = r.quantity;
    key.date = r.date;
    key.price = r.price;
    const c0 = r.invoice.charCodeAt(0);
    this.pushKey(key, c0 === 67 || c0 === 99, r.quantity * r.price, r.line);
  }

  /** Feeds one valid line given as ids and numbers (the byte-level fast path). */
  pushKey(key: LineKey, cancelled: boolean, lineTotal: number, line: number): void {
    const slot = line & RING_MASK;
    this.ringLine[slot] = line;
    const ints = this.ringInts;
    const nums = this.ringNums;
    ints[slot * 5] = key.invoice;
    ints[slot * 5 + 1] = key.stock;
    ints[slot * 5 + 2] = key.description;
    ints[slot * 5 + 3] = key.customer;
    ints[slot * 5 + 4] = key.country;
    nums[slot * 3] = key.quantity;
    nums[slot * 3 + 1] = key.date;
    nums[slot * 3 + 2] = key.price;
    this.aggregate.add(key, cancelled, lineTotal, line);
  }

  /** The fields of earlier line `ref` (a physical line): from the ring, else re-read and re-parsed. */
  private fetch(ref: number): LineKey {
    const out = this.fetched;
    const slot = ref & RING_MASK;
    if (this.ringLine[slot] === ref) {
      const ints = this.ringInts;
      const nums = this.ringNums;
      out.invoice = ints[slot * 5]!;
      out.stock = ints[slot * 5 + 1]!;
      out.description = ints[slot * 5 + 2]!;
      out.customer = ints[slot * 5 + 3]!;
      out.country = ints[slot * 5 + 4]!;
      out.quantity = nums[slot * 3]!;
      out.date = nums[slot * 3 + 1]!;
      out.price = nums[slot * 3 + 2]!;
      return out;
    }
    const r = this.parser!.reparse(this.index.line(ref));
    const ids = this.ids;
    if (r === null) {
      out.invoice = -2; // matches no line
      return out;
    }
    // A text never interned can equal no earlier line: -3 (never an id, never the -1 of "empty").
    const find = (kind: TextKind, text: string): number => {
      const id = ids.find(kind, text);
      return id < 0 ? -3 : id;
    };
    out.invoice = find('invoice', r.invoice);
    out.stock = find('stock', r.stock);
    out.description = r.description === null ? -1 : find('description', r.description);
    out.customer = r.customer === null ? -1 : find('customer', r.customer);
    out.country = find('country', r.country);
    out.quantity = r.quantity;
    out.date = r.date;
    out.price = r.price;
    return out;
  }
}
