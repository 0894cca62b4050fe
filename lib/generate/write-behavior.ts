/**
 * Writes a generated UserBehavior log to disk (plain, or gzip when the path ends in `.gz`), streaming the
 * Buffers of {@link behaviorChunks} with backpressure so memory stays bounded for any row count.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { InputFileError } from '../errors';
import { pipeToFileAtomic } from '../io/atomic-output';
import { behaviorChunks } from './behavior-generator';
import {
  emptyGeneratorStats,
  type BehaviorGeneratorOptions,
  type BehaviorGeneratorStats,
} from './behavior-options';

/** Options of {@link generateBehavior}: the generator's options plus where to write. */
export interface GenerateBehaviorOptions extends BehaviorGeneratorOptions {
  /** Output path. Ends in `.gz`: gzip-compressed (level `gzipLevel`). Required. */
  out: string;
  /** zlib level for `.gz` output, 1..9. Default 6. */
  gzipLevel?: number;
}

/** What {@link generateBehavior} wrote. */
export interface GenerateBehaviorResult extends BehaviorGeneratorStats {
  /** The output path. */
  out: string;
  /** sha256 (hex) of the uncompressed text: identical for `.csv` and `.csv.gz` of the same options. */
  sha256: string;
  /** Wall time in seconds. */
  seconds: number;
}

/**
 * Generates a seeded UserBehavior log and streams it to `out` (see {@link behaviorChunks} for the model).
 * Bytes are deterministic: same options, same file (gzip output: same zlib version and level, same bytes).
 *
 * Complexity: O(rows) time; memory bounded by users + a few MiB of buffers, independent of rows.
 * @param options `rows`, `out`, and optionally `seed`, `users`, ... (see {@link GenerateBehaviorOptions}).
 * @throws DataError for out-of-range options; InputFileError when `out` cannot be written.
 * @example
 * const result = await generateBehavior({ rows: 10_000, seed: 42, out: 'behavior.csv.gz' });
 * [result.rows, result.users]; // => [10000, 99]
 */
export async function generateBehavior(options: GenerateBehaviorOptions): Promise<GenerateBehaviorResult> {
  const { out, gzipLevel = 6, ...generatorOptions } = options;
  const started = process.hrtime.bigint();
  const stats = emptyGeneratorStats();
  const hash = createHash('sha256');
  const chunks = behaviorChunks(generatorOptions, stats); // validates options before any file is touched
  const first = chunks.next();
  function* all(): Generator<Buffer> {
    if (!first.done) {
      hash.update(first.value);
      yield first.value;
    }
    for (const chunk of chunks) {
      hash.update(chunk);
      yield chunk;
    }
  }
  const source = Readable.from(all(), { objectMode: false, highWaterMark: 4 });
  try {
    // Atomic: a unique temporary file beside `out`, renamed into place only when complete.
    await pipeToFileAtomic(source, out, out.endsWith('.gz') ? [createGzip({ level: gzipLevel })] : [], {
      option: 'out',
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new InputFileError(out, `cannot write (${code})`);
    throw error;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { ...stats, out, sha256: hash.digest('hex'), seconds };
}
