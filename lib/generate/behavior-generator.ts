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
export const BEHAVIOR_GENERATOR_VERSION = 3;

/** First second of 2017-11-25 00:00 at UTC+8. */
export const BEHAVIOR_WINDOW_START = 1511539200;
/** First second after 2017-12-03 24:00 at UTC+8. */
export const BEHAVIOR_WINDOW_END = 1512316800;

/** Rows per day of the real log (2017-11-25..12-03, UTC+8): the daily weights. Dec 2-3 is the weekend uplift. */
const DAY_WEIGHTS = [10420015, 10664602, 10101147, 9878190, 10284073, 10447740, 10859436, 13777869, 13662159];
/**
 * Share of all users active on each window day in the real log (daily UV / 987,994 users: 706,641 ... 970,401,
 * 966,977): a user is active on day d with this probability, so Dec 2-3 carry the weekend uplift in both users
 * and rows.
 */
const DAY_ACTIVE = [0.7152, 0.7242, 0.7187, 0.7179, 0.7277, 0.7395, 0.7491, 0.9822, 0.9787];
/** Relative events per hour of day at UTC+8: trough 3-5h, evening peak 20-22h (shape of the public Taobao analyses). */
const HOUR_WEIGHTS = [
  3.5, 1.9, 1.1, 0.8, 0.65, 0.7, 1.2, 2.1, 3.0, 3.8, 4.4, 4.5, 4.6, 4.7, 4.6, 4.7, 4.7, 4.6, 4.8, 5.8, 6.9,
  7.5, 6.9, 5.4,
];
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
export function* behaviorChunks(
  options: BehaviorGeneratorOptions,
  stats: BehaviorGeneratorStats = {
    rows: 0,
    outOfWindowRows: 0,
    dirtyLines: 0,
    headerLines: 0,
    users: 0,
    bytes: 0,
  },
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
  // Buyers' non-forced rows buy with this probability so that buys ~ BUY_SHARE of all rows.
  const buyProbability =
    buyerRows > buyerUsers ? min(0.5, max(0, (BUY_SHARE * rows - buyerUsers) / (buyerRows - buyerUsers))) : 0;
  // Interest (fav/cart) is concentrated on some users, as in the real log where 21.8% of interest users never
  // buy: 93% of buyers and 55% of non-buyers can fav/cart; their rows carry all fav/cart events.
  let interestNonBuyRows = 0;
  for (let u = 0; u < users; u++) {
    const isBuyer = buyerFlag[u] === 1;
    if (rng.uniform() < (isBuyer ? 0.93 : 0.55)) {
      buyerFlag[u] = (buyerFlag[u] as number) | 2;
      const n = userRows[u] as number;
      interestNonBuyRows += isBuyer ? n - 1 - buyProbability * (n - 1) : n;
    }
  }
  const interestScale = interestNonBuyRows > 0 ? rows / interestNonBuyRows : 0;
  const cartProbability = min(0.6, CART_SHARE * interestScale);
  const favProbability = min(0.3, FAV_SHARE * interestScale);

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
  const hourCdf = cumulative(HOUR_WEIGHTS);

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
  const activeDays = new Int32Array(DAY_ACTIVE.length);
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
    const hasInterest = ((buyerFlag[userIndex] as number) & 2) === 2;
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

    for (const ts of outBefore) {
      emitOutside(uid, ts);
      if (pos >= chunkBytes) yield flush();
    }

    if (nIn > 0) {
      const sessions = 1 + floor((nIn - 1) / 4);
      if (sessionStarts.length < sessions) sessionStarts = new Float64Array(sessions * 2);
      // Active days: each day with the real share of active users; at least one (by the daily volumes); at
      // most one per session. Every active day gets a session, the rest go to random active days.
      let nActive = 0;
      for (let d = 0; d < DAY_ACTIVE.length; d++)
        if (rng.uniform() < (DAY_ACTIVE[d] as number)) activeDays[nActive++] = d;
      if (nActive === 0) activeDays[nActive++] = pick(dayCdf, rng.uniform());
      if (sessions < nActive) {
        for (let i = 0; i < sessions; i++) {
          const j = i + floor(rng.uniform() * (nActive - i));
          const swap = activeDays[i] as number;
          activeDays[i] = activeDays[j] as number;
          activeDays[j] = swap;
        }
        nActive = sessions;
      }
      for (let s = 0; s < sessions; s++) {
        const day =
          s < nActive ? (activeDays[s] as number) : (activeDays[floor(rng.uniform() * nActive)] as number);
        const hour = pick(hourCdf, rng.uniform());
        sessionStarts[s] =
          BEHAVIOR_WINDOW_START + day * dayLength + hour * 3600 + floor(rng.uniform() * 3600);
      }
      const starts = sessionStarts.subarray(0, sessions).sort();
      let prev = -1;
      let rowInWindow = 0;
      for (let s = 0; s < sessions; s++) {
        const sessionRows = floor(((s + 1) * nIn) / sessions) - floor((s * nIn) / sessions);
        let ts = max(starts[s] as number, prev + 1);
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
          else if (pBuy > 0 && rng.uniform() < pBuy) behavior = 3;
          else if (hasInterest) {
            const r = rng.uniform();
            behavior = r < cartProbability ? 2 : r < cartProbability + favProbability ? 1 : 0;
          } else behavior = 0;
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
