/** Options and statistics of the behaviour generator, and the one place its options are checked. */
import { check } from '../errors';
import { checkOptionsObject } from '../options';
import { ID_SPACE } from './behavior-model';

const { max, min, pow, round, sqrt } = Math;

/** Options of `behaviorChunks` and `generateBehavior`. */
export interface BehaviorGeneratorOptions {
  /** Data rows to write (in-window plus out-of-window rows; dirty lines come on top). Required, integer >= 0. */
  rows: number;
  /** Seed of the xoshiro128** stream. Default 1. Same options, same bytes. */
  seed?: number;
  /** Distinct users. Default `round(rows / 101.4)` (the real log's rows per user), at least 1, at most `rows`. */
  users?: number;
  /** Category pool size. Default `round(9439 * (rows / 1e8) ** 0.35)` clamped to 20..9439 (9,439 in the real log). */
  categories?: number;
  /** Item pool size (items are nested in categories). Default `round(4.16e6 * sqrt(rows / 1e8))`, at least `categories`. */
  items?: number;
  /** Share of rows given a timestamp outside 2017-11-25..12-03 (UTC+8). Default 0.000555 (55,576 / 100,150,807). */
  outOfWindowRate?: number;
  /** Share of users with at least one buy. Default 0.68 (672,404 / 987,994). */
  buyerShare?: number;
  /** Probability, before each data row, of inserting one malformed line (blank, wrong field count, bad integer, unknown behaviour). Default 0. */
  dirtyRate?: number;
  /** Write `user_id,item_id,category_id,behavior_type,timestamp` as a first line. Default false. */
  header?: boolean;
  /** Line terminator. Default `'\n'`. */
  lineEnding?: '\n' | '\r\n';
  /** Bytes per yielded Buffer (about). Default 1 MiB. */
  chunkBytes?: number;
  /** Called after every chunk with the data rows written so far. */
  onProgress?: (progress: { rows: number; rowsTotal: number }) => void;
}

/** Counts describing what a generator run wrote. */
export interface BehaviorGeneratorStats {
  /** Data rows written (valid format; in-window + out-of-window). */
  rows: number;
  /** Data rows with a timestamp outside the window. */
  outOfWindowRows: number;
  /** Malformed lines inserted (not counted in `rows`). */
  dirtyLines: number;
  /** Header lines written (0 or 1). */
  headerLines: number;
  /** Users with at least one row. */
  users: number;
  /** Bytes of uncompressed text. */
  bytes: number;
}

/** A stats record with every count at zero (what a run fills in). */
export function emptyGeneratorStats(): BehaviorGeneratorStats {
  return { rows: 0, outOfWindowRows: 0, dirtyLines: 0, headerLines: 0, users: 0, bytes: 0 };
}

/** The options with every default filled in, checked (throws DataError `invalid rows: -1` and similar). */
export type ResolvedGeneratorOptions = Required<Omit<BehaviorGeneratorOptions, 'onProgress'>>;

/** Fills in and checks the generator's options. */
export function resolveOptions(options: BehaviorGeneratorOptions): ResolvedGeneratorOptions {
  checkOptionsObject(options);
  // `null` is not "the default": it would slip through `??` and the comparisons below (null >= 0 is true).
  for (const key of [
    'users',
    'categories',
    'items',
    'outOfWindowRate',
    'buyerShare',
    'dirtyRate',
    'lineEnding',
  ] as const)
    check(options[key] !== null, key, null, 'a value, or undefined for the default');
  const { rows, seed = 1, outOfWindowRate = 0.000555, buyerShare = 0.68, dirtyRate = 0 } = options;
  check(Number.isSafeInteger(rows) && rows >= 0, 'rows', rows, 'a non-negative integer');
  check(Number.isSafeInteger(seed), 'seed', seed, 'an integer');
  const users = options.users ?? min(rows, max(1, round(rows / 101.4)));
  check(
    Number.isSafeInteger(users) && users >= 0 && users <= rows && (rows === 0 || users >= 1),
    'users',
    users,
    'an integer in 1..rows',
  );
  check(users <= 50_000_000, 'users', users, 'at most 50,000,000');
  const categories = options.categories ?? min(9439, max(20, round(9439 * pow(max(rows, 1) / 1e8, 0.35))));
  check(
    Number.isSafeInteger(categories) && categories >= 1 && categories <= 1_000_000,
    'categories',
    categories,
    'an integer in 1..1000000',
  );
  const items = options.items ?? max(categories, min(ID_SPACE, round(4.16e6 * sqrt(max(rows, 1) / 1e8))));
  check(
    Number.isSafeInteger(items) && items >= categories && items <= 100_000_000,
    'items',
    items,
    'an integer >= categories',
  );
  check(
    typeof outOfWindowRate === 'number' && outOfWindowRate >= 0 && outOfWindowRate <= 1,
    'outOfWindowRate',
    outOfWindowRate,
    'in [0, 1]',
  );
  check(
    typeof buyerShare === 'number' && buyerShare >= 0 && buyerShare <= 1,
    'buyerShare',
    buyerShare,
    'in [0, 1]',
  );
  check(
    typeof dirtyRate === 'number' && dirtyRate >= 0 && dirtyRate < 1,
    'dirtyRate',
    dirtyRate,
    'in [0, 1)',
  );
  const lineEnding = options.lineEnding ?? '\n';
  check(lineEnding === '\n' || lineEnding === '\r\n', 'lineEnding', lineEnding, "'\\n' or '\\r\\n'");
  const chunkBytes = options.chunkBytes ?? 1 << 20;
  check(
    Number.isSafeInteger(chunkBytes) && chunkBytes >= 4096,
    'chunkBytes',
    chunkBytes,
    'an integer >= 4096',
  );
  return {
    rows,
    seed,
    users,
    categories,
    items,
    outOfWindowRate,
    buyerShare,
    dirtyRate,
    header: options.header ?? false,
    lineEnding,
    chunkBytes,
  };
}
