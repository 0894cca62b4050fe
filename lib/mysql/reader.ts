/**
 * Adapter from the shared chunked reader (`readBehaviorChunks` in lib/io) to what the loader needs:
 * each chunk together with the progress after it, and the final line accounting with the bytes read.
 * The reject rules, line counting, header/BOM/gzip handling are the reader's, so a load rejects exactly
 * the lines the streaming engine rejects.
 * @internal
 */
import type { BehaviorWindow } from '../behavior/types';
import type { BehaviorChunk, BehaviorReadStats, HeaderMode } from '../io/behavior-parser';
import { readBehaviorChunks } from '../io/load-behavior';

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

/** Rows per chunk handed to the loader (about 0.5 MiB of TSV). */
const CHUNK_ROWS = 16384;

/**
 * Reads `path` with the shared reader over `window` (`header` as the reader's: `'auto'` by default). `chunks` yields kept rows in file order (pulled, so
 * the server's back-pressure reaches the file reads); `stats()` is final once the iteration ended.
 *
 * @throws {InputFileError} during iteration, as the shared reader does
 * @internal
 */
export function readForLoad(
  path: string,
  window: BehaviorWindow,
  { maxRejectSamples = 20, header = 'auto' }: { maxRejectSamples?: number; header?: HeaderMode } = {},
): { chunks: AsyncIterable<ChunkStep>; stats: () => LoaderReadStats } {
  const progress = { bytesDone: 0, bytesTotal: NaN, rows: 0 };
  const reader = readBehaviorChunks(path, {
    from: window.from,
    to: window.to,
    utcOffset: window.utcOffset,
    chunkRows: CHUNK_ROWS,
    maxRejectSamples,
    header,
    onProgress: (p) => Object.assign(progress, p),
  });
  async function* chunks(): AsyncGenerator<ChunkStep> {
    let rows = 0;
    for await (const chunk of reader) {
      rows += chunk.length;
      yield { chunk, progress: { bytesDone: progress.bytesDone, bytesTotal: progress.bytesTotal, rows } };
    }
  }
  return {
    chunks: chunks(),
    stats: () => ({ ...reader.stats(), bytesDone: progress.bytesDone, bytesTotal: progress.bytesTotal }),
  };
}
