/**
 * The byte-level UserBehavior line parser: THE reject rules of ecomlab. Both the chunked reader
 * (`readBehaviorChunks`), the streaming analysis and the MySQL loader go through this one parser.
 *
 * A line is `user_id,item_id,category_id,behavior_type,timestamp` (LF or CRLF). Checks, first failure wins:
 * 1. `blank`: empty or only spaces/tabs;
 * 2. `fieldCount`: not exactly 5 comma-separated fields;
 * 3. `badInteger`: user/item/category not a decimal integer 0..4294967295 (digits only, no sign or spaces);
 * 4. `unknownBehavior`: behaviour not exactly `pv`, `fav`, `cart` or `buy`;
 * 5. `badInteger`: timestamp not an optionally signed decimal integer of at most 15 digits;
 * 6. `outOfWindow`: timestamp outside `[startSeconds, endSeconds)`.
 * Fields are checked left to right (user, item, category, behaviour, timestamp).
 *
 * Size exception: this file is over 400 lines and `parseLines` over 120 on purpose. `parseLines` is the
 * hot path of every engine (every byte of every input passes through it): the fast path for a well-formed line
 * is unrolled field by field with its state in locals, so no call or reload sits on the per-byte path; the
 * slow path (`slowLine`) keeps the rules readable and decides every line the fast path declines.
 */
import { InputFileError } from '../errors';
import { emptyRejectCounts, type RejectReason, type RejectSample } from '../behavior/types';

/** A columnar block of kept rows. All arrays have at least `length` elements; only the first `length` count. */
export interface BehaviorChunk {
  /** Number of rows in this chunk. */
  length: number;
  userId: Uint32Array;
  itemId: Uint32Array;
  categoryId: Uint32Array;
  /** 0 pv, 1 fav, 2 cart, 3 buy. */
  behavior: Uint8Array;
  /** Unix seconds. */
  timestamp: Float64Array;
}

/** Line accounting of one read: `linesRead = headerLines + rows + Σ rejectedByReason`. */
export interface BehaviorReadStats {
  /** Physical lines read (a final line without a newline counts). */
  linesRead: number;
  /** 1 when a header line was skipped, else 0. */
  headerLines: number;
  /** Kept rows. */
  rows: number;
  rejectedByReason: Record<RejectReason, number>;
  /** First `maxRejectSamples` rejected lines, in file order, with 1-based line numbers. */
  rejectSamples: RejectSample[];
}

/** How the first line is treated: `'auto'` skips it when it looks like a header (names, not numbers). */
export type HeaderMode = 'auto' | boolean;

/** Called with every rejected line (bytes `buf[start, end)`, terminator excluded). */
export type RejectLineCallback = (
  line: number,
  reason: RejectReason,
  buf: Buffer,
  start: number,
  end: number,
) => void;

/** Options of {@link BehaviorLineParser}. */
export interface BehaviorLineParserOptions {
  /** File name used in error messages. */
  file: string;
  /** Window bounds in unix seconds: `[startSeconds, endSeconds)`. */
  startSeconds: number;
  endSeconds: number;
  /** Rows per chunk. */
  chunkRows: number;
  /** Header handling for the first line of this stream (only meaningful at the start of a file). */
  header: HeaderMode;
  /** Keep at most this many reject samples. */
  maxRejectSamples: number;
  /**
   * When true (the start of a file), fail fast on wrong-format input: if the first
   * {@link FORMAT_CHECK_LINES} non-blank lines are all rejected for format reasons, throw.
   */
  checkFormat: boolean;
  /** Receives each full chunk. The chunk is reused afterwards when `reuseChunks` is true. */
  onChunk: (chunk: BehaviorChunk) => void;
  /** Reuse one chunk's arrays (the consumer must not keep them). Default false. */
  reuseChunks?: boolean;
  onRejectLine?: RejectLineCallback;
}

/** Number of leading non-blank lines that must not ALL be format rejects. */
export const FORMAT_CHECK_LINES = 1000;
/** Longest accepted line, in bytes; longer lines mean the input is not a UserBehavior CSV. */
export const MAX_LINE_BYTES = 1 << 20;
/** Reject sample texts are cut to this many characters. */
export const REJECT_TEXT_CHARS = 200;

const UINT32_MAX = 4294967295;
const FORMAT_REASONS: ReadonlySet<RejectReason> = new Set(['fieldCount', 'badInteger', 'unknownBehavior']);

