/**
 * The UserBehavior reader in its phases: the file is probed and split (behavior-file.ts), its blocks are read
 * (plain, double-buffered, or gzip) and cut into complete lines, the shared {@link BehaviorLineParser} turns
 * lines into chunks of kept rows and reject counts, and {@link readBehaviorChunks} hands the chunks out.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { check, InputFileError } from '../errors';
import { checkCallback } from '../options';
import { resolveReaderOptions, type ReaderOptions } from './reader-options';
import { RejectsWriter } from './rejects-writer';
import { describeFsError, probeBehaviorFile, type BehaviorFileInfo } from './behavior-file';
import type { BehaviorWindow, ProgressCallback } from '../behavior/types';
import {
  assertBehaviorFormat,
  BehaviorLineParser,
  MAX_LINE_BYTES,
  type BehaviorChunk,
  type BehaviorReadStats,
} from './behavior-parser';

export { probeBehaviorFile, splitBehaviorRanges, type BehaviorFileInfo } from './behavior-file';

/** Bytes read per block from disk. */
export const BLOCK_BYTES = 1 << 22;

/** Options of {@link driveBehaviorParser}. */
export interface DriveOptions {
  /** First byte (a line start). Default 0. Plain files only when > 0. */
  start?: number;
  /** End byte (exclusive). Default: end of file. */
  end?: number;
  /**
   * Called after each block with bytes consumed so far in this range (compressed bytes for gzip), and once
   * more after a final line without newline has been parsed.
   */
  onBytes?: (bytesDone: number) => void;
  /** Block size in bytes (default 4 MiB; gzip output pieces: at least 64). Small values test block boundaries. */
  blockBytes?: number;
}

/**
 * Feeds a file (or a line-aligned byte range of a plain file) to a parser block by block, carrying an
 * incomplete last line over to the next block, then flushes the parser. An async generator that yields
 * after every block, so a caller can hand out the chunks produced so far. Never holds more than two
 * blocks (4 MiB each; the next one is read while the current one is parsed) plus one line (at most 1 MiB).
 *
 * Complexity O(bytes of the range).
 *
 * @throws {InputFileError} for a line longer than 1 MiB, NUL bytes (a binary file), a truncated or corrupt
 *   gzip stream, or wrong-format content (from the parser).
 * @example
 * const file = 'data/taobao/UserBehavior_head_4321rows.csv';
 * const { startSeconds, endSeconds } = resolveBehaviorWindow();
 * let rows = 0;
 * const parser = new BehaviorLineParser({ file, startSeconds, endSeconds, chunkRows: 65536, header: 'auto',
 *   maxRejectSamples: 20, checkFormat: true, onChunk: (chunk) => (rows += chunk.length) });
 * for await (const _ of driveBehaviorParser(await probeBehaviorFile(file), parser)) {}
 * [parser.stats().linesRead, rows] // => [4321, 4320]
 */
export async function* driveBehaviorParser(
  info: BehaviorFileInfo,
  parser: BehaviorLineParser,
  { start = 0, end = Number.POSITIVE_INFINITY, onBytes, blockBytes = BLOCK_BYTES }: DriveOptions = {},
): AsyncGenerator<void> {
  const lines = lineAssembler(info.file, parser, start);
  let bytesReported = 0;
  const blocks =
    info.compression === 'none'
      ? plainBlocks(info.file, start, end, blockBytes)
      : gzipBlocks(info.file, start, end, blockBytes);
  for await (const { block, length, bytesDone } of blocks) {
    lines.consume(block, length);
    bytesReported = bytesDone;
    onBytes?.(bytesReported);
    yield;
  }
  if (lines.finish()) onBytes?.(bytesReported); // once more, so the last report counts a final line without newline
  parser.finish();
}

/** One block read from a file: `block[0, length)`, and the bytes of the file consumed so far. */
interface ReadBlock {
  block: Buffer;
  length: number;
  bytesDone: number;
}

/**
 * Start of the first line in `block[from, end)` (complete lines; `end` follows a newline) longer than
 * {@link MAX_LINE_BYTES} without its newline, or -1. Probes every MAX_LINE_BYTES / 2 bytes: a longer line
 * contains a probe in its first half, from which the next newline is more than half the limit away; only
 * then is the line measured exactly. O(block / (MAX_LINE_BYTES / 2)) short scans.
 */
function firstLongLine(block: Buffer, from: number, end: number): number {
  const half = MAX_LINE_BYTES >> 1;
  for (let probe = from; probe < end; probe += half) {
    const newline = block.indexOf(10, probe);
    if (newline < 0 || newline >= end || newline - probe <= half) continue;
    const lineStart = probe === from ? from : Math.max(from, block.lastIndexOf(10, probe - 1) + 1);
    if (newline - lineStart > MAX_LINE_BYTES) return lineStart;
  }
  return -1;
}

/**
 * Phase 1 of the driver: cuts blocks into complete lines for the parser. Complete lines are parsed in place in
 * each block; only a line cut by a block boundary is copied (into a carry buffer of at most 1 MiB + 1).
 * `finish()` parses a final line without newline and says whether there was one.
 */
