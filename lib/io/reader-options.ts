/**
 * The options every UserBehavior reader shares (the chunked reader, the streaming analysis and the MySQL
 * loader), checked in one place with one wording.
 */
import { check, DataError } from '../errors';
import { checkOption } from '../options';
import { resolveBehaviorWindow, type BehaviorWindowOptions } from '../behavior/window';
import type { BehaviorWindow } from '../behavior/types';
import type { HeaderMode } from './behavior-parser';
import { assertOutputNotInput } from './atomic-output';

/** Reader options shared by `readBehaviorChunks`, `analyzeBehavior` and `loadBehaviorIntoMySQL`. */
export interface ReaderOptions extends BehaviorWindowOptions {
  /** Rows per chunk. Default 65,536. */
  chunkRows?: number;
  /** `'auto'` (default) skips a first line that looks like a header; `true` always skips it; `false` never. */
  header?: HeaderMode;
  /** Keep at most this many reject samples. Default 20. */
  maxRejectSamples?: number;
  /** Write every rejected line to this file (`line<TAB>reason<TAB>text`). Default: none. */
  rejectsPath?: string;
}

/** {@link ReaderOptions} with defaults applied and the window resolved. */
export interface ResolvedReaderOptions {
  window: BehaviorWindow;
  chunkRows: number;
  header: HeaderMode;
  maxRejectSamples: number;
  rejectsPath?: string;
}

/**
 * Applies the defaults and checks the shared reader options of reading `path`, before any I/O.
 * O(window days).
 *
 * @throws {DataError} `invalid chunkRows: 0`, `invalid maxRejectSamples: -1`, `invalid header: "yes"`,
 *   `invalid rejectsPath: "a.csv" is the input file "a.csv" (same path); ...` (also the same file by another path), or a bad window (`invalid from: ...`).
 * @example resolveReaderOptions('a.csv', { maxRejectSamples: 5 }).chunkRows // => 65536
 */
export function resolveReaderOptions(path: string, options: ReaderOptions = {}): ResolvedReaderOptions {
  if (typeof path !== 'string' || path === '')
    throw new DataError(`invalid file: ${JSON.stringify(path)} (expected a file path)`, { column: 'file' });
  const { chunkRows = 65536, header = 'auto', maxRejectSamples = 20, rejectsPath } = options;
  const window = resolveBehaviorWindow(options);
  checkOption('chunkRows', chunkRows);
  checkOption('maxRejectSamples', maxRejectSamples);
  check(header === 'auto' || typeof header === 'boolean', 'header', header);
  if (rejectsPath !== undefined) assertOutputNotInput(rejectsPath, [path], 'rejectsPath');
  return {
    window,
    chunkRows,
    header,
    maxRejectSamples,
    ...(rejectsPath !== undefined ? { rejectsPath } : {}),
  };
}