/**
 * Creates an empty chunk with room for `capacity` rows. O(capacity).
 * @example allocBehaviorChunk(4).userId.length // => 4
 */
export function allocBehaviorChunk(capacity: number): BehaviorChunk {
  return {
    length: 0,
    userId: new Uint32Array(capacity),
    itemId: new Uint32Array(capacity),
    categoryId: new Uint32Array(capacity),
    behavior: new Uint8Array(capacity),
    timestamp: new Float64Array(capacity),
  };
}

/**
 * Decodes a reject sample's text: the line without terminator, cut to 200 characters. O(200).
 * @example rejectText(Buffer.from('1,2,3,click,5'), 0, 13) // => '1,2,3,click,5'
 */
export function rejectText(buf: Buffer, start: number, end: number): string {
  const cut = Math.min(end, start + REJECT_TEXT_CHARS * 4);
  const text = buf.toString('utf8', start, cut);
  return [...text].slice(0, REJECT_TEXT_CHARS).join('');
}

function isDigit(byte: number): boolean {
  return byte >= 48 && byte <= 57;
}

/** Parses an unsigned id field `buf[start, end)`; NaN unless 1..10 digits and <= 4294967295. */
function parseId(buf: Buffer, start: number, end: number): number {
  if (end <= start || end - start > 10) return NaN;
  let value = 0;
  for (let p = start; p < end; p++) {
    const byte = buf[p]!;
    if (!isDigit(byte)) return NaN;
    value = value * 10 + (byte - 48);
  }
  return value <= UINT32_MAX ? value : NaN;
}

/** Parses a timestamp field: optional '-', then 1..15 digits. */
function parseTimestamp(buf: Buffer, start: number, end: number): number {
  let p = start;
  let sign = 1;
  if (p < end && buf[p] === 45) {
    sign = -1;
    p++;
  }
  if (end <= p || end - p > 15) return NaN;
  let value = 0;
  for (; p < end; p++) {
    const byte = buf[p]!;
    if (!isDigit(byte)) return NaN;
    value = value * 10 + (byte - 48);
  }
  return sign * value;
}

/** Behaviour code of `buf[start, end)`, or -1. */
function parseBehavior(buf: Buffer, start: number, end: number): number {
  const length = end - start;
  const b0 = buf[start];
  if (length === 2 && b0 === 112 && buf[start + 1] === 118) return 0; // pv
  if (length === 3 && b0 === 102 && buf[start + 1] === 97 && buf[start + 2] === 118) return 1; // fav
  if (length === 4 && b0 === 99 && buf[start + 1] === 97 && buf[start + 2] === 114 && buf[start + 3] === 116)
    return 2; // cart
  if (length === 3 && b0 === 98 && buf[start + 1] === 117 && buf[start + 2] === 121) return 3; // buy
  return -1;
}

/** True when the line holds 5 fields whose first is not a number but contains a letter (a header). */
function looksLikeHeader(buf: Buffer, start: number, end: number): boolean {
  let commas = 0;
  let firstComma = -1;
  for (let p = start; p < end; p++) {
    if (buf[p] === 44) {
      if (firstComma < 0) firstComma = p;
      commas++;
    }
  }
  if (commas !== 4) return false;
  const first = buf.toString('latin1', start, firstComma);
  return /[A-Za-z]/.test(first) && !/^\d+$/.test(first);
}

/**
 * Stateful parser over a stream of bytes split into blocks of complete lines. Feed it with
 * {@link BehaviorLineParser.parseLines} (a block that ends right after a `\n`) and, at the end,
 * {@link BehaviorLineParser.parseLastLine} for a final line without newline, then {@link BehaviorLineParser.finish}.
 * Line numbers count from 1 at the start of the stream (for a byte range, the caller shifts them).
 * Complexity O(bytes); allocation-free per row on well-formed lines.
 *
 * @throws {InputFileError} when the first 1,000 non-blank lines are all format rejects (`checkFormat`).
 * @example
 * const parser = new BehaviorLineParser({ file: 'x.csv', startSeconds: 1511539200, endSeconds: 1512316800,
 *   chunkRows: 1024, header: 'auto', maxRejectSamples: 20, checkFormat: true, onChunk: () => {} });
 * parser.parseLines(Buffer.from('1,2,3,pv,1511544070\n\n'), 0, 21);
 * parser.finish();
 * parser.stats().rejectedByReason.blank // => 1
 */