function lineAssembler(
  file: string,
  parser: BehaviorLineParser,
  start: number,
): { consume: (block: Buffer, length: number) => void; finish: () => boolean } {
  const carryBuffer = Buffer.allocUnsafe(MAX_LINE_BYTES + 1);
  let carry = 0;
  let first = start === 0;
  const tooLong = () =>
    new InputFileError(
      file,
      // Inside a later byte range the global line number is unknown here: name the byte offset instead.
      `${start === 0 ? `line ${parser.line + 1}` : `a line after byte ${start}`} is longer than ${MAX_LINE_BYTES} bytes: not a UserBehavior CSV`,
    );
  const consume = (block: Buffer, length: number): void => {
    let from = 0;
    if (first && length > 0) {
      first = false;
      // (a UTF-8 byte order mark is skipped by the parser)
      const nul = block.subarray(0, Math.min(length, 1 << 16)).indexOf(0);
      if (nul >= 0)
        throw new InputFileError(
          file,
          `contains NUL bytes at byte ${nul}: a binary file, not a UserBehavior CSV`,
        );
    }
    const lastNewline = length > 0 ? block.lastIndexOf(10, length - 1) : -1;
    if (lastNewline < from) {
      // no line ends in this block: all of it continues the carried line
      if (carry + length - from > MAX_LINE_BYTES) throw tooLong();
      block.copy(carryBuffer, carry, from, length);
      carry += length - from;
      return;
    }
    if (carry > 0) {
      const firstNewline = block.indexOf(10, from);
      if (carry + firstNewline + 1 - from > MAX_LINE_BYTES + 1) throw tooLong();
      block.copy(carryBuffer, carry, from, firstNewline + 1);
      parser.parseLines(carryBuffer, 0, carry + firstNewline + 1 - from);
      carry = 0;
      from = firstNewline + 1;
    }
    if (lastNewline >= from) {
      // A too-long line inside the block must fail too (not only one carried across a block boundary).
      const long = firstLongLine(block, from, lastNewline + 1);
      if (long >= 0) {
        parser.parseLines(block, from, long); // the lines before it, so the error names the right line
        throw tooLong();
      }
      parser.parseLines(block, from, lastNewline + 1);
    }
    carry = length - lastNewline - 1;
    if (carry > MAX_LINE_BYTES) throw tooLong();
    block.copy(carryBuffer, 0, lastNewline + 1, length);
  };
  const finish = (): boolean => {
    if (carry === 0) return false;
    parser.parseLastLine(carryBuffer, 0, carry);
    return true;
  };
  return { consume, finish };
}

/**
 * Phase 2a: the blocks of a plain file's byte range, double-buffered (the next block is read while the
 * consumer parses the current one, so a block is valid until the consumer asks for the next).
 */
async function* plainBlocks(
  file: string,
  start: number,
  end: number,
  blockBytes: number,
): AsyncGenerator<ReadBlock> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (error) {
    throw new InputFileError(file, describeFsError(error));
  }
  const blocks = [Buffer.allocUnsafe(blockBytes), Buffer.allocUnsafe(blockBytes)];
  const readAt = (at: number, into: Buffer): Promise<{ bytesRead: number }> =>
    at < end ? handle.read(into, 0, Math.min(blockBytes, end - at), at) : Promise.resolve({ bytesRead: 0 });
  let position = start;
  let which = 0;
  let pending = readAt(position, blocks[0]!);
  try {
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      const block = blocks[which]!;
      position += bytesRead;
      which ^= 1;
      pending = readAt(position, blocks[which]!);
      yield { block, length: bytesRead, bytesDone: position - start };
    }
  } finally {
    // A read may still be in flight (error, or the consumer stopped early): settle it before closing.
    await pending.catch(() => undefined);
    await handle.close();
  }
}

