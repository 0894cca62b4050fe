/**
 * The streaming retail path: reads an Online Retail log (plain CSV, gzip, `-` = standard input, or `.xlsx`
 * through the in-memory loader), cleans it line by line and keeps only per-customer aggregates (the
 * {@link CustomerLedger}) and the hashes of distinct purchase lines. Memory is bounded by customers and
 * distinct lines, not by rows.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { InputFileError } from '../errors';
import type { CustomerLedger } from './customer-ledger';
import type { LineHash } from './line-dedupe';
import { loadRetail } from './load-retail';
import { aggregateTable, type RetailCleaningSummary } from './retail-aggregate';
import { FastRetailReader } from './fast-retail-reader';
import { checkStringOption } from '../options';
import { checkRetailLoadOptions } from './retail-options';
import { RetailParser, type RetailLoadInfo } from './retail-parser';
import { AggregateSink, LineIndex } from './stream-sink';
import type { RetailLoadOptions } from './types';

/** Options of {@link streamRetail}. */
export interface RetailStreamOptions extends RetailLoadOptions {
  /** Bytes read at a time. Default 1 MiB. Never changes a number. */
  chunkBytes?: number;
  /** Line hash of the duplicate detector (tests force collisions). Default: the 64-bit murmur-style hash. */
  lineHash?: LineHash;
}

/** What {@link streamRetail} returns: the load counts, the cleaning counts and the customer ledger. */
export interface RetailStream {
  load: RetailLoadInfo;
  cleaning: RetailCleaningSummary;
  ledger: CustomerLedger;
}

/** Largest piece of text parsed at once (also the unit re-read to confirm a duplicate). */
const PIECE_BYTES = 1 << 16;

function openError(file: string, error: unknown): InputFileError {
  const code = (error as NodeJS.ErrnoException).code;
  return new InputFileError(file, code === 'ENOENT' ? 'no such file' : `cannot read (${String(error)})`);
}

/** The raw byte stream of `file` (`-` = standard input), its size (NaN if unknown) and whether it is a regular file. */
function openSource(file: string, chunkBytes: number): { raw: Readable; size: number; seekable: boolean } {
  if (file === '-') return { raw: process.stdin, size: NaN, seekable: false };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    throw openError(file, error);
  }
  if (stat.isDirectory()) throw new InputFileError(file, 'cannot read (a directory)');
  return {
    raw: fs.createReadStream(file, { highWaterMark: chunkBytes }),
    size: stat.isFile() ? stat.size : NaN,
    seekable: stat.isFile(),
  };
}

/** The decompressed bytes: the raw stream, or its gunzip when it starts with the gzip magic bytes (exported for its test; not public). */
export async function* decoded(
  raw: Readable,
  onRaw: (bytes: number) => void,
  onFormat: (gzip: boolean) => void,
  chunkBytes: number,
): AsyncGenerator<Buffer> {
  const iterator = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  if (first.done) return;
  const head = first.value;
  onRaw(head.length);
  const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  onFormat(gzip);
  if (!gzip) {
    yield head;
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
      onRaw(r.value.length);
      yield r.value;
    }
    return;
  }
  async function* rest(): AsyncGenerator<Buffer> {
    yield head;
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
      onRaw(r.value.length);
      yield r.value;
    }
  }
  const gunzip = zlib.createGunzip({ chunkSize: Math.max(64, chunkBytes) });
  const source = Readable.from(rest());
  // `pipe` leaves the source's errors unhandled: when the reader stops early (the date-order probe) and the raw
  // stream is destroyed under a pending read, the source fails with 'Premature close', which would crash the
  // process. Its errors go to the gunzip stream instead (a no-op once the consumer is gone).
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } finally {
    source.destroy();
  }
}

/** Feeds line-aligned pieces of at most PIECE_BYTES to the parser, indexing (and spilling) each. */
function feedPieces(
  bytes: Buffer,
  parser: RetailParser,
  reader: FastRetailReader,
  index: LineIndex,
  spill: number | null,
  final: boolean,
): void {
  let start = 0;
  while (start < bytes.length) {
    let stop = Math.min(bytes.length, start + PIECE_BYTES);
    if (stop < bytes.length || !final) {
      const nl = bytes.lastIndexOf(10, stop - 1);
      stop = nl >= start ? nl + 1 : bytes.indexOf(10, stop) + 1 || bytes.length;
    }
    const piece = bytes.subarray(start, stop);
    index.add(parser.physicalLine + 1, piece.length);
    if (spill !== null) fs.writeSync(spill, piece);
    reader.push(piece);
    start = stop;
  }
}

/**
 * Reads ahead from the start of a file for the line whose date proves the day/month order (through a parser
 * in probe mode, which keeps nothing), so the streaming pass never holds lines back. Stops at the proof, at
 * the end (then the file's refusal, ambiguous order, is thrown now), or after 1,000 data lines without an
 * ambiguous date (the order then does not matter so far). Returns the proof, or null.
 */