export class BehaviorLineParser {
  /** Physical lines consumed so far. */
  line = 0;
  headerLines = 0;
  rows = 0;
  readonly rejectedByReason = emptyRejectCounts();
  readonly rejectSamples: RejectSample[] = [];
  private chunk: BehaviorChunk;
  private readonly options: BehaviorLineParserOptions;
  private headerPending: boolean;
  private bomPending: boolean;
  private formatPending: boolean;
  private formatRejects = 0;
  private firstFormatReject: RejectSample | undefined;

  constructor(options: BehaviorLineParserOptions) {
    this.options = options;
    this.chunk = allocBehaviorChunk(options.chunkRows);
    this.headerPending = options.header !== false;
    this.bomPending = options.checkFormat;
    this.formatPending = options.checkFormat;
  }

  /** Accounting so far (samples are copied). */
  stats(): BehaviorReadStats {
    return {
      linesRead: this.line,
      headerLines: this.headerLines,
      rows: this.rows,
      rejectedByReason: { ...this.rejectedByReason },
      rejectSamples: this.rejectSamples.map((sample) => ({ ...sample })),
    };
  }

  private reject(reason: RejectReason, buf: Buffer, start: number, end: number): void {
    if (end > start && buf[end - 1] === 13) end--;
    this.rejectedByReason[reason]++;
    const line = this.line;
    if (this.rejectSamples.length < this.options.maxRejectSamples) {
      this.rejectSamples.push({ line, reason, text: rejectText(buf, start, end) });
    }
    if (this.options.onRejectLine) this.options.onRejectLine(line, reason, buf, start, end);
    if (this.formatPending && reason !== 'blank') {
      if (FORMAT_REASONS.has(reason)) {
        this.formatRejects++;
        this.firstFormatReject ??= { line, reason, text: rejectText(buf, start, end) };
        if (this.formatRejects >= FORMAT_CHECK_LINES) this.failFormat();
      } else {
        this.formatPending = false;
      }
    }
  }

  private failFormat(): never {
    const first = this.firstFormatReject;
    const what = first ? ` (line ${first.line}: ${first.reason} "${first.text.slice(0, 80)}")` : '';
    throw new InputFileError(
      this.options.file,
      `not a UserBehavior file: the first ${this.formatRejects} non-blank lines are all rejected${what}; ` +
        'expected user_id,item_id,category_id,behavior_type,timestamp',
    );
  }

  private keep(user: number, item: number, category: number, behavior: number, timestamp: number): void {
    const chunk = this.chunk;
    const n = chunk.length;
    chunk.userId[n] = user;
    chunk.itemId[n] = item;
    chunk.categoryId[n] = category;
    chunk.behavior[n] = behavior;
    chunk.timestamp[n] = timestamp;
    chunk.length = n + 1;
    this.rows++;
    if (this.formatPending) this.formatPending = false;
    if (chunk.length === this.options.chunkRows) this.flush();
  }

  /** Emits the current chunk if it holds rows. */
  flush(): void {
    if (this.chunk.length === 0) return;
    this.options.onChunk(this.chunk);
    if (this.options.reuseChunks) this.chunk.length = 0;
    else this.chunk = allocBehaviorChunk(this.options.chunkRows);
  }

