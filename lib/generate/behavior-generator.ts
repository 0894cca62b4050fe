/**
 * Synthetic Taobao UserBehavior logs (`user_id,item_id,category_id,behavior_type,timestamp`, no header),
 * seeded and byte-for-byte deterministic, produced as a stream of Buffers so any row count fits in bounded
 * memory. The shape follows the real 100M-row log: heavy-tailed users and categories, items nested in
 * categories, an evening peak and night trough at UTC+8, a weekend (Dec 2-3) uplift, the real behaviour mix,
 * about 68% of users buying, ~0.055% of rows outside the window, users grouped in string order of their id
 * and each user's rows in time order.
 */
import { check } from '../errors';
import { Xoshiro128 } from './xoshiro';

// Math members as module constants: jest's vm context makes every global lookup in a hot loop slow.
const { ceil, exp, floor, log, max, min, pow, round, sqrt } = Math;

/** Options of {@link behaviorChunks} and `generateBehavior`. */
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

/**
 * Version of the generator's model. Bumped whenever the same options start producing different bytes
 * (caches such as the benchmark's `.bench/` files include it in their names).
 */
export const BEHAVIOR_GENERATOR_VERSION = 4;

/** First second of 2017-11-25 00:00 at UTC+8. */
export const BEHAVIOR_WINDOW_START = 1511539200;
/** First second after 2017-12-03 24:00 at UTC+8. */
export const BEHAVIOR_WINDOW_END = 1512316800;

/**
 * The calibrated model: every vector below was tuned (scripts/calibration/tune-behavior.ts) so that 1M generated
 * rows reproduce the real full log's published aggregates (data/taobao-full-aggregates: daily page views, UV and
 * buyers per day, behaviour counts and users per behaviour) within 2 % after scaling, and the original report's
 * hourly figures (traffic peak 21:00, conversion peak 10:00 above 22 %: data/reports/claims.json, report section
 * 3.5). `test/generate/behavior-calibration.test.ts` checks the result.
 */
export interface BehaviorGeneratorModel {
  /** Probability that a user is active on each window day (before light users lose days to their few rows). */
  dayActive: readonly number[];
  /** Relative weight of a window day for a user's sessions beyond one per active day (page views per day). */
  extraDay: readonly number[];
  /** Relative events per hour of day at UTC+8 (traffic curve). */
  hourTraffic: readonly number[];
  /** Relative buy propensity per window day (buyers per day). */
  buyDay: readonly number[];
  /** Relative buy propensity per hour of day (conversion curve: the report's 10:00 peak). */
  buyHour: readonly number[];
  /** Probability that a buyer / a non-buyer can add to cart and can favourite (users per behaviour). */
  cartBuyer: number;
  cartNonBuyer: number;
  favBuyer: number;
  favNonBuyer: number;
  /** Factor on the fav probability of users who cannot cart (spreads interest over more users: the union). */
  favNoCartBoost: number;
  /** Probability that the row after a buy in the same session is a buy too (baskets: buy days per buyer). */
  basket: number;
}

