/**
 * Synthetic Taobao UserBehavior logs (`user_id,item_id,category_id,behavior_type,timestamp`, no header),
 * seeded and byte-for-byte deterministic, produced as a stream of Buffers so any row count fits in bounded
 * memory. The shape follows the real 100M-row log: heavy-tailed users and categories, items nested in
 * categories, an evening peak and night trough at UTC+8, a weekend (Dec 2-3) uplift, the real behaviour mix,
 * about 68% of users buying, ~0.055% of rows outside the window, users grouped in string order of their id
 * and each user's rows in time order.
 */
import { BEHAVIOR_GENERATOR_MODEL, USER_SPACE_FACTOR, type BehaviorGeneratorModel } from './behavior-model';
import {
  emptyGeneratorStats,
  resolveOptions,
  type BehaviorGeneratorOptions,
  type BehaviorGeneratorStats,
} from './behavior-options';
import { planCatalog, planUsers } from './population';
import { RowBuffer } from './row-buffer';
import { lexicographic } from './sampling';
import { UserRowWriter } from './user-rows';
import { Xoshiro128 } from './xoshiro';

export {
  BEHAVIOR_GENERATOR_MODEL,
  BEHAVIOR_WINDOW_END,
  BEHAVIOR_WINDOW_START,
  type BehaviorGeneratorModel,
} from './behavior-model';
export type { BehaviorGeneratorOptions, BehaviorGeneratorStats } from './behavior-options';

const { floor, max } = Math;

/**
 * Version of the generator's model. Bumped whenever the same options start producing different bytes
 * (caches such as the benchmark's `.bench/` files include it in their names).
 */
export const BEHAVIOR_GENERATOR_VERSION = 4;

/**
 * Generates a UserBehavior log as a sequence of Buffers (pure: no I/O; same options, same bytes).
 *
 * Method: users get lognormal activity weights (sigma 1.1) and exactly `rows` rows in total (one each plus a
 * weighted share of the rest); user ids are drawn from 1..1.031*users and visited in string order. Each user's
 * rows form sessions (about 4 rows each) on the user's active days (each day active with the real share of
 * active users, ~72% on weekdays, ~98% on Dec 2-3) at an hour drawn from the diurnal curve; sessions never overlap, so rows come out in time order. A session browses one category
 * (Zipf s = 1.15 over categories) and items of that category (power-law within it), with repeat views. A share
 * `buyerShare` of users buy (at least once); fav/cart come from 93% of buyers and 55% of non-buyers; the
 * overall behaviour mix is the real one. Out-of-window rows (mostly the
 * 2 days before the window, some after, a few anywhere in 1970..2037) sit at the start or end of their user.
 *
 * Complexity: O(rows) time; memory O(users + categories + chunkBytes), independent of rows.
 * @param options See {@link BehaviorGeneratorOptions}. `stats` is filled in as the generator runs.
 * @throws DataError `invalid rows: -1` and similar for out-of-range options.
 * @example
 * const text = Buffer.concat([...behaviorChunks({ rows: 3, seed: 7 })]).toString();
 * text.split('\n').length; // => 4 (three lines and the final newline)
 */
export function behaviorChunks(
  options: BehaviorGeneratorOptions,
  stats?: BehaviorGeneratorStats,
): Generator<Buffer> {
  return behaviorChunksWithModel(options, stats, BEHAVIOR_GENERATOR_MODEL);
}

/** User ids 1..users × 1.031 visited in string order, `users` of them kept by selection sampling (Knuth's Algorithm S). */
function* sampledUserIds(users: number, rng: Xoshiro128): Generator<number> {
  const idMax = max(users, floor(users * USER_SPACE_FACTOR));
  let remainingIds = idMax;
  let remainingUsers = users;
  for (const uid of lexicographic(idMax)) {
    if (remainingUsers === 0) break;
    const take = rng.uniform() * remainingIds < remainingUsers;
    remainingIds--;
    if (!take) continue;
    remainingUsers--;
    yield uid;
  }
}

/**
 * {@link behaviorChunks} with an explicit model (for the calibration script; everything else uses the default).
 *
 * Complexity: O(rows) time; memory O(users + categories + chunkBytes).
 * @param options See {@link BehaviorGeneratorOptions}.
 * @param stats Filled in as the generator runs.
 * @param model See {@link BehaviorGeneratorModel}.
 * @throws DataError for out-of-range options.
 * @example
 * [...behaviorChunksWithModel({ rows: 3 }, undefined, BEHAVIOR_GENERATOR_MODEL)].length; // => 1
 */
export function* behaviorChunksWithModel(
  options: BehaviorGeneratorOptions,
  stats: BehaviorGeneratorStats = emptyGeneratorStats(),
  model: Readonly<BehaviorGeneratorModel> = BEHAVIOR_GENERATOR_MODEL,
): Generator<Buffer> {
  const opts = resolveOptions(options);
  const rng = new Xoshiro128(opts.seed);
  // 1. users (row counts, buyers, interest), 2. the catalogue, 3. rows, user by user, in chunks.
  const plan = planUsers(opts, model, rng);
  const catalog = planCatalog(opts.categories, opts.items, rng);
  const out = new RowBuffer(opts, stats, rng);
  const progress = (): void => options.onProgress?.({ rows: stats.rows, rowsTotal: opts.rows });
  if (opts.header) out.writeHeader();
  const writer = new UserRowWriter(opts, model, plan, catalog, out, rng, stats, progress);
  let userIndex = 0;
  for (const uid of sampledUserIds(opts.users, rng)) yield* writer.user(uid, userIndex++);
  if (out.pos > 0) yield out.flush();
  progress();
}

/**
 * Generates a small UserBehavior log as one string (for tests and examples; use `generateBehavior` for files).
 *
 * Complexity: O(rows) time and memory.
 * @param options See {@link BehaviorGeneratorOptions}.
 * @throws DataError for out-of-range options.
 * @example
 * generateBehaviorText({ rows: 2, seed: 1 }).split('\n')[0].split(',').length; // => 5
 */
export function generateBehaviorText(options: BehaviorGeneratorOptions): string {
  return Buffer.concat([...behaviorChunks(options)]).toString('latin1');
}