  /** Classifies one line `buf[start, end)` (terminator excluded, CR allowed) with the full rules. */
  private slowLine(buf: Buffer, start: number, end: number): void {
    let stop = end;
    if (stop > start && buf[stop - 1] === 13) stop--;
    if (this.headerPending) {
      this.headerPending = false;
      if (this.options.header === true || looksLikeHeader(buf, start, stop)) {
        this.headerLines = 1;
        return;
      }
    }
    let blank = true;
    for (let p = start; p < stop; p++) {
      const byte = buf[p];
      if (byte !== 32 && byte !== 9) {
        blank = false;
        break;
      }
    }
    if (blank) return this.reject('blank', buf, start, end);
    const commas: number[] = [];
    for (let p = start; p < stop; p++) {
      if (buf[p] === 44) {
        commas.push(p);
        if (commas.length > 4) break;
      }
    }
    if (commas.length !== 4) return this.reject('fieldCount', buf, start, end);
    const [c1, c2, c3, c4] = commas as [number, number, number, number];
    const user = parseId(buf, start, c1);
    if (Number.isNaN(user)) return this.reject('badInteger', buf, start, end);
    const item = parseId(buf, c1 + 1, c2);
    if (Number.isNaN(item)) return this.reject('badInteger', buf, start, end);
    const category = parseId(buf, c2 + 1, c3);
    if (Number.isNaN(category)) return this.reject('badInteger', buf, start, end);
    const behavior = parseBehavior(buf, c3 + 1, c4);
    if (behavior < 0) return this.reject('unknownBehavior', buf, start, end);
    const timestamp = parseTimestamp(buf, c4 + 1, stop);
    if (Number.isNaN(timestamp)) return this.reject('badInteger', buf, start, end);
    if (timestamp < this.options.startSeconds || timestamp >= this.options.endSeconds)
      return this.reject('outOfWindow', buf, start, end);
    this.keep(user, item, category, behavior, timestamp);
  }

  /** At the start of a file, skips a UTF-8 byte order mark (EF BB BF) before line 1. */
  private skipBom(buf: Buffer, start: number, end: number): number {
    this.bomPending = false;
    return end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf
      ? start + 3
      : start;
  }

  /**
   * Parses every line of `buf[start, end)`, which must end right after a `\n` (or be empty).
   * Well-formed lines take an inlined fast path; anything else goes through the full rules.
   */
  parseLines(buf: Buffer, start: number, end: number): void {
    let pos = start;
    if (this.bomPending && pos < end) pos = this.skipBom(buf, pos, end);
    if (pos < end && this.headerPending) {
      const newline = buf.indexOf(10, pos);
      this.line++;
      this.slowLine(buf, pos, newline);
      pos = newline + 1;
    }
    const windowStart = this.options.startSeconds;
    const windowEnd = this.options.endSeconds;
    const chunkRows = this.options.chunkRows;
    // Hot state lives in locals (no closures, so they stay in registers); it is written back to `this`
    // before anything that reads it (reject, slowLine, flush) and reloaded afterwards.
    let chunk = this.chunk;
    let userIds = chunk.userId;
    let itemIds = chunk.itemId;
    let categoryIds = chunk.categoryId;
    let behaviors = chunk.behavior;
    let timestamps = chunk.timestamp;
    let n = chunk.length;
    let line = this.line;
    let kept = 0;
    while (pos < end) {
      const lineStart = pos;
      line++;
      // Fast path: digits{1,10} , digits{1,10} , digits{1,10} , (pv|fav|cart|buy) , digits{1,15} (\r)?\n
      // It never reads past the line's '\n': every test stops at the first byte that does not match.
      fast: {
        let c = buf[pos]!;
        let fieldStart = pos;
        let user = 0;
        while (c >= 48 && c <= 57) {
          user = user * 10 + (c - 48);
          c = buf[++pos]!;
        }
        if (c !== 44 || pos === fieldStart || pos - fieldStart > 10 || user > UINT32_MAX) break fast;
        c = buf[++pos]!;
        fieldStart = pos;
        let item = 0;
        while (c >= 48 && c <= 57) {
          item = item * 10 + (c - 48);
          c = buf[++pos]!;
        }
        if (c !== 44 || pos === fieldStart || pos - fieldStart > 10 || item > UINT32_MAX) break fast;
        c = buf[++pos]!;
        fieldStart = pos;
        let category = 0;
        while (c >= 48 && c <= 57) {
          category = category * 10 + (c - 48);
          c = buf[++pos]!;
        }
        if (c !== 44 || pos === fieldStart || pos - fieldStart > 10 || category > UINT32_MAX) break fast;
        c = buf[++pos]!;
        let behavior: number;
        if (c === 112 && buf[pos + 1] === 118 && buf[pos + 2] === 44) {
          behavior = 0;
          pos += 3;
        } else if (
          c === 99 &&
          buf[pos + 1] === 97 &&
          buf[pos + 2] === 114 &&
          buf[pos + 3] === 116 &&
          buf[pos + 4] === 44
        ) {
          behavior = 2;
          pos += 5;
        } else if (c === 102 && buf[pos + 1] === 97 && buf[pos + 2] === 118 && buf[pos + 3] === 44) {
          behavior = 1;
          pos += 4;
        } else if (c === 98 && buf[pos + 1] === 117 && buf[pos + 2] === 121 && buf[pos + 3] === 44) {
          behavior = 3;
          pos += 4;
        } else break fast;
        c = buf[pos]!;
        fieldStart = pos;
        let timestamp = 0;
        while (c >= 48 && c <= 57) {
          timestamp = timestamp * 10 + (c - 48);
          c = buf[++pos]!;
        }
        if (pos === fieldStart || pos - fieldStart > 15) break fast;
        const lineEnd = pos;
        if (c === 13 && buf[pos + 1] === 10) pos += 2;
        else if (c === 10) pos += 1;
        else break fast;
        if (timestamp < windowStart || timestamp >= windowEnd) {
          chunk.length = n;
          this.line = line;
          if (kept > 0) {
            this.rows += kept;
            kept = 0;
            this.formatPending = false;
          }
          this.reject('outOfWindow', buf, lineStart, lineEnd);
          continue;
        }
        userIds[n] = user;
        itemIds[n] = item;
        categoryIds[n] = category;
        behaviors[n] = behavior;
        timestamps[n] = timestamp;
        n++;
        kept++;
        if (n === chunkRows) {
          chunk.length = n;
          this.line = line;
          if (kept > 0) {
            this.rows += kept;
            kept = 0;
            this.formatPending = false;
          }
          this.flush();
          chunk = this.chunk;
          userIds = chunk.userId;
          itemIds = chunk.itemId;
          categoryIds = chunk.categoryId;
          behaviors = chunk.behavior;
          timestamps = chunk.timestamp;
          n = chunk.length;
          line = this.line;
        }
        continue;
      }
      chunk.length = n;
      this.line = line;
      if (kept > 0) {
        this.rows += kept;
        kept = 0;
        this.formatPending = false;
      }
      const newline = buf.indexOf(10, lineStart);
      this.slowLine(buf, lineStart, newline);
      chunk = this.chunk;
      userIds = chunk.userId;
      itemIds = chunk.itemId;
      categoryIds = chunk.categoryId;
      behaviors = chunk.behavior;
      timestamps = chunk.timestamp;
      n = chunk.length;
      line = this.line;
      pos = newline + 1;
    }
    chunk.length = n;
    this.line = line;
    if (kept > 0) {
      this.rows += kept;
      kept = 0;
      this.formatPending = false;
    }
  }