/** Phase 2b: the decompressed pieces of a gzip file (`bytesDone` counts compressed bytes). Whole files only. */
async function* gzipBlocks(
  file: string,
  start: number,
  end: number,
  blockBytes: number,
): AsyncGenerator<ReadBlock> {
  if (start !== 0 || end !== Number.POSITIVE_INFINITY)
    throw new InputFileError(file, 'a gzip stream cannot be read by byte ranges; use one worker');
  const input = fs.createReadStream(file);
  const gunzip = zlib.createGunzip({ chunkSize: Math.max(64, Math.min(blockBytes, 1 << 20)) });
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  let decompressed = 0;
  try {
    for await (const piece of gunzip as AsyncIterable<Buffer>) {
      decompressed += piece.length;
      yield { block: piece, length: piece.length, bytesDone: input.bytesRead };
    }
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(String((error as Error).message)))
      throw new InputFileError(
        file,
        `gzip stream ends early after ${decompressed} decompressed bytes (truncated file?)`,
      );
    if (typeof code === 'string' && code.startsWith('Z_'))
      throw new InputFileError(file, `corrupt gzip data (${(error as Error).message})`);
    throw new InputFileError(file, describeFsError(error));
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

/** Options of {@link readBehaviorChunks} (the shared {@link ReaderOptions} plus these). */
export interface ReadBehaviorChunksOptions extends ReaderOptions {
  /** Progress after every block (4 MiB). */
  onProgress?: ProgressCallback;
  /**
   * Byte range `[start, end)` of a plain file (for workers). `start` must be 0 or a line start (see
   * {@link splitBehaviorRanges}); line numbers are then counted from the range start, and header
   * detection and the wrong-format check only run at byte 0. Default: the whole file.
   */
  start?: number;
  end?: number;
  /** Read block size in bytes (default 4 MiB). Only tests need to change it. */
  blockBytes?: number;
}

/** The chunked reader: iterate it for chunks, then read its {@link BehaviorReadStats}. */
export interface BehaviorChunkReader extends AsyncIterable<BehaviorChunk> {
  /** The resolved window (known before reading). */
  readonly window: BehaviorWindow;
  /** Line accounting; throws unless the iteration has finished. */
  stats(): BehaviorReadStats;
}

/**
 * Reads a UserBehavior file (`user_id,item_id,category_id,behavior_type,timestamp`; plain or gzip by magic
 * bytes; LF or CRLF; optional header; last line with or without newline) as columnar chunks of kept rows.
 * Every line is kept or rejected for exactly one reason (see `behavior-parser.ts` and
 * docs/behavior-engine.md). Never holds the file in memory. Complexity O(bytes).
 *
 * @param path the file.
 * @param options window (`from`, `to`, `utcOffset`), `chunkRows`, `header`, `maxRejectSamples`, `rejectsPath`,
 *   `onProgress`, byte range `start`/`end`.
 * @throws {DataError} for bad options (`invalid chunkRows: 0`), before any reading.
 * @throws {InputFileError} while iterating: missing file, directory, zip/bzip2/xz/zstd, binary, truncated
 *   gzip, or the first 1,000 non-blank lines all rejected for format reasons (a file of another format).
 * @example
 * const reader = readBehaviorChunks('data/taobao/UserBehavior_head_4321rows.csv');
 * let rows = 0;
 * for await (const chunk of reader) rows += chunk.length;
 * rows // => 4320 (one line is outside the window)
 * reader.stats().rejectedByReason.outOfWindow // => 1
 */
export function readBehaviorChunks(
  path: string,
  options: ReadBehaviorChunksOptions = {},
): BehaviorChunkReader {
  const { onProgress, start = 0, end, blockBytes = BLOCK_BYTES } = options;
  const { window, chunkRows, header, maxRejectSamples, rejectsPath } = resolveReaderOptions(path, options);
  checkCallback('onProgress', onProgress);
  check(Number.isInteger(start) && start >= 0, 'start', start);
  check(end === undefined || (Number.isInteger(end) && end >= start), 'end', end);
  check(Number.isInteger(blockBytes) && blockBytes >= 1, 'blockBytes', blockBytes);
  let finalStats: BehaviorReadStats | undefined;

  async function* iterate(): AsyncGenerator<BehaviorChunk> {
    const info = await probeBehaviorFile(path);
    const queue: BehaviorChunk[] = [];
    const writer = rejectsPath !== undefined ? new RejectsWriter(rejectsPath, { inputs: [path] }) : undefined;
    let complete = false;
    const parser = new BehaviorLineParser({
      file: path,
      startSeconds: window.startSeconds,
      endSeconds: window.endSeconds,
      chunkRows,
      header: start === 0 ? header : false,
      maxRejectSamples,
      checkFormat: start === 0,
      onChunk: (chunk) =>
        queue.push(
          chunk.length === chunkRows
            ? chunk
            : {
                length: chunk.length,
                userId: chunk.userId.subarray(0, chunk.length),
                itemId: chunk.itemId.subarray(0, chunk.length),
                categoryId: chunk.categoryId.subarray(0, chunk.length),
                behavior: chunk.behavior.subarray(0, chunk.length),
                timestamp: chunk.timestamp.subarray(0, chunk.length),
              },
        ),
      onRejectLine: writer?.write,
    });
    const bytesTotal = end !== undefined ? end - start : info.size - start;
    try {
      for await (const _ of driveBehaviorParser(info, parser, {
        start,
        end,
        blockBytes,
        onBytes: (bytesDone) => onProgress?.({ bytesDone, bytesTotal, rows: parser.rows }),
      })) {
        while (queue.length > 0) yield queue.shift()!;
      }
      while (queue.length > 0) yield queue.shift()!;
      complete = true;
    } finally {
      // Only a file read to its end gives a complete rejects file; otherwise the target is left as it was.
      if (complete) writer?.close();
      else writer?.discard();
    }
    const stats = parser.stats();
    if (start === 0 && end === undefined) assertBehaviorFormat(path, stats);
    finalStats = stats;
  }

  return {
    window,
    [Symbol.asyncIterator]: () => iterate(),
    stats() {
      if (finalStats === undefined)
        throw new Error('readBehaviorChunks: stats() is only known after the last chunk');
      return finalStats;
    },
  };
}