async function proveDateOrder(file: string, options: RetailStreamOptions, chunkBytes: number) {
  const { raw } = openSource(file, chunkBytes);
  const probe = new RetailParser(file, { ...options, onProgress: undefined });
  probe.probe = true;
  const text = new StringDecoder('utf8');
  try {
    for await (const chunk of decoded(
      raw,
      () => {},
      () => {},
      chunkBytes,
    )) {
      probe.pushText(text.write(chunk));
      const proven = probe.dates.proven;
      if (proven !== null) return proven;
      if (!probe.probeSawAmbiguous && probe.physicalLine > 1000) return null;
    }
    probe.pushText(text.end());
    probe.finishInput(); // throws the ambiguous-order refusal when that is the file's verdict
    return probe.dates.proven;
  } finally {
    raw.destroy();
  }
}

async function streamCsv(file: string, options: RetailStreamOptions): Promise<RetailStream> {
  const chunkBytes = options.chunkBytes ?? 1 << 20;
  const proof =
    options.dateOrder === undefined && file !== '-' ? await proveDateOrder(file, options, chunkBytes) : null;
  const { raw, size, seekable } = openSource(file, chunkBytes);
  const index = new LineIndex();
  // A plain file's size tells the table sizes (about 80 bytes a line, three in four lines purchases).
  const expected = Number.isFinite(size) ? Math.min(2 ** 28, Math.round((size / 80) * 0.75)) : undefined;
  const sink = new AggregateSink(index, options.lineHash, expected);
  const parser = new RetailParser(file, options, sink);
  sink.parser = parser;
  if (proof !== null) parser.dates.adopt(proof);
  const reader = new FastRetailReader(parser, sink);
  parser.bytesTotal = size;
  let spillDir: string | null = null;
  let spill: number | null = null;
  let sourceFd: number | null = null;
  try {
    let carry: Buffer | null = null;
    const onRaw = (n: number): void => {
      parser.bytesDone += n;
    };
    const onFormat = (gzip: boolean): void => {
      // Lines are re-read from the file itself, or from a spill of the decompressed bytes.
      if (seekable && !gzip) sourceFd = fs.openSync(file, 'r');
      else {
        spillDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-retail-'));
        spill = fs.openSync(path.join(spillDir, 'lines'), 'w+', 0o600);
      }
      index.setSource((sourceFd ?? spill)!);
    };
    for await (const chunk of decoded(raw, onRaw, onFormat, chunkBytes)) {
      const last = chunk.lastIndexOf(10);
      if (last < 0) {
        carry = carry === null ? Buffer.from(chunk) : Buffer.concat([carry, chunk]);
        continue;
      }
      let from = 0;
      if (carry !== null) {
        // Only the line that spans the two reads is copied.
        from = chunk.indexOf(10) + 1;
        feedPieces(Buffer.concat([carry, chunk.subarray(0, from)]), parser, reader, index, spill, false);
      }
      feedPieces(chunk.subarray(from, last + 1), parser, reader, index, spill, false);
      carry = last + 1 < chunk.length ? Buffer.from(chunk.subarray(last + 1)) : null;
    }
    if (carry !== null) feedPieces(carry, parser, reader, index, spill, true);
    const load = parser.finishInput();
    const cleaning = sink.aggregate.summary(load.dataLines, load.rejected);
    return { load, cleaning, ledger: sink.aggregate.ledger };
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'Z_DATA_ERROR')
      throw new InputFileError(file, `cannot read (corrupt gzip?): ${String(error)}`);
    if (error instanceof Error && 'code' in error)
      throw new InputFileError(file, `cannot read: ${String(error)}`);
    throw error;
  } finally {
    if (file !== '-') raw.destroy();
    if (sourceFd !== null) fs.closeSync(sourceFd);
    if (spill !== null) fs.closeSync(spill);
    if (spillDir !== null) fs.rmSync(spillDir, { recursive: true, force: true });
  }
}

/**
 * Reads and cleans an Online Retail log without holding its rows: each valid line goes through the cleaning
 * rules into the customer ledger (RFM, LTV summary and churn features at any cutoff are computed from it);
 * exact duplicates are found by a set of 64-bit line hashes, an equal hash confirmed by comparing the earlier
 * line's eight fields (kept for the last 4,096 lines, else re-read from the file, or from a temporary spill
 * of the decompressed bytes for gzip and standard input, removed afterwards). `.xlsx` is loaded in memory and
 * fed to the same aggregate. Same numbers as `cleanRetail(await loadRetail(file))`, whatever `chunkBytes`.
 *
 * Complexity: O(file size) time; memory O(customers + distinct purchase lines × 12 bytes + ledger pairs).
 * @param file `.csv`, `.csv.gz`, `.xlsx`, or `-` for standard input (CSV, plain or gzip).
 * @param options See {@link RetailStreamOptions}.
 * @throws InputFileError as `loadRetail` (missing file, bad header, ambiguous or mixed day/month order, …).
 * @example
 * const { cleaning, ledger } = await streamRetail('data/online-retail/online_retail.csv.gz');
 * cleaning.steps.at(-1)?.remaining; // => 392692
 */
export async function streamRetail(file: string, options: RetailStreamOptions = {}): Promise<RetailStream> {
  checkStringOption('file', file);
  checkRetailLoadOptions(options);
  const format = options.format ?? (/\.xlsx$/i.test(file) ? 'xlsx' : 'csv');
  if (format === 'csv') return streamCsv(file, options);
  const { table, ...load } = await loadRetail(file, options);
  const agg = aggregateTable(table, undefined, options.lineHash);
  return { load, cleaning: agg.summary(load.dataLines, load.rejected), ledger: agg.ledger };
}