  /** Parses a final line `buf[start, end)` that has no `\n` (nothing when empty). */
  parseLastLine(buf: Buffer, start: number, end: number): void {
    if (this.bomPending && start < end) start = this.skipBom(buf, start, end);
    if (end <= start) return;
    this.line++;
    this.slowLine(buf, start, end);
  }

  /** Flushes the last chunk. (The end-of-input format check is {@link assertBehaviorFormat}.) */
  finish(): void {
    this.flush();
  }
}

/**
 * The end-of-input wrong-format check: when no line at all was kept or out of window but some were
 * rejected for format reasons, the input is not a UserBehavior file. (Blank-only files pass.)
 *
 * @throws {InputFileError} `x.csv: not a UserBehavior file: none of its 12 non-blank lines is a valid row (...)`.
 * @example assertBehaviorFormat('a.csv', { linesRead: 1, headerLines: 0, rows: 0, rejectedByReason: { ...new BehaviorLineParser({ chunkRows: 1 } as never).rejectedByReason, fieldCount: 1 }, rejectSamples: [] }) // => throws InputFileError: a.csv: not a UserBehavior file: none of its 1 non-blank lines is a valid row; expected user_id,item_id,category_id,behavior_type,timestamp
 */
export function assertBehaviorFormat(file: string, stats: BehaviorReadStats): void {
  const r = stats.rejectedByReason;
  const formatRejects = r.fieldCount + r.badInteger + r.unknownBehavior;
  if (stats.rows > 0 || r.outOfWindow > 0 || formatRejects === 0) return;
  const first = stats.rejectSamples.find((sample) => FORMAT_REASONS.has(sample.reason));
  const what = first ? ` (line ${first.line}: ${first.reason} "${first.text.slice(0, 80)}")` : '';
  throw new InputFileError(
    file,
    `not a UserBehavior file: none of its ${formatRejects} non-blank lines is a valid row${what}; ` +
      'expected user_id,item_id,category_id,behavior_type,timestamp',
  );
}