/** The model used by {@link behaviorChunks} (see {@link BehaviorGeneratorModel}). */
export const BEHAVIOR_GENERATOR_MODEL: Readonly<BehaviorGeneratorModel> = Object.freeze({
  dayActive: [0.7196, 0.7263, 0.722, 0.7223, 0.7291, 0.7434, 0.7525, 0.9881, 0.9847],
  extraDay: [1.0903, 1.0641, 0.9976, 0.9663, 0.9991, 1.0008, 1.0284, 0.9208, 0.9018],
  hourTraffic: [
    3.5, 1.9, 1.1, 0.8, 0.65, 0.7, 1.2, 2.1, 3.0, 3.8, 4.4, 4.5, 4.6, 4.7, 4.6, 4.7, 4.7, 4.6, 4.8, 5.8, 6.9,
    7.5, 6.9, 5.4,
  ],
  buyDay: [1.1241, 1.0399, 1.3575, 1.2351, 1.2792, 1.2404, 1.0347, 0.9274, 0.8522],
  // A morning bump (peak 10:00, the report's conversion peak) and an evening dip around 21:00.
  buyHour: [
    0.9026, 0.9594, 0.9868, 0.9967, 1.0002, 1.01, 1.0743, 1.3519, 2.0689, 3.0819, 3.6, 3.0819, 2.0689, 1.3518,
    1.0736, 1.0067, 0.9877, 0.9594, 0.9026, 0.818, 0.7353, 0.7, 0.7353, 0.818,
  ],
  cartBuyer: 0.8199,
  cartNonBuyer: 0.5949,
  favBuyer: 0.3621,
  favNonBuyer: 0.3621,
  favNoCartBoost: 1.3399,
  basket: 0.21,
});
/** Rows per day of the real log (2017-11-25..12-03, UTC+8): the daily weights of a user's only-active-day fallback. */
const DAY_WEIGHTS = [10420015, 10664602, 10101147, 9878190, 10284073, 10447740, 10859436, 13777869, 13662159];
/** Real mix: pv 89.581%, cart 5.522%, fav 2.884%, buy 2.013%. */
const BUY_SHARE = 0.02013;
const CART_SHARE = 0.05522;
const FAV_SHARE = 0.02884;
const ID_SPACE = 5163070;
const USER_SPACE_FACTOR = 1.031; // real user ids reach ~1.018M for ~988k users

function cumulative(weights: number[]): Float64Array {
  const cdf = new Float64Array(weights.length);
  let total = 0;
  for (const w of weights) total += w;
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += (weights[i] as number) / total;
    cdf[i] = acc;
  }
  cdf[weights.length - 1] = 1;
  return cdf;
}

function cumulativeToShares(cdf: Float64Array): Float64Array {
  const shares = new Float64Array(cdf.length);
  for (let i = 0; i < cdf.length; i++) shares[i] = (cdf[i] as number) - (i > 0 ? (cdf[i - 1] as number) : 0);
  return shares;
}

