/**
 * File access for the UserBehavior reader: probing (missing file, directory, compression by magic bytes),
 * line-aligned byte ranges for workers, the block driver that feeds {@link BehaviorLineParser}, the
 * rejects file, and the public chunked reader {@link readBehaviorChunks}.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { check, InputFileError } from '../errors';
import { AtomicFile, assertOutputNotInput } from './atomic-output';
import { resolveBehaviorWindow, type BehaviorWindowOptions } from '../behavior/window';
import type { BehaviorWindow, ProgressCallback } from '../behavior/types';
import {
  assertBehaviorFormat,
  BehaviorLineParser,
  MAX_LINE_BYTES,
  type BehaviorChunk,
  type BehaviorReadStats,
  type HeaderMode,
  type RejectLineCallback,
} from './behavior-parser';

/** What {@link probeBehaviorFile} found out about a file. */
export interface BehaviorFileInfo {
  file: string;
  /** Size on disk in bytes (compressed size for gzip). */
  size: number;
  /** Detected from the first bytes (magic number), not from the name. */
  compression: 'none' | 'gzip';
}

/** Bytes read per block from disk. */
export const BLOCK_BYTES = 1 << 22;

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot read file (${(error as Error).message})`;
}

/**
 * Checks that `file` exists, is a readable regular file and is plain text or gzip (by magic bytes).
 * Complexity O(1).
 *
 * @throws {InputFileError} `data.csv: no such file`, `x: is a directory, not a file`,
 *   `x.zip: is a zip archive; unpack it first (plain or .gz files only)`.
 * @example
 * (await probeBehaviorFile('data/taobao/UserBehavior_head_4321rows.csv')).compression // => 'none'
 */
export async function probeBehaviorFile(file: string): Promise<BehaviorFileInfo> {
  let handle: fs.promises.FileHandle;
  try {
    const stat = await fs.promises.stat(file);
    if (stat.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    handle = await fs.promises.open(file, 'r');
  } catch (error) {
    throw new InputFileError(file, describeFsError(error));
  }
  try {
    const stat = await handle.stat();
    const head = Buffer.alloc(6);
    const { bytesRead } = await handle.read(head, 0, 6, 0);
    const magic = head.subarray(0, bytesRead);
    const starts = (...bytes: number[]) => bytes.every((byte, i) => magic[i] === byte);
    if (starts(0x1f, 0x8b)) return { file, size: stat.size, compression: 'gzip' };
    const other = starts(0x50, 0x4b, 0x03, 0x04)
      ? 'a zip archive'
      : starts(0x42, 0x5a, 0x68)
        ? 'a bzip2 file'
        : starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)
          ? 'an xz file'
          : starts(0x28, 0xb5, 0x2f, 0xfd)
            ? 'a zstd file'
            : undefined;
    if (other) throw new InputFileError(file, `is ${other}; unpack it first (plain or .gz files only)`);
    return { file, size: stat.size, compression: 'none' };
  } finally {
    await handle.close();
  }
}

/**
 * Splits a plain file into at most `parts` byte ranges `[start, end)` that begin at line starts, so that
 * every line lies in exactly one range. Empty ranges are dropped. Complexity O(parts) small reads.
 *
 * @example
 * await splitBehaviorRanges('big.csv', 2) // => [[0, 1800000042], [1800000042, 3600000000]]
 */
export async function splitBehaviorRanges(file: string, parts: number): Promise<Array<[number, number]>> {
  check(Number.isInteger(parts) && parts >= 1, 'parts', parts);
  const size = (await fs.promises.stat(file)).size;
  const bounds = [0];
  const handle = await fs.promises.open(file, 'r');
  try {
    const probe = Buffer.allocUnsafe(1 << 16);
    for (let i = 1; i < parts; i++) {
      let at = Math.max(Math.floor((size * i) / parts) - 1, bounds[bounds.length - 1]!);
      let boundary = size;
      while (at < size) {
        const { bytesRead } = await handle.read(probe, 0, probe.length, at);
        if (bytesRead === 0) break;
        const newline = probe.subarray(0, bytesRead).indexOf(10);
        if (newline >= 0) {
          boundary = at + newline + 1;
          break;
        }
        at += bytesRead;
      }
      if (boundary > bounds[bounds.length - 1]!) bounds.push(boundary);
    }
  } finally {
    await handle.close();
  }
  if (bounds[bounds.length - 1]! < size) bounds.push(size);
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i + 1 < bounds.length; i++) ranges.push([bounds[i]!, bounds[i + 1]!]);
  return ranges;
}

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
 * const parser = new BehaviorLineParser({ file, startSeconds, endSeconds, chunkRows: 65536, header: 'auto',
 *   maxRejectSamples: 20, checkFormat: true, onChunk: (chunk) => use(chunk) });
 * for await (const _ of driveBehaviorParser(await probeBehaviorFile(file), parser)) {}
 * parser.stats().linesRead // => every line of the file
 */
export async function* driveBehaviorParser(
  info: BehaviorFileInfo,
  parser: BehaviorLineParser,
  { start = 0, end = Number.POSITIVE_INFINITY, onBytes, blockBytes = BLOCK_BYTES }: DriveOptions = {},
): AsyncGenerator<void> {
  const { file } = info;
  // Complete lines are parsed in place in each block; only a line cut by a block boundary is copied here.
  const carryBuffer = Buffer.allocUnsafe(MAX_LINE_BYTES + 1);
  let carry = 0;
  let first = start === 0;
  let bytesReported = 0;
  const tooLong = () =>
    new InputFileError(
      file,
      // Inside a later byte range the global line number is unknown here: name the byte offset instead.
      `${start === 0 ? `line ${parser.line + 1}` : `a line after byte ${start}`} is longer than ${MAX_LINE_BYTES} bytes: not a UserBehavior CSV`,
    );

  /** Parses the complete lines of block[0, length) (after the carried-over start of a line); keeps the rest. */
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
    if (lastNewline >= from) parser.parseLines(block, from, lastNewline + 1);
    carry = length - lastNewline - 1;
    if (carry > MAX_LINE_BYTES) throw tooLong();
    block.copy(carryBuffer, 0, lastNewline + 1, length);
  };

  if (info.compression === 'none') {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(file, 'r');
    } catch (error) {
      throw new InputFileError(file, describeFsError(error));
    }
    // Double buffering: the next block is read while the current one is parsed.
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
        consume(block, bytesRead);
        bytesReported = position - start;
        onBytes?.(bytesReported);
        yield;
      }
    } finally {
      // A read may still be in flight (error, or the consumer stopped early): settle it before closing.
      await pending.catch(() => undefined);
      await handle.close();
    }
  } else {
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
        consume(piece, piece.length);
        bytesReported = input.bytesRead;
        onBytes?.(bytesReported);
        yield;
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
  if (carry > 0) {
    parser.parseLastLine(carryBuffer, 0, carry);
    onBytes?.(bytesReported); // once more, so the last report counts a final line without newline
  }
  parser.finish();
}

/**
 * Writes every rejected line to a file as `line<TAB>reason<TAB>text` (text = the raw line bytes without
 * terminator), after a header line `line\treason\ttext`. Buffered (1 MiB) into a unique temporary file beside
 * the target ({@link AtomicFile}); {@link RejectsWriter.close} renames it into place, {@link RejectsWriter.discard}
 * drops it, so the target is never a half file and never an input (device + inode check against `inputs`).
 * Complexity O(bytes written).
 *
 * @example
 * const writer = new RejectsWriter('rejects.tsv');
 * writer.write(7, 'blank', Buffer.from(''), 0, 0);
 * writer.close(); // rejects.tsv => "line\treason\ttext\n7\tblank\t\n"
 */
export class RejectsWriter {
  private readonly file: AtomicFile;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private lineOffset: number;
  readonly path: string;

  /** @throws {DataError} when `path` is one of `inputs`; {@link InputFileError} when it cannot be created. */
  constructor(
    path: string,
    {
      header = true,
      lineOffset = 0,
      inputs = [],
    }: { header?: boolean; lineOffset?: number; inputs?: readonly string[] } = {},
  ) {
    this.path = path;
    this.lineOffset = lineOffset;
    try {
      this.file = new AtomicFile(path, { inputs, option: 'rejectsPath' });
    } catch (error) {
      if (error instanceof InputFileError)
        throw new InputFileError(path, `cannot write rejects file (${(error as Error).message})`);
      throw error;
    }
    if (header) this.push(Buffer.from('line\treason\ttext\n'));
  }

  private push(bytes: Buffer): void {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    this.file.write(Buffer.concat(this.pending, this.pendingBytes));
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** A {@link RejectLineCallback} writing to this file. */
  readonly write: RejectLineCallback = (line, reason, buf, start, end) => {
    this.push(Buffer.from(`${line + this.lineOffset}\t${reason}\t`));
    this.push(Buffer.from(buf.subarray(start, end)));
    this.push(Buffer.from('\n'));
  };

  /** Appends another rejects file written without header, shifting its line numbers by `lineOffset`. */
  appendShifted(partPath: string, lineOffset: number): void {
    const data = fs.readFileSync(partPath);
    let pos = 0;
    while (pos < data.length) {
      let newline = data.indexOf(10, pos);
      if (newline < 0) newline = data.length;
      const tab = data.indexOf(9, pos);
      const local = Number(data.toString('latin1', pos, tab));
      this.push(Buffer.from(String(local + lineOffset)));
      this.push(Buffer.from(data.subarray(tab, newline + 1)));
      pos = newline + 1;
    }
  }

  /** Writes what is buffered and renames the complete file onto its path. */
  close(): void {
    try {
      this.flush();
    } catch (error) {
      this.file.abort();
      throw error;
    }
    this.file.commit();
  }

  /** Drops the temporary file (the run failed): the path keeps its previous content. */
  discard(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.file.abort();
  }
}

/** Options of {@link readBehaviorChunks}. */
export interface ReadBehaviorChunksOptions extends BehaviorWindowOptions {
  /** Rows per chunk (the last chunk may be shorter). Default 65,536. */
  chunkRows?: number;
  /** `'auto'` (default) skips a first line that looks like a header; `true` always skips it; `false` never. */
  header?: HeaderMode;
  /** Keep at most this many reject samples. Default 20. */
  maxRejectSamples?: number;
  /** Write every rejected line to this file (`line<TAB>reason<TAB>text`). Default: none. */
  rejectsPath?: string;
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
  const {
    chunkRows = 65536,
    header = 'auto',
    maxRejectSamples = 20,
    rejectsPath,
    onProgress,
    start = 0,
    end,
    blockBytes = BLOCK_BYTES,
  } = options;
  check(Number.isInteger(chunkRows) && chunkRows >= 1, 'chunkRows', chunkRows);
  check(Number.isInteger(maxRejectSamples) && maxRejectSamples >= 0, 'maxRejectSamples', maxRejectSamples);
  check(header === 'auto' || typeof header === 'boolean', 'header', header);
  if (rejectsPath !== undefined) assertOutputNotInput(rejectsPath, [path], 'rejectsPath');
  check(Number.isInteger(start) && start >= 0, 'start', start);
  check(end === undefined || (Number.isInteger(end) && end >= start), 'end', end);
  check(Number.isInteger(blockBytes) && blockBytes >= 1, 'blockBytes', blockBytes);
  const window = resolveBehaviorWindow(options);
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
