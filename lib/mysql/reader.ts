/**
 * Adapter from the shared UserBehavior reader to the pull-based iteration the loader needs (so that
 * LOAD DATA's network back-pressure reaches the file reads). The reject rules, line counting and
 * header detection are the shared `BehaviorLineParser`'s, so a load rejects exactly the lines the
 * streaming engine rejects.
 * @internal
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { InputFileError } from '../errors';
import type { BehaviorWindow } from '../behavior/types';
import { BehaviorLineParser, type BehaviorChunk, type BehaviorReadStats } from '../io/behavior-parser';

export type { BehaviorChunk, BehaviorReadStats };

/** Reader statistics plus the bytes read. @internal */
export interface LoaderReadStats extends BehaviorReadStats {
  bytesDone: number;
  bytesTotal: number;
}

/** One step of a read: a chunk of kept rows and the progress after it. @internal */
export interface ChunkStep {
  chunk: BehaviorChunk;
  progress: { bytesDone: number; bytesTotal: number; rows: number };
}

/** Rows per chunk handed to the loader. */
const CHUNK_ROWS = 16384;

/**
 * Reads `path` (plain or `.gz`) through the shared parser. `chunks` yields kept rows in file order;
 * `stats()` is final once the iteration ended.
 *
 * @throws {InputFileError} missing/unreadable file or not a UserBehavior file (raised during iteration)
 * @internal
 */
export function readBehaviorChunks(
  path: string,
  window: BehaviorWindow,
  { maxRejectSamples = 20 }: { maxRejectSamples?: number } = {},
): { chunks: AsyncIterable<ChunkStep>; stats: () => LoaderReadStats } {
  let bytesTotal = NaN;
  let bytesDone = 0;
  const pending: BehaviorChunk[] = [];
  const parser = new BehaviorLineParser({
    file: path,
    startSeconds: window.startSeconds,
    endSeconds: window.endSeconds,
    chunkRows: CHUNK_ROWS,
    header: 'auto',
    maxRejectSamples,
    checkFormat: true,
    onChunk: (chunk) => pending.push(chunk),
  });
  async function* chunks(): AsyncGenerator<ChunkStep> {
    let size: number;
    try {
      size = (await fs.promises.stat(path)).size;
    } catch (error) {
      throw new InputFileError(
        path,
        `cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
    const gzip = path.endsWith('.gz');
    bytesTotal = gzip ? NaN : size;
    const raw = fs.createReadStream(path, { highWaterMark: 1 << 20 });
    const source: AsyncIterable<Buffer> = gzip ? raw.pipe(zlib.createGunzip()) : raw;
    let carry: Buffer = Buffer.alloc(0);
    const drain = function* (): Generator<ChunkStep> {
      while (pending.length > 0) {
        const chunk = pending.shift()!;
        yield { chunk, progress: { bytesDone, bytesTotal, rows: parser.rows } };
      }
    };
    try {
      for await (const block of source) {
        bytesDone = gzip ? raw.bytesRead : bytesDone + block.length;
        const buf = carry.length > 0 ? Buffer.concat([carry, block]) : block;
        const lastNewline = buf.lastIndexOf(10);
        if (lastNewline < 0) {
          carry = buf;
          continue;
        }
        parser.parseLines(buf, 0, lastNewline + 1);
        carry = buf.subarray(lastNewline + 1);
        yield* drain();
      }
    } catch (error) {
      if (error instanceof Error && (error as NodeJS.ErrnoException).code !== undefined) {
        throw new InputFileError(
          path,
          `cannot read (${(error as NodeJS.ErrnoException).code}: ${error.message})`,
        );
      }
      throw error;
    }
    parser.parseLastLine(carry, 0, carry.length);
    parser.finish();
    yield* drain();
  }
  return {
    chunks: chunks(),
    stats: () => ({ ...parser.stats(), bytesDone, bytesTotal }),
  };
}