function pick(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (u < (cdf[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function cube(x: number): number {
  return x * x * x;
}

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

function primeAtLeast(n: number): number {
  let p = max(2, ceil(n));
  while (!isPrime(p)) p++;
  return p;
}

/** Visits 1..max in lexicographic (string) order, like the real file's user grouping (1, 10, 100, ..., 2, 20 ...). */
function* lexicographic(max: number): Generator<number> {
  let current = 1;
  for (let i = 0; i < max; i++) {
    yield current;
    if (current * 10 <= max) current *= 10;
    else {
      if (current >= max) current = floor(current / 10);
      current += 1;
      while (current % 10 === 0) current = floor(current / 10);
    }
  }
}

const BEHAVIOR_BYTES = [Buffer.from('pv'), Buffer.from('fav'), Buffer.from('cart'), Buffer.from('buy')];

/** Writes a non-negative integer below 2^31 as ASCII digits at `pos`; returns the position after it. */
function writeUint(buf: Buffer, pos: number, value: number): number {
  let digits = 1;
  for (let p = 10; value >= p && digits < 10; p *= 10) digits++;
  let end = pos + digits;
  let v = value | 0;
  while (end > pos) {
    const q = (v / 10) | 0;
    buf[--end] = 48 + v - q * 10;
    v = q;
  }
  return pos + digits;
}

function resolveOptions(
  options: BehaviorGeneratorOptions,
): Required<Omit<BehaviorGeneratorOptions, 'onProgress'>> {
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
  check(outOfWindowRate >= 0 && outOfWindowRate <= 1, 'outOfWindowRate', outOfWindowRate, 'in [0, 1]');
  check(buyerShare >= 0 && buyerShare <= 1, 'buyerShare', buyerShare, 'in [0, 1]');
  check(dirtyRate >= 0 && dirtyRate < 1, 'dirtyRate', dirtyRate, 'in [0, 1)');
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
  stats: BehaviorGeneratorStats = {
    rows: 0,
    outOfWindowRows: 0,
    dirtyLines: 0,
    headerLines: 0,
    users: 0,
    bytes: 0,
  },
  model: Readonly<BehaviorGeneratorModel> = BEHAVIOR_GENERATOR_MODEL,
): Generator<Buffer> {
  const opts = resolveOptions(options);
  const { rows, users, categories, items, outOfWindowRate, buyerShare, dirtyRate, chunkBytes } = opts;
  const onProgress = options.onProgress;
  const rng = new Xoshiro128(opts.seed);
  const eol = Buffer.from(opts.lineEnding);
  const crlf = opts.lineEnding === '\r\n';

  // --- users: activity weights, exact row counts, buyer flags -------------------------------------------
  const userRows = new Uint32Array(users);
  const buyerFlag = new Uint8Array(users);
  if (users > 0) {
    const weights = new Float64Array(users);
    let total = 0;
    for (let u = 0; u < users; u++) {
      const w = exp(1.1 * rng.normal());
      weights[u] = w;
      total += w;
    }
    const extra = rows - users;
    let acc = 0;
    let given = 0;
    for (let u = 0; u < users; u++) {
      acc += weights[u] as number;
      const target = u === users - 1 ? extra : min(extra, round((extra * acc) / total));
      userRows[u] = 1 + target - given;
      given = target;
    }
  }
  let buyerRows = 0;
  let buyerUsers = 0;
  for (let u = 0; u < users; u++) {
    if (rng.uniform() < buyerShare) {
      buyerFlag[u] = 1; // bit 1: buyer; bit 2 (below): can fav/cart
      buyerUsers++;
      buyerRows += userRows[u] as number;
    }
  }
  // Buy propensity per (day, hour): the model's day and hour factors, normalised to a mean of 1 over rows.
  const dayShares = cumulativeToShares(cumulative(DAY_WEIGHTS));
  const hourShares = cumulativeToShares(cumulative([...model.hourTraffic]));
  const buyFactor = new Float64Array(9 * 24);
  {
    let mean = 0;
    for (let d = 0; d < 9; d++)
      for (let h = 0; h < 24; h++) {
        const f = (model.buyDay[d] ?? 1) * (model.buyHour[h] ?? 1);
        buyFactor[d * 24 + h] = f;
        mean += f * (dayShares[d] as number) * (hourShares[h] as number);
      }
    for (let i = 0; i < buyFactor.length; i++) buyFactor[i] = (buyFactor[i] as number) / mean;
  }
  // Buyers' non-forced rows buy with this base probability (times the factor) so that buys ~ BUY_SHARE of rows.
  // A buy starts a basket: the next row of the session is a buy with probability `basket`, so a trigger
  // yields about 1 / (1 - basket) buys.
  const buyProbability =
    buyerRows > buyerUsers
      ? min(0.5, max(0, ((BUY_SHARE * rows - buyerUsers) / (buyerRows - buyerUsers)) * (1 - model.basket)))
      : 0;
  // Interest (cart, fav) is concentrated on some users: a buyer can cart with probability cartBuyer, a non-buyer
  // with cartNonBuyer, likewise for fav (bits 2 and 4); their rows carry all cart / fav events.
  let cartRows = 0;
  let favRows = 0;
  let cartUsers = 0;
  let favUsers = 0;
  for (let u = 0; u < users; u++) {
    const isBuyer = buyerFlag[u] === 1;
    const n = userRows[u] as number;
    const free = isBuyer ? n - 1 - buyProbability * (n - 1) : n;
    if (rng.uniform() < (isBuyer ? model.cartBuyer : model.cartNonBuyer)) {
      buyerFlag[u] = (buyerFlag[u] as number) | 2;
      cartRows += free;
      cartUsers++;
    }
    const canCart = ((buyerFlag[u] as number) & 2) === 2;
    if (
      rng.uniform() <
      (isBuyer ? model.favBuyer : model.favNonBuyer) * (canCart ? 1 : model.favNoCartBoost)
    ) {
      buyerFlag[u] = (buyerFlag[u] as number) | 4;
      favRows += free;
      favUsers++;
    }
  }
  const cartProbability =
    cartRows > cartUsers ? min(0.6, max(0, (CART_SHARE * rows - cartUsers) / (cartRows - cartUsers))) : 0;
  const favProbability =
    favRows > favUsers ? min(0.3, max(0, (FAV_SHARE * rows - favUsers) / (favRows - favUsers))) : 0;
  const extraDay = [...model.extraDay];

  // --- categories (Zipf) and their nested items -----------------------------------------------------------
  const catWeights: number[] = [];
  for (let k = 0; k < categories; k++) catWeights.push(1 / pow(k + 1, 1.15));
  const catCdf = cumulative(catWeights);
  const itemStart = new Float64Array(categories + 1);
  {
    let total = 0;
    for (const w of catWeights) total += pow(w, 0.7);
    const extra = items - categories;
    let acc = 0;
    let given = 0;
    for (let k = 0; k < categories; k++) {
      acc += pow(catWeights[k] as number, 0.7);
      const target = k === categories - 1 ? extra : min(extra, round((extra * acc) / total));
      itemStart[k + 1] = (itemStart[k] as number) + 1 + target - given;
      given = target;
    }
  }
  const space = max(ID_SPACE, ceil(items * 1.25));
  const prime = primeAtLeast(space);
  const itemMul = 1 + (rng.nextUint32() % (prime - 1));
  const itemAdd = rng.nextUint32() % prime;
  const catMul = 1 + (rng.nextUint32() % (prime - 1));
  const catAdd = rng.nextUint32() % prime;
  const categoryId = new Float64Array(categories);
  for (let k = 0; k < categories; k++) categoryId[k] = ((k * catMul + catAdd) % prime) + 1;
  const dayCdf = cumulative(DAY_WEIGHTS);
  const hourCdf = cumulative([...model.hourTraffic]);

  // --- output buffer ---------------------------------------------------------------------------------------
  const slack = 1 << 16; // room for one user's out-of-window rows and dirty lines past chunkBytes
  let buf = Buffer.allocUnsafe(chunkBytes + slack);
  let pos = 0;
  const flush = (): Buffer => {
    const out = buf.subarray(0, pos);
    stats.bytes += pos;
    buf = Buffer.allocUnsafe(chunkBytes + slack);
    pos = 0;
    return out;
  };
  const writeRow = (user: number, item: number, cat: number, behavior: number, ts: number): void => {
    pos = writeUint(buf, pos, user);
    buf[pos++] = 44;
    pos = writeUint(buf, pos, item);
    buf[pos++] = 44;
    pos = writeUint(buf, pos, cat);
    buf[pos++] = 44;
    const b = BEHAVIOR_BYTES[behavior] as Buffer;
    for (let j = 0; j < b.length; j++) buf[pos++] = b[j] as number;
    buf[pos++] = 44;
    pos = writeUint(buf, pos, ts);
    if (crlf) buf[pos++] = 13;
    buf[pos++] = 10;
  };
  const dirtyTexts = (user: number, ts: number): string => {
    const kind = rng.nextUint32() % 8;
    switch (kind) {
      case 0:
        return '';
      case 1:
        return `${user},1,2,pv`;
      case 2:
        return `${user},1,2,pv,${ts},9`;
      case 3:
        return `u${user},1,2,pv,${ts}`;
      case 4:
        return `${user},1,2,pv,${ts}.5`;
      case 5:
        return `${user},,2,cart,${ts}`;
      case 6:
        return `${user},1,2,click,${ts}`;
      default:
        return `${user},1,2,collect,${ts}`;
    }
  };
  const maybeDirty = (user: number, ts: number): void => {
    if (dirtyRate > 0 && rng.uniform() < dirtyRate) {
      pos += buf.write(dirtyTexts(user, ts), pos, 'latin1');
      pos += eol.copy(buf, pos);
      stats.dirtyLines++;
    }
  };

  if (opts.header) {
    pos += buf.write('user_id,item_id,category_id,behavior_type,timestamp', pos, 'latin1');
    pos += eol.copy(buf, pos);
    stats.headerLines = 1;
  }

  // --- rows, user by user --------------------------------------------------------------------------------
  const idMax = max(users, floor(users * USER_SPACE_FACTOR));
  let remainingIds = idMax;
  let remainingUsers = users;
  let userIndex = 0;
  let sessionStarts = new Float64Array(64);
  const activeDays = new Int32Array(9);
  const activeCdf = new Float64Array(9);
  const outBefore: number[] = [];
  const outAfter: number[] = [];
  const dayLength = 86400;

  const emitOutside = (uid: number, ts: number): void => {
    const k = pick(catCdf, rng.uniform());
    const n = (itemStart[k + 1] as number) - (itemStart[k] as number);
    const item = (itemStart[k] as number) + floor(n * cube(rng.uniform()));
    const r = rng.uniform();
    const behavior = r < 0.9 ? 0 : r < 0.95 ? 2 : r < 0.98 ? 1 : 3;
    maybeDirty(uid, ts);
    writeRow(uid, ((item * itemMul + itemAdd) % prime) + 1, categoryId[k] as number, behavior, ts);
    stats.rows++;
    stats.outOfWindowRows++;
  };

  for (const uid of lexicographic(idMax)) {
    if (remainingUsers === 0) break;
    // Selection sampling (Knuth's Algorithm S): exactly `users` ids, in visiting order.
    const take = rng.uniform() * remainingIds < remainingUsers;
    remainingIds--;
    if (!take) continue;
    remainingUsers--;
    const n = userRows[userIndex] as number;
    const isBuyer = ((buyerFlag[userIndex] as number) & 1) === 1;
    const canCart = ((buyerFlag[userIndex] as number) & 2) === 2;
    const canFav = ((buyerFlag[userIndex] as number) & 4) === 4;
    const pCart = canCart ? cartProbability : 0;
    const pFav = canFav ? favProbability : 0;
    userIndex++;
    stats.users++;

    // Out-of-window rows for this user.
    outBefore.length = 0;
    outAfter.length = 0;
    let nOut = 0;
    if (outOfWindowRate > 0) {
      for (let i = 0; i < n; i++) if (rng.uniform() < outOfWindowRate) nOut++;
      for (let i = 0; i < nOut; i++) {
        const r = rng.uniform();
        if (r < 0.8) outBefore.push(BEHAVIOR_WINDOW_START - 1 - floor(cube(rng.uniform()) * 2 * dayLength));
        else if (r < 0.82) outAfter.push(BEHAVIOR_WINDOW_END + floor(cube(rng.uniform()) * 3 * dayLength));
        else {
          const t = floor(rng.uniform() * 2147483647);
          if (t < BEHAVIOR_WINDOW_START) outBefore.push(t);
          else if (t >= BEHAVIOR_WINDOW_END) outAfter.push(t);
          else outBefore.push(BEHAVIOR_WINDOW_START - 1 - (t % dayLength));
        }
      }
      outBefore.sort((a, b) => a - b);
      outAfter.sort((a, b) => a - b);
    }
    const nIn = n - nOut;
    const forced = isBuyer && nIn > 0 ? floor(rng.uniform() * nIn) : -1;
    const pBuy = isBuyer ? buyProbability : 0;
    // Every user who can cart (fav) carts (favs) at least once, on a row other than the forced buy.
    const distinctRow = (taken: number[]): number => {
      if (nIn <= taken.filter((t) => t >= 0).length) return -1;
      let row = floor(rng.uniform() * nIn);
      while (taken.includes(row)) row = (row + 1) % nIn;
      return row;
    };
    const forcedCart = canCart ? distinctRow([forced]) : -1;
    const forcedFav = canFav ? distinctRow([forced, forcedCart]) : -1;

    for (const ts of outBefore) {
      emitOutside(uid, ts);
      if (pos >= chunkBytes) yield flush();
    }

    if (nIn > 0) {
      // Active days: each day with the model's probability; at least one (by the daily volumes). Every active
      // day gets a session (of a single row if the user has few rows); a user with fewer rows than active days
      // keeps a random subset of them. Sessions beyond one per active day (about 4 rows each) go to the
      // active days in proportion to the model's extraDay weights.
      let nActive = 0;
      for (let d = 0; d < 9; d++)
        if (rng.uniform() < (model.dayActive[d] as number)) activeDays[nActive++] = d;
      if (nActive === 0) activeDays[nActive++] = pick(dayCdf, rng.uniform());
      const sessions = max(1 + floor((nIn - 1) / 4), min(nIn, nActive));
      if (sessionStarts.length < sessions) sessionStarts = new Float64Array(sessions * 2);
      if (sessions < nActive) {
        for (let i = 0; i < sessions; i++) {
          const j = i + floor(rng.uniform() * (nActive - i));
          const swap = activeDays[i] as number;
          activeDays[i] = activeDays[j] as number;
          activeDays[j] = swap;
        }
        nActive = sessions;
      }
      let weightSum = 0;
      for (let i = 0; i < nActive; i++) {
        weightSum += extraDay[activeDays[i] as number] as number;
        activeCdf[i] = weightSum;
      }
      for (let s = 0; s < sessions; s++) {
        let day: number;
        if (s < nActive) day = activeDays[s] as number;
        else {
          const u = rng.uniform() * weightSum;
          let i = 0;
          while (i < nActive - 1 && u >= (activeCdf[i] as number)) i++;
          day = activeDays[i] as number;
        }
        const hour = pick(hourCdf, rng.uniform());
        sessionStarts[s] =
          BEHAVIOR_WINDOW_START + day * dayLength + hour * 3600 + floor(rng.uniform() * 3600);
      }
      const starts = sessionStarts.subarray(0, sessions).sort();
      let prev = -1;
      let rowInWindow = 0;
      let lastWasBuy = false;
      for (let s = 0; s < sessions; s++) {
        const sessionRows = floor(((s + 1) * nIn) / sessions) - floor((s * nIn) / sessions);
        let ts = max(starts[s] as number, prev + 1);
        lastWasBuy = false;
        let k = pick(catCdf, rng.uniform());
        let itemsInCat = (itemStart[k + 1] as number) - (itemStart[k] as number);
        let item = (itemStart[k] as number) + floor(itemsInCat * cube(rng.uniform()));
        for (let i = 0; i < sessionRows; i++) {
          if (i > 0) {
            ts += 1 + floor(-log(rng.uniformPositive()) * 40);
            const r = rng.uniform();
            if (r < 0.12) {
              k = pick(catCdf, rng.uniform());
              itemsInCat = (itemStart[k + 1] as number) - (itemStart[k] as number);
              item = (itemStart[k] as number) + floor(itemsInCat * cube(rng.uniform()));
            } else if (r >= 0.4) {
              item = (itemStart[k] as number) + floor(itemsInCat * cube(rng.uniform()));
            }
          }
          if (ts >= BEHAVIOR_WINDOW_END) ts = BEHAVIOR_WINDOW_END - 1;
          let behavior: number;
          if (rowInWindow === forced) behavior = 3;
          else if (rowInWindow === forcedCart) behavior = 2;
          else if (rowInWindow === forcedFav) behavior = 1;
          else if (lastWasBuy && rng.uniform() < model.basket) behavior = 3;
          else if (
            pBuy > 0 &&
            rng.uniform() <
              pBuy *
                (buyFactor[
                  floor((ts - BEHAVIOR_WINDOW_START) / dayLength) * 24 +
                    floor(((ts - BEHAVIOR_WINDOW_START) % dayLength) / 3600)
                ] as number)
          )
            behavior = 3;
          else if (pCart > 0 || pFav > 0) {
            const r = rng.uniform();
            behavior = r < pCart ? 2 : r < pCart + pFav ? 1 : 0;
          } else behavior = 0;
          lastWasBuy = behavior === 3;
          maybeDirty(uid, ts);
          writeRow(uid, ((item * itemMul + itemAdd) % prime) + 1, categoryId[k] as number, behavior, ts);
          stats.rows++;
          rowInWindow++;
          if (pos >= chunkBytes) {
            yield flush();
            onProgress?.({ rows: stats.rows, rowsTotal: rows });
          }
        }
        prev = ts;
      }
    }
    for (const ts of outAfter) {
      emitOutside(uid, ts);
      if (pos >= chunkBytes) yield flush();
    }
    if (pos >= chunkBytes) {
      yield flush();
      onProgress?.({ rows: stats.rows, rowsTotal: rows });
    }
  }
  if (pos > 0) yield flush();
  onProgress?.({ rows: stats.rows, rowsTotal: rows });
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
